"""The one place errors reach the user: a clear message in their language, never a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        box = QMessageBox(
            QMessageBox.Icon.Warning, tr("app.error_title"), exc.message, parent=parent
        )
        if exc.hint:
            box.setInformativeText(exc.hint)
    else:
        log.error("unexpected error", exc_info=exc)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            tr("app.error_title"),
            tr("app.unexpected_error"),
            parent=parent,
        )
        box.setInformativeText(tr("app.unexpected_error_hint"))
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setObjectName("errorBox")
    box.open()


def install_excepthook(parent_getter: object) -> None:
    """Uncaught exceptions in slots become the error dialog instead of a crash."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        try:
            parent = parent_getter() if callable(parent_getter) else None
            show_error(parent, exc)
        except Exception:  # the dialog itself failed: at least log it
            sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook
