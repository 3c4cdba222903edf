"""Keeping the candidate on the exam: closing (Alt+F4, Esc) needs the proctor password, and
when another program takes the focus (Alt+Tab, a pop-up) the window takes it back, full
screen and on top.

A Qt window cannot lock the operating system: Alt+Tab, the Windows key or Ctrl+Alt+Del still
reach it; a real kiosk needs the OS's own assigned-access or kiosk mode. Only when the whole
application lost the focus, so the password and submit dialogs of the window keep theirs.
The candidate screen composes this with a function saying whether its exam is running.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ethics_trainer.clock import Clock
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.password_dialog import ask_password

RECLAIM_MS = 300  # after the focus went to another program, take it back this soon


class LockDown(QObject):
    """``reclaimed``: the window took the focus back from another program."""

    reclaimed = Signal()

    def __init__(
        self,
        window: QWidget,
        exam_running: Callable[[], bool],
        db: Database,
        clock: Clock,
        ask_password_on_close: bool = True,
    ) -> None:
        super().__init__(window)
        self.window, self.exam_running = window, exam_running
        self.db, self.clock = db, clock
        self.ask_password_on_close = ask_password_on_close
        self.closing_allowed = False  # the proctor (or the end of the program) let it close
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)

    def may_close(self) -> bool:
        """Closing is allowed, or the proctor typed the password now."""
        if self.closing_allowed or not self.ask_password_on_close:
            return True
        return ask_password(self.db, "proctor", self.window, clock=self.clock)

    def on_application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive and self.exam_running():
            QTimer.singleShot(RECLAIM_MS, self.reclaim_focus)

    def reclaim_focus(self) -> None:
        window = self.window
        if not self.exam_running() or not window.isVisible():
            return
        if window.isFullScreen() or window.windowState() & Qt.WindowState.WindowMinimized:
            window.showFullScreen()
        window.raise_()
        window.activateWindow()
        self.reclaimed.emit()
