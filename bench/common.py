"""What every benchmark returns, and the statistics they share."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    """One row of bench/README.md."""

    name: str  # section: startup, memory, content, answers, room, hr
    label: str
    value: float | None  # None: not measured (see note)
    unit: str
    target: str  # e.g. "≤ 1.5 s" or "≤ 2.0× baseline"
    baseline: float | None = None
    baseline_label: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def not_measured(name: str, label: str, unit: str, target: str, why: str) -> Figure:
    return Figure(name, label, None, unit, target, note=f"not measured yet: {why}")


def machine_line() -> str:
    """CPU model, cores, RAM, OS, Python and Qt versions, for the README."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
                break
    except OSError:
        pass
    try:
        import sqlite3

        sqlite = f"SQLite {sqlite3.sqlite_version}"
    except ImportError:
        sqlite = ""
    qt = qt_version()
    parts = [
        cpu,
        f"{os.cpu_count()} cores",
        ram,
        f"{platform.system()} {platform.release()}",
        f"Python {sys.version.split()[0]}",
        qt,
        sqlite,
    ]
    return ", ".join(p for p in parts if p)


def qt_version() -> str:
    import subprocess

    code = "import PySide6, PySide6.QtCore as c; print(PySide6.__version__, c.qVersion())"
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return "Qt: not installed"
    return f"PySide6 {out[0]} (Qt {out[1]})" if len(out) == 2 else "Qt: not installed"


def load_line() -> str:
    """The load average when a section ends: the machine is shared, so the figures say so."""
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return ""
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) at the end of the section"
