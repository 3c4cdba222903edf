"""Startup (launch → main window painted) and idle memory, app against a bare PySide6 window.

Both run as whole processes under the same contract: the child prints
``ETHICS_TRAINER_PAINTED <time.monotonic()>`` after its first paint (the app: with the bundled
library shown) and, after ``ETHICS_TRAINER_BENCH_IDLE_SECONDS``, ``ETHICS_TRAINER_RSS_KB``.
``time.monotonic`` is the system-wide CLOCK_MONOTONIC on Linux, so the child's stamp minus the
parent's stamp just before spawning is the wall time to the first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Figure, median, not_measured

APP = [sys.executable, "-m", "ethics_trainer"]
BARE = [sys.executable, str(Path(__file__).with_name("bare_qt.py"))]


def _env(data_dir: Path, idle: float) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(
        ETHICS_TRAINER_DATA_DIR=str(data_dir),
        ETHICS_TRAINER_BENCH_EXIT_AFTER_PAINT="1",
        ETHICS_TRAINER_BENCH_IDLE_SECONDS=str(idle),
    )
    env.pop("ETHICS_TRAINER_DATABASE_URL", None)
    env.pop("ETHICS_TRAINER_CONTENT", None)
    # A user's Python keeps compiled bytecode (the warm-up launch writes it); a development
    # shell that forbids it would time the compiler instead of the app.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def launch(cmd: list[str], data_dir: Path, idle: float = 0.0) -> tuple[float, int | None]:
    """Seconds to the first paint and the RSS in kB after idling; raises RuntimeError."""
    start = time.monotonic()
    proc = subprocess.run(
        cmd, env=_env(data_dir, idle), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    painted = rss = None
    for line in proc.stdout.splitlines():
        if line.startswith("ETHICS_TRAINER_PAINTED "):
            painted = float(line.split()[1]) - start
        elif line.startswith("ETHICS_TRAINER_RSS_KB "):
            parts = line.split()
            rss = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    if painted is None:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"no ETHICS_TRAINER_PAINTED line (exit {proc.returncode}: {tail})")
    return painted, rss


def run(quick: bool) -> list[Figure]:
    rounds = 3 if quick else 7
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data = Path(tmp)
        try:
            launch(BARE, data / "bare")
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            reason = f"the bare PySide6 window does not start ({exc})"
            return [
                not_measured("startup", "Launch → main window painted", "s", "≤ 2.0× bare", reason),
                not_measured("memory", "Resident memory, idle", "MB", "≤ 130 MB", reason),
            ]
        try:
            launch(APP, data / "app")  # first start: makes the database, caches; not counted
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            reason = f"the app did not signal its first paint ({exc})"
            return [
                not_measured("startup", "Launch → main window painted", "s", "≤ 2.0× bare", reason),
                not_measured("memory", "Resident memory, idle", "MB", "≤ 130 MB", reason),
            ]
        bare_t, app_t = [], []
        for _ in range(rounds):  # interleaved, so machine load hits both alike
            bare_t.append(launch(BARE, data / "bare")[0])
            app_t.append(launch(APP, data / "app")[0])
        bare_m, app_m = [], []
        for _ in range(3 if quick else 5):
            bare_m.append((launch(BARE, data / "bare", idle=3.0)[1] or 0) / 1024)
            app_m.append((launch(APP, data / "app", idle=3.0)[1] or 0) / 1024)
    startup = Figure(
        "startup",
        "Launch → main window painted (bundled library)",
        median(app_t),
        "s",
        "≤ 2.0× bare",
        baseline=median(bare_t),
        baseline_label="bare PySide6 QMainWindow",
        note=f"median of {rounds} launches each, after one warm-up launch",
    )
    startup.met = startup.ratio is not None and startup.ratio <= 2.0
    memory = Figure(
        "memory",
        "Resident memory (VmRSS) after 3 s idle",
        median(app_m),
        "MB",
        "≤ 130 MB",
        baseline=median(bare_m),
        baseline_label="bare PySide6 QMainWindow",
        note=f"median of {len(app_m)} launches",
    )
    memory.met = memory.value is not None and memory.value <= 130
    figures += [startup, memory]
    return figures
