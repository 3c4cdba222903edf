"""Qt's raster painting stays on the GUI thread: no thread pool for its fills.

Qt 6 hands every fill of 96 or more spans (a scroll bar's gradient, a busy bar, any large
shape) to a GUI thread pool in pieces and waits for them. On the office PCs this app runs on
(two cores, often a virtual machine) the hand-off costs more than the fill: the first frame
waited 167 times on two pool threads (gdb on ``QThreadPool::start``), and launches painted
≈ 3 ms sooner without them, CPU time included (issue #17, ``bench/notes/31-startup.md``).
Qt's own switch, ``QT_NO_GUI_THREADPOOL``, is read once, at the first fill; any value turns the
pool off, so one set in the environment is left as it is.
"""

from __future__ import annotations

import os

SWITCH = "QT_NO_GUI_THREADPOOL"


def paint_on_gui_thread() -> None:
    """Before the first paint (``ui/__init__.py``: before PySide6 is even imported)."""
    os.environ.setdefault(SWITCH, "1")
