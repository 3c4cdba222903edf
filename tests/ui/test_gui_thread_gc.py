"""Widgets die on the GUI thread, never on a task-runner worker (the removeAnimation crash).

The crash: a window's Python wrapper in a reference cycle was freed by Python's automatic
cycle collector running on a TaskRunner worker thread, so the window and its indeterminate
progress bar were destroyed there; the bar's style animation then posted its clean-up to
the style across threads and the GUI thread segfaulted in
``QCommonStylePrivate::removeAnimation``. Each check runs in a child process, so a crash
fails the check instead of ending the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import gc, sys, threading
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QProgressBar, QVBoxLayout, QWidget
import ethics_trainer.ui
from ethics_trainer.ui.toolkit.tasks import TaskRunner

app = QApplication(["gc-thread"])
freed_on = []

class Window(QWidget):
    def __del__(self):
        freed_on.append(threading.current_thread().name)

runner = TaskRunner()
for round in range(5):
    window = Window()
    bar = QProgressBar(window)
    bar.setRange(0, 0)  # busy: the style animates it
    QVBoxLayout(window).addWidget(bar)
    window.show()
    for _ in range(20):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    window.close()
    gc.collect()
    holder = [window]
    holder.append(holder)  # a fresh reference cycle, as closures and connections make
    del window, bar, holder  # the window is now freed only by the cycle collector
    churned = threading.Event()

    def churn():  # work on a worker: enough allocation for many automatic collections
        junk = [[i] for i in range(100_000)]
        del junk
        churned.set()

    runner.run(churn)
    churned.wait()  # the GUI thread allocates nothing meanwhile
    gc.collect()  # what the GUI thread's collector does on its next turn
    QCoreApplication.sendPostedEvents(None, 0)
    app.processEvents()
print("FREED-ON", ",".join(freed_on), flush=True)
runner.shutdown()
"""


def test_cyclic_windows_are_freed_on_the_gui_thread() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", CHILD],
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-3000:]}"
    line = next(x for x in done.stdout.splitlines() if x.startswith("FREED-ON"))
    threads = line.split(" ", 1)[1].split(",")
    assert threads == ["MainThread"] * 5, line
