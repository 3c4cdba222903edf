"""Python's cycle collector runs on the GUI thread only.

Why: the automatic collector runs in whichever thread happens to allocate when a threshold
is crossed — often a task-runner worker. A widget whose Python wrapper sits in a reference
cycle is then destroyed on that worker thread. Qt widgets must die on the GUI thread: a
widget with a running style animation (an indeterminate progress bar) destroyed elsewhere
posts its clean-up to the style across threads, and the GUI thread later crashes in
``QCommonStylePrivate::removeAnimation``. So automatic collection is switched off and a
timer on the GUI thread collects with the same thresholds Python would use.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects garbage on the GUI thread when Python's thresholds say it is due."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        gc.disable()

    def check(self) -> int:
        """One threshold check, as Python's own collector does it; returns objects freed."""
        return _collect_due()


def _collect_due() -> int:
    thresholds = gc.get_threshold()
    counts = gc.get_count()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


def install(app: QCoreApplication | None = None) -> GuiThreadCollector | None:
    """Switch collection to the GUI thread (idempotent); must be called on that thread.
    Without an application there are no widgets to protect and no timer could run."""
    global _installed
    if _installed is not None and not shiboken6.isValid(_installed):
        _installed = None  # its application was deleted
    if _installed is None:
        application = app or QCoreApplication.instance()
        if application is None:
            return None
        _installed = GuiThreadCollector(application)
    return _installed


def collect_if_due() -> int:
    """The collector's check, now, on the calling (GUI) thread, whenever automatic collection
    is off in this process — from the GUI package's import on (``gc_pause.pause_for_gui``),
    before any collector is installed too; 0 while Python collects by itself."""
    if gc.isenabled():
        return 0
    return _collect_due()
