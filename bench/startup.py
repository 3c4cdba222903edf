"""Startup (launch → main window painted) and idle memory, app against a bare PySide6 window.

Both run as whole processes under the same contract: the child prints
``ETHICS_TRAINER_PAINTED <time.monotonic()>`` after its first paint (the app, through
``bench/app_probe.py``: with the bundled library shown) and, after
``ETHICS_TRAINER_BENCH_IDLE_SECONDS``, ``ETHICS_TRAINER_RSS_KB``. The app also reports its
memory at the paint and the heavy packages imported before it: the regression guard (a figure
whose target is "none", not a timed test).
``time.monotonic`` is the system-wide CLOCK_MONOTONIC on Linux, so the child's stamp minus the
parent's stamp just before spawning is the wall time to the first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.app_probe import HEAVY, IDLE_HEAVY, LATE
from bench.common import ROOT, Figure, median, not_measured

APP = [sys.executable, str(Path(__file__).with_name("app_probe.py"))]
BARE = [sys.executable, str(Path(__file__).with_name("bare_qt.py"))]


def _env(data_dir: Path, idle: float) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(
        ETHICS_TRAINER_DATA_DIR=str(data_dir),
        ETHICS_TRAINER_BENCH_IDLE_SECONDS=str(idle),
    )
    env.pop("ETHICS_TRAINER_DATABASE_URL", None)
    env.pop("ETHICS_TRAINER_CONTENT", None)
    # A user's Python keeps compiled bytecode (the warm-up launch writes it); a development
    # shell that forbids it would time the compiler instead of the app.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass
class Launch:
    painted: float  # seconds from spawn to the first paint (the app: library page shown)
    cpu: float  # the child's CPU seconds (all threads) at that paint
    rss_paint: int | None  # kB at that paint (the app only; the bare window: None)
    rss_idle: int | None  # kB after idling (the app: its database opened meanwhile)
    heavy: str  # packages imported before the paint that should not be ("-": none)
    idle_heavy: str  # database packages loaded by the end of the idle time ("-": none)


def launch(cmd: list[str], data_dir: Path, idle: float = 0.0) -> Launch:
    """One launch to its first paint (and idle); raises RuntimeError."""
    start = time.monotonic()
    proc = subprocess.run(
        cmd, env=_env(data_dir, idle), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    found: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key.startswith("ETHICS_TRAINER_"):
            found[key] = value.strip()
    if "ETHICS_TRAINER_PAINTED" not in found:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"no ETHICS_TRAINER_PAINTED line (exit {proc.returncode}: {tail})")

    def kb(key: str) -> int | None:
        value = found.get(key, "")
        return int(value) if value.isdigit() else None

    return Launch(
        float(found["ETHICS_TRAINER_PAINTED"]) - start,
        float(found.get("ETHICS_TRAINER_CPU_PAINT", "nan")),
        kb("ETHICS_TRAINER_RSS_PAINT_KB"),
        kb("ETHICS_TRAINER_RSS_KB"),
        found.get("ETHICS_TRAINER_HEAVY", "-"),
        found.get("ETHICS_TRAINER_IDLE_HEAVY", "-"),
    )


LABELS = (
    ("startup", "Launch → main window painted (bundled library)", "s", "≤ 1.5× bare"),
    ("memory", "Resident memory when the library page is shown", "MB", "≤ 1.7× bare"),
    ("memory", "Resident memory after 3 s idle (profiles listed)", "MB", "≤ 1.7× bare"),
    ("startup", "Guard: heavy packages imported before the first paint", "", "none"),
    ("startup", "CPU time to the main window painted (all threads)", "s", "—"),
    ("memory", "Guard: database packages loaded after 3 s idle", "", "none"),
)


def run(quick: bool) -> list[Figure]:
    # 15 launches each: with 7, the ratio of medians moved by up to 0.1x between runs of one
    # tree minutes apart on a 2-core VM (bench/notes/31-startup.md, eighth round)
    rounds = 3 if quick else 15
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data = Path(tmp)
        try:
            launch(BARE, data / "bare")
            launch(APP, data / "app")  # first start: makes the database, caches; not counted
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            return [not_measured(n, lb, u, t, f"a launch failed ({exc})") for n, lb, u, t in LABELS]
        bare_t, app_t, bare_cpu, app_cpu, heavy = [], [], [], [], set()
        for _ in range(rounds):  # interleaved, so machine load hits both alike
            bare = launch(BARE, data / "bare")
            bare_t.append(bare.painted)
            bare_cpu.append(bare.cpu)
            app = launch(APP, data / "app")
            app_t.append(app.painted)
            app_cpu.append(app.cpu)
            heavy.update(app.heavy.split(","))
        bare_m, paint_m, idle_m, idle_heavy = [], [], [], set()
        for _ in range(3 if quick else 5):
            bare_m.append((launch(BARE, data / "bare", idle=3.0).rss_idle or 0) / 1024)
            app = launch(APP, data / "app", idle=3.0)
            paint_m.append((app.rss_paint or 0) / 1024)
            idle_m.append((app.rss_idle or 0) / 1024)
            heavy.update(app.heavy.split(","))
            idle_heavy.update(app.idle_heavy.split(","))
    base = "bare PySide6 QMainWindow"
    figures = [
        Figure(
            "startup",
            LABELS[0][1],
            median(app_t),
            "s",
            LABELS[0][3],
            median(bare_t),
            base,
            note=f"median of {rounds} launches each, interleaved, after one warm-up launch",
        ),
        Figure(
            "memory",
            LABELS[1][1],
            median(paint_m),
            "MB",
            LABELS[1][3],
            median(bare_m),
            base,
            note=f"median of {len(paint_m)} launches; bare: after 3 s idle",
        ),
        Figure(
            "memory",
            LABELS[2][1],
            median(idle_m),
            "MB",
            LABELS[2][3],
            median(bare_m),
            base,
            note=f"median of {len(idle_m)} launches; the database is opened on first use "
            "(services/profile_list.py)",
        ),
    ]
    for figure, limit in zip(figures, (1.5, 1.7, 1.7), strict=True):
        figure.met = figure.ratio is not None and figure.ratio <= limit
    heavy.discard("-")
    guard = Figure(
        "startup",
        LABELS[3][1],
        float(len(heavy)),
        "",
        LABELS[3][3],
        note=", ".join(sorted(heavy)) or "none of " + ", ".join((*HEAVY, *LATE)),
    )
    guard.met = not heavy
    cpu = Figure(
        "startup",
        LABELS[4][1],
        median(app_cpu),
        "s",
        LABELS[4][3],
        median(bare_cpu),
        base,
        note=f"median of {rounds} launches each (the launches above): steadier than wall "
        "time when other work shares the machine",
    )
    idle_heavy.discard("-")
    idle_guard = Figure(
        "memory",
        LABELS[5][1],
        float(len(idle_heavy)),
        "",
        LABELS[5][3],
        note=", ".join(sorted(idle_heavy)) or "none of " + ", ".join(IDLE_HEAVY),
    )
    idle_guard.met = not idle_heavy
    return [*figures, guard, cpu, idle_guard]
