"""Pages of the main window built on first use, without wiring by name.

Building every page up front cost ~40 ms of start-up (imports, and the Python enum types
PySide6 creates for each Qt enum a page touches) before the first paint. A :class:`LazyPage`
holds the function that builds and connects one page; the first ``get()`` runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QStackedWidget, QWidget

P = TypeVar("P", bound=QWidget)


class LazyPage(Generic[P]):
    """One page of ``stack``, made by ``build`` the first time it is asked for."""

    def __init__(self, stack: QStackedWidget, build: Callable[[], P]) -> None:
        self._stack = stack
        self._build = build
        self._page: P | None = None

    def get(self) -> P:
        if self._page is None:
            self._page = self._build()
            self._stack.addWidget(self._page)
        return self._page

    @property
    def built(self) -> P | None:
        """The page if it exists already (asking does not build it)."""
        return self._page

    def show(self) -> P:
        page = self.get()
        self._stack.setCurrentWidget(page)
        return page

    def on_screen(self) -> bool:
        return self._page is not None and self._stack.currentWidget() is self._page
