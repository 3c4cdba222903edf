"""Windows that fit the screen they open on, and come back where the person left them.

Office PCs have 1366×768 or 1024×768 screens: a window opens at its preferred size only if
that fits the available area (screen minus task bar), else at the available size; a saved
size and position are used again only while they still fit a screen (a laptop undocked from
its big monitor must not open the window off-screen).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ethics_trainer.ui import settings

# Room left for the window's frame and title bar, which the window manager adds around the
# size we ask for (unknown before the window is first shown).
FRAME_ALLOWANCE = QSize(16, 40)


def fitted(preferred: QSize, available: QRect) -> QRect:
    """The window's inner rectangle: ``preferred`` shrunk so that it and its frame fit
    ``available``, centred in it."""
    size = preferred.boundedTo(available.size() - FRAME_ALLOWANCE)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


def _available(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def _on_some_screen(rect: QRect) -> bool:
    return any(
        screen.availableGeometry().contains(rect.center())
        and rect.width() <= screen.availableGeometry().width()
        and rect.height() <= screen.availableGeometry().height()
        for screen in QGuiApplication.screens()
    )


def place(widget: QWidget, key: str, preferred: QSize) -> None:
    """Restore the size and position saved under ``key`` if they still fit a screen, else
    open at ``preferred`` fitted to the available screen area."""
    saved = settings.store().value(f"windows/{key}")
    restored = isinstance(saved, QByteArray) and widget.restoreGeometry(saved)
    if restored and _on_some_screen(widget.frameGeometry()):
        return
    widget.setGeometry(fitted(preferred, _available(widget)))


def remember(widget: QWidget, key: str) -> None:
    """Save the size and position (call when the window closes)."""
    settings.store().setValue(f"windows/{key}", widget.saveGeometry())
