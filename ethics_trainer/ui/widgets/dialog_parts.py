"""The pieces our form dialogs share: the thin busy bar shown while the server is asked, the
notice line (a warning, e.g. "reconnecting"), the error line, and the OK/Cancel row.

Made in one place so the password dialogs, the exam-definition dialogs and the restore
dialog look and behave alike (the theme colours them by object name).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar


def busy_bar() -> QProgressBar:
    """An indeterminate bar (the server gives no progress to show), hidden until busy."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.hide()
    return bar


def notice_line() -> QLabel:
    """A hidden, wrapping line in the theme's warning colour (light or dark)."""
    label = QLabel("")
    label.setWordWrap(True)
    label.setObjectName("noticeText")
    label.hide()
    return label


def error_line() -> QLabel:
    """A wrapping line in the theme's error colour, empty until something went wrong."""
    label = QLabel("")
    label.setObjectName("errorText")
    label.setWordWrap(True)
    return label


def ok_cancel(
    dialog: QDialog,
    on_ok: Callable[[], None],
    ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> QDialogButtonBox:
    """``ok`` (OK, or Save) runs ``on_ok``, which decides whether to accept; Cancel rejects."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
