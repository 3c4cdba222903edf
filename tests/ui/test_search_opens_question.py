"""A search hit on a question opens its lesson at that question (listed at the end of the
lesson's page), not at the top; driven by the keyboard as a person would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.lesson_view import question_anchor
from tests.ui.helpers import open_window, sign_in


def anchor_top(browser: QTextBrowser, anchor: str) -> float | None:
    """Where ``anchor`` sits in the document, in pixels from its top (None: not there)."""
    doc: QTextDocument = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if anchor in it.fragment().charFormat().anchorNames():
                return doc.documentLayout().blockBoundingRect(block).top()
            it += 1
        block = block.next()
    return None


def anchor_on_screen(browser: QTextBrowser, anchor: str) -> bool:
    top = anchor_top(browser, anchor)
    scrolled = browser.verticalScrollBar().value()
    return top is not None and scrolled <= top < scrolled + browser.viewport().height()


def long_lesson(sample_content: Path) -> None:
    """Make the lesson long, so its questions are far below the first screen."""
    lesson = sample_content / "mau" / "lessons" / "01-dao-duc.md"
    filler = "".join(
        f"\n## Mục {i}\n\nCán bộ, công chức phải tận tụy phục vụ Nhân dân; đoạn {i}.\n"
        for i in range(60)
    )
    lesson.write_text(lesson.read_text(encoding="utf-8") + filler, encoding="utf-8")


def test_a_question_hit_opens_the_lesson_at_the_question(
    qtbot, tmp_path: Path, sample_content: Path
) -> None:
    long_lesson(sample_content)
    paths = resolve_paths(tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", sample_content)
    window = open_window(qtbot, paths)
    window.resize(1024, 700)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.search.ready, timeout=10000)

    # Ctrl+F, type without diacritics, Enter: the results take the focus
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search_box.hasFocus, timeout=5000)
    with qtbot.waitSignal(window.searched, timeout=10000):
        qtbot.keyClicks(window.search_box, "hach dich")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    results = window.search_page.results
    qtbot.waitUntil(results.hasFocus, timeout=5000)
    hits = window.search_page.hits
    target = next(i for i, h in enumerate(hits) if h.kind == "question" and h.id == "mau-q2")
    for _ in range(target - results.currentRow()):
        qtbot.keyClick(results, Qt.Key.Key_Down)
    assert results.currentRow() == target
    qtbot.keyClick(results, Qt.Key.Key_Return)

    view = window.lesson_view
    anchor = question_anchor("mau-q2")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is view, timeout=5000)
    assert view.lesson is not None and view.lesson.id == "mau-l1"
    top = anchor_top(view.browser, anchor)
    assert top is not None and top > view.browser.viewport().height()  # far below the top
    qtbot.waitUntil(lambda: anchor_on_screen(view.browser, anchor), timeout=5000)
    assert view.browser.verticalScrollBar().value() > 0

    # opening the lesson again (tree, previous/next) starts at its top
    view.browser.verticalScrollBar().setValue(view.browser.verticalScrollBar().maximum())
    with qtbot.waitSignal(view.shown, timeout=5000):
        window.navigation.open_lesson("mau-l1")
    assert view.browser.verticalScrollBar().value() == 0
    window.close()
