"""Search as you type, with or without diacritics, highlighted, opening what it found."""

from __future__ import annotations

import pytest

from ethics_trainer.ui.search_page import HTML_ROLE
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
    qtbot.waitUntil(lambda: window._index_ready, timeout=10000)
    hits = search_for(qtbot, window, query)
    assert window.pages.currentWidget() is window.search_page
    assert any(h.kind == "lesson" and h.title == "Đạo đức công vụ" for h in hits)
    html = window.search_page.results.item(0).data(HTML_ROLE)
    assert "<b style='color:#b3261e'>" in html  # the matched words are highlighted
    window.close()


def test_reverse_folding_and_opening_hits(qtbot, paths) -> None:
    """Typing with diacritics finds text stored without them the same way; Enter opens."""
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window._index_ready, timeout=10000)
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
    qtbot.waitUntil(lambda: window._index_ready, timeout=10000)
    assert search_for(qtbot, window, "xyzkhongco") == []
    assert "xyzkhongco" in window.search_page.status.text()
    window.close()
