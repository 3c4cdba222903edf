"""Small helpers shared by the exam screens: showing a UserError, formatting time left."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr


def show_error(parent: QWidget | None, exc: UserError) -> None:
    """A clear message box instead of a traceback."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("exams.error_title"), exc.message, parent=parent)
    if exc.hint:
        box.setInformativeText(exc.hint)
    box.open()


def clock_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
