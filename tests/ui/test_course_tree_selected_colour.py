"""A selected row of the course tree shows its title in the palette's highlighted-text colour
on the highlight, and an unselected one in the text colour: the delegate colours the title
itself (it draws without the style, issue #17), so this is checked on the painted pixels, in
the light and the dark palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.theme import apply_theme
from tests.ui.helpers import open_window, sign_in


def colours_in(image: QImage, rect: QRect) -> list[QColor]:
    return [
        QColor(image.pixel(x, y))
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    ]


def near(a: QColor, b: QColor, within: int = 40) -> bool:
    return (
        max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= within
    )


def ink(window: MainWindow, row: int) -> tuple[int, int, int]:
    """Pixels of the lesson row near the text colour, near the highlighted-text colour, and
    near the highlight."""
    tree = window.tree
    item = tree.topLevelItem(0).child(row)
    rect = tree.visualItemRect(item)
    image = tree.viewport().grab().toImage()
    palette = tree.palette()
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
    lit = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    highlight = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    pixels = colours_in(image, rect)
    return (
        sum(near(p, text) for p in pixels),
        sum(near(p, lit) for p in pixels),
        sum(near(p, highlight) for p in pixels),
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_selected_title_is_in_the_highlighted_text_colour(qtbot, paths, theme) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    window.resize(1024, 700)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    tree = window.tree
    tree.activateWindow()
    tree.setFocus()
    course = tree.topLevelItem(0)
    course.setExpanded(True)
    tree.setCurrentItem(course.child(0))
    qtbot.waitUntil(lambda: course.child(0).isSelected(), timeout=5000)
    _, lit_on, highlight_on = ink(window, 0)
    text_off, _, highlight_off = ink(window, 1)
    assert highlight_on > 100 and highlight_off == 0
    assert lit_on > 20, "the selected title is not in the highlighted-text colour"
    assert text_off > 20, "an unselected title is not in the text colour"
