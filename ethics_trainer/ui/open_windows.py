"""The screens a menu opened, owned by that menu until they close.

A menu entry that opens a window of its own (the proctor console, the candidate screen, the
HR report) used to keep it alive on a list poked onto the main window, where closed windows
stayed for good and a second click opened a second copy. An :class:`OpenWindows` is created
by the menu that opens the screens and held by it: it keeps each window until the window is
closed (``WA_DeleteOnClose``: Qt frees it, and it leaves the registry when destroyed), and
asking for a kind of window that is already open raises that one instead of making another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


class OpenWindows:
    """At most one open window per class, kept alive until it closes."""

    def __init__(self) -> None:
        self._open: dict[type[QWidget], QWidget] = {}

    def find(self, kind: type[W]) -> W | None:
        """The open window of ``kind``, if any."""
        window = self._open.get(kind)
        # closed but not deleted yet (Qt deletes it on the next turn of the event loop)
        return window if isinstance(window, kind) and window.isVisible() else None

    def focus(self, kind: type[W]) -> W | None:
        """Bring the open window of ``kind`` to the front; None when there is none."""
        window = self.find(kind)
        if window is None:
            return None
        if window.isMinimized():  # keeps full screen (the candidate screen) full screen
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()
        return window

    def keep(self, window: W) -> W:
        """Own ``window`` until it closes; Qt deletes it then, and it leaves the registry."""
        kind = type(window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._open[kind] = window
        window.destroyed.connect(lambda _obj=None: self._forget(kind, window))
        return window

    def open(self, kind: type[W], make: Callable[[], W | None]) -> W | None:
        """The open window of ``kind`` brought to the front, or ``make()``'s new one kept
        (``make`` shows it, or returns None when the person cancelled)."""
        existing = self.focus(kind)
        if existing is not None:
            return existing
        window = make()
        return None if window is None else self.keep(window)

    def windows(self) -> list[QWidget]:
        return list(self._open.values())

    def _forget(self, kind: type[QWidget], window: QWidget) -> None:
        if self._open.get(kind) is window:  # not a newer window of the same kind
            del self._open[kind]
