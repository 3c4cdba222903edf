"""Search as you type, with or without diacritics, highlighted, opening what it found."""

from __future__ import annotations

import pytest

from ethics_trainer.ui.search_page import HTML_ROLE
from ethics_trainer.ui.theme import status_colours
from tests.ui.helpers import open_window, sign_in


def search_for(qtbot, window, text: str) -> list:
    with qtbot.waitSignal(window.searched, timeout=10000):
        window.search_box.setText(text)  # the debounce timer fires, then the search runs
    return window.search_page.hits


@pytest.mark.parametrize(
    "query", ["dao duc cong vu", "DAO DUC", "đạo đức", "đạo đức".upper(), "đao đuc"]
)
def test_search_ignores_diacritics(qtbot, paths, query: str) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.search.ready, timeout=10000)
    hits = search_for(qtbot, window, query)
    assert window.pages.currentWidget() is window.search_page
    assert any(h.kind == "lesson" and h.title == "Đạo đức công vụ" for h in hits)
    html = window.search_page.results.item(0).data(HTML_ROLE)
    wrong = status_colours(window.search_page.palette()).wrong.name()
    assert f"<b style='color:{wrong}'>" in html  # the matched words are highlighted
    window.close()


def test_reverse_folding_and_opening_hits(qtbot, paths) -> None:
    """Typing with diacritics finds text stored without them the same way; Enter opens."""
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.search.ready, timeout=10000)
    hits = search_for(qtbot, window, "hách dịch")
    assert [h.id for h in hits if h.kind == "question"] == ["mau-q2"]
    hits = search_for(qtbot, window, "hach dich")
    assert [h.id for h in hits if h.kind == "question"] == ["mau-q2"]
    # A question hit opens the lesson it belongs to.
    results = window.search_page.results
    results.setCurrentRow(0)
    results.itemActivated.emit(results.item(0))
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    assert window.lesson_view.lesson.id == "mau-l1"
    window.close()


def test_ctrl_f_focuses_the_box_and_nothing_found_is_said(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    window.activateWindow()
    window.search_action.trigger()
    assert window.search_action.shortcut().toString() == "Ctrl+F"
    qtbot.waitUntil(
        lambda: window.search_box.hasFocus() or not window.isActiveWindow(), timeout=2000
    )
    qtbot.waitUntil(lambda: window.search.ready, timeout=10000)
    assert search_for(qtbot, window, "xyzkhongco") == []
    assert "xyzkhongco" in window.search_page.status.text()
    window.close()


def test_selected_row_keeps_its_snippet_readable(qtbot) -> None:
    """The selected hit shows its snippet in the selection's text colour, matches underlined."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from ethics_trainer.study.search_hits import SearchHit
    from ethics_trainer.ui.search_page import SearchPage

    page = SearchPage()
    qtbot.addWidget(page)
    page.resize(640, 360)
    page.show()
    snippet = "Không nhận quà tặng dưới mọi hình thức khi giải quyết công việc."
    hits = [
        SearchHit("lesson", f"l{i}", "Liêm chính", "c", "l", "Quà tặng", "a", snippet, ((11, 19),))
        for i in range(2)
    ]
    page.show_hits("qua tang", hits)
    results = page.results
    assert results.currentRow() == 0
    delegate = results.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(results)
    option.state |= QStyle.StateFlag.State_Selected
    index = results.model().index(0, 0)
    html = delegate.row_html(option, index)
    wrong = status_colours(results.palette()).wrong.name()
    assert "dưới mọi hình thức" in html and wrong not in html
    assert "underline" in html
    # Pixels: the lower half of the selected row (the snippet line) holds text in the
    # selection's text colour, not only the selection's background.
    qtbot.waitUntil(lambda: results.visualItemRect(results.item(0)).height() > 0)
    image = results.viewport().grab().toImage()
    rect = results.visualItemRect(results.item(0))
    text = results.palette().color(QPalette.ColorRole.HighlightedText)
    inked = 0
    for y in range(rect.center().y(), rect.bottom() - 2):
        for x in range(rect.left() + 8, rect.right() - 8, 2):
            colour = QColor(image.pixel(x, y))
            if abs(colour.lightness() - text.lightness()) < 40:
                inked += 1
    assert inked > 30, "the snippet of the selected row is drawn"
