"""Small steps a person takes: open a menu entry, click a table row, fit a window to a screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QMenu, QWidget

TASKBAR = 40  # pixels of a Windows taskbar


def fit_to_screen(window: QWidget, size: tuple[int, int]) -> None:
    """Size ``window`` as if maximised on a ``size`` screen (taskbar and title bar taken)."""
    width, height = size
    window.resize(width, height - TASKBAR - 30)
    window.move(0, 0)


def assert_fits(window: QWidget, size: tuple[int, int]) -> None:
    width, height = size
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height - TASKBAR, (hint, size)
    assert window.width() <= width and window.height() <= height - TASKBAR


def menu_action(qtbot, window: QMainWindow, menu_name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the menu in the menu bar, then the entry whose text starts with ``text``."""
    menu = window.findChild(QMenu, menu_name)
    assert menu is not None, menu_name
    bar = window.menuBar()
    rect = bar.actionGeometry(menu.menuAction())
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def click_row(qtbot, view: QAbstractItemView, row: int, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def top_level(kind: type, name: str | None = None) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        visible = isinstance(widget, kind) and widget.isVisible()
        if visible and (name is None or widget.objectName() == name):
            return widget
    return None


def centre(widget: QWidget) -> QPoint:
    return widget.rect().center()


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into ``widget`` key by key, Vietnamese letters included.

    ``QTest.keyClicks`` maps each character to a Latin-1 key code and aborts the process on
    "ệ" or "đ"; a Vietnamese keyboard (Unikey, the Windows Vietnamese layout) delivers such
    a letter as a key press whose text is the letter, which is what is sent here.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def laid_out(window: QWidget) -> None:
    """Deliver what Qt has queued for ``window`` (layout requests, widgets a layout shows on
    the next turn of the event loop), so a screenshot shows the screen a person sees."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()
    window.repaint()


def click_tree_item(qtbot, tree, item) -> None:  # type: ignore[no-untyped-def]
    """Click a row of a QTreeWidget with the mouse."""
    tree.scrollToItem(item)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center()
    )
