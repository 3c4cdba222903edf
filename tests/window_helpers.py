"""Driving real windows as a person would: answering file dialogs by typing, the app's look,
screenshots on request, and a record of every Qt warning (a journey fails on any)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def when_modal(handler: Callable[[QWidget], bool], *, tries: int = 500) -> None:
    """Call ``handler(modal widget)`` as soon as a modal dialog is open and it accepts it
    (returns True). Polls from the event loop, so it works while ``exec()`` blocks."""

    def attempt(left: int = tries) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and handler(dialog):
            return
        if left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, attempt)


def answer_file_dialog(qtbot, path: str | Path | None) -> None:  # type: ignore[no-untyped-def]
    """When the next file dialog opens, put ``path`` in its name field and press Enter
    (``None``: press Escape)."""

    def handle(dialog: QWidget) -> bool:
        if not isinstance(dialog, QFileDialog):
            return False
        if path is None:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return True
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        # typed in one go: key by key, the name field's completer pops up over a long path
        # and takes the Enter
        edit.setText(str(path))
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        return True

    when_modal(handle)


def press_in_message_box(qtbot, button: QMessageBox.StandardButton) -> None:  # type: ignore[no-untyped-def]
    """When the next message box opens, click ``button``."""

    def handle(dialog: QWidget) -> bool:
        if not isinstance(dialog, QMessageBox):
            return False
        qtbot.mouseClick(dialog.button(button), Qt.MouseButton.LeftButton)
        return True

    when_modal(handle)


def settle() -> None:
    """Let widgets closed by earlier tests really go before the style changes: a style sheet
    swapped while a dead widget's style animation is queued crashes inside Qt."""
    from PySide6.QtTest import QTest

    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.sendPostedEvents()
        QTest.qWait(20)  # style animations tick on timers: let a last queued call land


class Look:
    """The app's look while it is on; windows made under it are handed to :meth:`keep`."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.kept: list[QWidget] = []

    def keep(self, widget: QWidget) -> QWidget:
        """Close and delete ``widget`` before the look is taken off (not with qtbot): a
        widget that outlives its style sheet crashes Qt when it is deleted later."""
        self.kept.append(widget)
        return widget


@contextmanager
def app_look() -> Iterator[Look]:
    """The app's own fonts, style sheet, palette and Qt translation (as at start), restored
    afterwards."""
    from ethics_trainer import i18n
    from ethics_trainer.ui.qt_translation import install_qt_translation
    from ethics_trainer.ui.theme import apply_theme, load_fonts

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settle()
    sheet, palette, font = app.styleSheet(), app.palette(), app.font()
    load_fonts(app)
    apply_theme(app, "light")
    install_qt_translation(i18n.current_language())
    look = Look(app)
    try:
        yield look
    finally:
        for widget in reversed(look.kept):
            with suppress(RuntimeError):  # already deleted with its parent
                widget.close()
                widget.deleteLater()
        settle()
        install_qt_translation("en")
        app.setStyleSheet(sheet)
        app.setPalette(palette)
        app.setFont(font)
        settle()


def screenshot(widget: QWidget, name: str) -> Path | None:
    """Save ``widget`` as docs/screenshots/<name>.png when ETHICS_TRAINER_SCREENSHOTS=1."""
    if os.environ.get("ETHICS_TRAINER_SCREENSHOTS") != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    widget.window().grab().save(str(path))
    return path


class QtWarnings:
    """Every Qt warning, critical and fatal message while installed."""

    IGNORED = (
        "This plugin does not support propagateSizeHints()",  # offscreen platform
        "This plugin does not support raise()",
        "This plugin does not support grabbing the keyboard",
    )

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._previous = None

    def __call__(self, kind: QtMsgType, _context, message: str) -> None:  # type: ignore[no-untyped-def]
        if kind == QtMsgType.QtDebugMsg or kind == QtMsgType.QtInfoMsg:
            return
        if any(message.startswith(i) for i in self.IGNORED):
            return
        self.messages.append(message)

    def __enter__(self) -> QtWarnings:
        self._previous = qInstallMessageHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        qInstallMessageHandler(self._previous)
