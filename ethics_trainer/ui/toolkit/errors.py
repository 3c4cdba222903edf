"""The one place errors reach the user: a clear message in their language, never a traceback."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

if TYPE_CHECKING:
    # named only: the message box is made when a message is shown, so its enums are not
    # set up before the first paint (issue #17)
    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

_open_boxes: list[QMessageBox] = []

# Where unexpected errors are written in full (set by the app at start; see log_to_file).
log_file: Path | None = None


def log_to_file(path: Path) -> None:
    """Send warnings and errors, tracebacks included, to ``path`` (kept to 3 × 1 MB): the
    support team reads them there, the user never has to. The same log as the CLI's."""
    global log_file
    from ethics_trainer.logfile import log_to_file as attach

    log_file = attach(path)  # None: no log file; errors still reach the user and stderr


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the person what went wrong, in their language, in a box that does not block the
    window. A :class:`UserError` says what to do; anything else is logged with its traceback
    and shown as a plain message that points to the log file. A known fault of the disk (a
    read-only or full folder, a missing path) is said as what it is, like the CLI does."""
    from PySide6.QtWidgets import QMessageBox

    exc = _as_known_fault(exc)
    if isinstance(exc, UserError):
        log.info("shown to the user: %s", exc.message)
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
        hint = tr("app.unexpected_error_hint")
        if log_file is not None:
            hint += "\n" + tr("app.error_logged", path=str(log_file))
        box.setInformativeText(hint)
    box.setObjectName("errorBox")
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(ok)  # Enter and Esc only close the message: nothing is changed
    box.setEscapeButton(ok)
    # Without a parent nothing else holds the box: keep it until it is closed.
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()


def _as_known_fault(exc: BaseException) -> BaseException:
    """An ``OSError`` whose cause the person can act on (no permission, read-only, disk full,
    missing path) as the same :class:`UserError` the CLI prints; the traceback is logged."""
    from ethics_trainer.fileio.oserrors import (
        FULL_ERRNOS,
        MISSING_ERRNOS,
        READ_ONLY_ERRNOS,
        os_error,
    )

    known = FULL_ERRNOS | READ_ONLY_ERRNOS | MISSING_ERRNOS
    if isinstance(exc, OSError) and not isinstance(exc, UserError) and exc.errno in known:
        log.warning("shown as a known fault", exc_info=exc)
        return os_error(exc)
    return exc


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
