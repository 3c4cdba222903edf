"""The HR report at office screen sizes: at 1024×768 the columns HR reads first (name, unit,
course, status, date completed) are whole on screen without scrolling sideways, and the rest
are a right click away (the column menu); at 1366×768 every column is on screen.

Before: thirteen columns at fixed widths (about 1,800 pixels) scrolled sideways at both sizes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QMenu

from ethics_trainer.content.loader import load_library
from ethics_trainer.paths import resolve_paths
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.hr.hr_window import HrWindow
from tests.hr.conftest import fill
from tests.journeys.conftest import SCREENS
from tests.journeys.steps import fit_to_screen
from tests.window_helpers import app_look

NEEDED = ("full_name", "unit", "course_title", "status", "completed_at")


def report_on_screen(qtbot, db: Database, sample_content: Path, tmp_path: Path, size) -> HrWindow:  # type: ignore[no-untyped-def]
    fill(db)
    paths = resolve_paths(tmp_path / "data", db.url, sample_content)
    window = HrWindow(db, load_library(sample_content), paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)
    fit_to_screen(window, size)
    window.show()
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=5000)
    for _ in range(3):
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()
    return window


def on_screen(window: HrWindow, key: str) -> bool:
    """The column is shown, wholly inside the table's visible area, and wide enough for its
    longest cell (a name is not cut to a few letters)."""
    table = window.table
    column = [c.key for c in window.model.columns].index(key)
    if table.isColumnHidden(column):
        return False
    header = table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    inside = QRect(0, 0, table.viewport().width(), 1).contains(
        QRect(left, 0, header.sectionSize(column), 1)
    )
    return inside and header.sectionSize(column) >= table.sizeHintForColumn(column)


@pytest.mark.parametrize("size", SCREENS)
def test_the_report_needs_no_sideways_scrolling(qtbot, db, sample_content, tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    with app_look():
        window = report_on_screen(qtbot, db, sample_content, tmp_path, size)
        table = window.table
        assert table.horizontalScrollBar().maximum() == 0, size
        missing = [key for key in NEEDED if not on_screen(window, key)]
        assert missing == [], (size, missing)
        if size[0] >= 1366:  # everything on screen
            hidden = [c.key for i, c in enumerate(window.model.columns) if table.isColumnHidden(i)]
            assert hidden == []
        window.close()


def test_a_hidden_column_is_one_right_click_away_at_1024(
    qtbot, db, sample_content, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    with app_look():
        window = report_on_screen(qtbot, db, sample_content, tmp_path, (1024, 768))
        table = window.table
        keys = [c.key for c in window.model.columns]
        hidden = [k for i, k in enumerate(keys) if table.isColumnHidden(i)]
        assert hidden, "at 1024 wide some less used columns make room"
        header = table.horizontalHeader()
        header.customContextMenuRequested.emit(QPoint(10, header.height() // 2))
        menu = window.findChild(QMenu, "hrColumnMenu")
        assert menu is not None
        qtbot.waitUntil(menu.isVisible, timeout=5000)
        wanted = hidden[0]
        action = next(a for a in menu.actions() if not a.isChecked() and a.isEnabled())
        assert action.text() == window.model.headerData(keys.index(wanted), header.orientation())
        action.trigger()
        assert not table.isColumnHidden(keys.index(wanted))
        # the column the person asked for stays across reports, and the name cannot go
        window.refresh()
        qtbot.waitUntil(window.refresh_button.isEnabled, timeout=20000)
        assert not table.isColumnHidden(keys.index(wanted))
        name = next(
            a
            for a in menu.actions()
            if a.text() == window.model.headerData(0, header.orientation())
        )
        assert not name.isEnabled()
        menu.close()
        window.close()
