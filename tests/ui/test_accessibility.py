"""Accessibility audit of the main window: every page walked with the Tab key alone.

On each page every interactive control must be reached by Tab (radio buttons of one group
count as one stop: arrows move inside), in reading order (top to bottom), show that it has
focus (its pixels change), and carry an accessible name. A second test doubles the
application font and checks that no button or one-line label is clipped on any page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.settings_dialog import SettingsDialog
from ethics_trainer.ui.theme import BASE_POINT_SIZE, set_font_size, style_sheet
from ethics_trainer.ui.widgets.score_chart import ScoreChart
from tests.ui.helpers import open_window, option_index, sign_in, take_final_quiz

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QTextBrowser,
    QAbstractSpinBox,
    QScrollArea,
    ScoreChart,
)
MAX_TABS = 120


@pytest.fixture
def styled_app() -> Iterator[QApplication]:
    """The app's real style sheet (focus rings included), removed afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(style_sheet(app.font().pointSize()))
    yield app
    app.setStyleSheet(before)


def is_part_of_another(widget: QWidget) -> bool:
    """Scroll bars, headers, a spin box's editor, a line edit's clear button: parts of a
    control that are reached through the control itself."""
    if isinstance(widget, (QHeaderView, QAbstractSlider)):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def interactive(root: QWidget, window: QWidget) -> list[QWidget]:
    found = [root] if isinstance(root, INTERACTIVE) else []
    found += [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE)]
    return [
        w
        for w in found
        if w.isVisibleTo(window)
        and w.isEnabled()
        and not is_part_of_another(w)
        # Judged practice options are read-only text: their verdict is also in the feedback.
        and not w.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    ]


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def tab_cycle(qtbot, window: QWidget, start: QWidget) -> list[QWidget]:
    """Focus ``start``, then press Tab until focus comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    order: list[QWidget] = [start]
    for _ in range(MAX_TABS):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start:
            return order
        if current is not None and current not in order:
            order.append(current)
    raise AssertionError(f"Tab never came back to {start.objectName()}: a keyboard trap?")


def top_of(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, QPoint(0, 0)).y()


def audit(qtbot, window: MainWindow, page: QWidget, name: str) -> None:
    assert window.pages.currentWidget() is page, name
    qtbot.waitUntil(lambda: page.isVisible(), timeout=2000)
    controls = interactive(window.centralWidget(), window)
    assert controls, name
    unfocused: dict[int, QImage] = {}
    window.menuBar().setFocus()  # nothing under test holds the focus
    for widget in controls:
        unfocused[id(widget)] = widget.grab().toImage()
    order = tab_cycle(qtbot, window, window.search_box)
    reached = {id(w) for w in order}
    for widget in controls:
        label = f"{name}: {type(widget).__name__} {widget.objectName()!r}"
        assert accessible_name(widget), f"{label} has no accessible name"
        if isinstance(widget, QAbstractButton) and widget.group() is not None:
            # Qt keeps one Tab stop per button group; the arrow keys move inside it.
            members = widget.group().buttons()
            assert any(id(m) in reached for m in members), f"{label}: its group is not reached"
            continue
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, f"{label} refuses Tab"
        assert id(widget) in reached, f"{label} is not reached by Tab"
    # Visible focus: each stop looks different with the focus than without it.
    for widget in order:
        if id(widget) not in unfocused or widget is window.search_box:
            continue
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda w=widget: w.hasFocus(), timeout=2000)
        focused = widget.grab().toImage()
        assert focused != unfocused[id(widget)], (
            f"{name}: focus on {widget.objectName()!r} is invisible"
        )
    # Reading order: on the page, Tab goes down (never back up by more than a row).
    on_page = [w for w in order if page.isAncestorOf(w)]
    tops = [top_of(w, page) for w in on_page]
    for (before, above), (after, below) in zip(
        zip(on_page, tops, strict=True), zip(on_page[1:], tops[1:], strict=True), strict=False
    ):
        assert below >= above - before.height() // 2, (
            f"{name}: Tab goes up from {before.objectName()!r} to {after.objectName()!r}"
        )


def visit_all_pages(qtbot, window: MainWindow, monkeypatch, check: Callable) -> None:
    """Every page of the main window in a state with content, ``check(page, name)`` on each."""
    check(window.profile_page, "profile")
    sign_in(qtbot, window)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)  # history, chart, reviews
    check(window.result_view, "result")
    window.navigation.show_home()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
    qtbot.waitUntil(lambda: window.home_page.due_reviews > 0, timeout=5000)
    check(window.home_page, "home")
    window.navigation.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    check(window.lesson_view, "lesson")
    qtbot.waitUntil(lambda: window.search.ready, timeout=10000)
    with qtbot.waitSignal(window.searched, timeout=10000):
        window.search_box.setText("đạo đức")
    check(window.search_page, "search")
    window.search_box.clear()
    window.study.start_practice("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.practice_view, timeout=5000)
    check(window.practice_view, "practice")
    view = window.practice_view
    view.choose_option(option_index(view.current_question, correct=True))
    with qtbot.waitSignal(view.feedback_shown, timeout=5000):
        view.check_current()
    check(window.practice_view, "practice feedback")
    window.study.show_progress()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.progress_page, timeout=5000)
    check(window.progress_page, "progress")
    window.study.show_review()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.review_page, timeout=5000)
    check(window.review_page, "review")
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    check(window.quiz_view, "quiz")


def test_every_control_by_keyboard_named_and_focus_visible(
    qtbot, paths, monkeypatch, styled_app
) -> None:
    window = open_window(qtbot, paths)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    visit_all_pages(qtbot, window, monkeypatch, lambda page, name: audit(qtbot, window, page, name))
    window.quiz_view.stop()
    window.close()


def test_settings_dialog_by_keyboard(qtbot, styled_app) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    order = tab_cycle(qtbot, dialog, dialog.language)
    for widget in interactive(dialog, dialog):
        assert accessible_name(widget), widget.objectName()
        assert widget in order, widget.objectName()


def clipped_texts(window: QWidget, page: QWidget) -> list[str]:
    """Buttons and one-line labels of ``page`` (and the window's left side) whose text does
    not fit the room the layout gave them."""
    problems = []
    widgets = [w for w in window.findChildren(QWidget) if w.isVisible()]
    for widget in widgets:
        if not (page.isAncestorOf(widget) or not window.pages.isAncestorOf(widget)):
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            text = widget.text().replace("&", "")
            needed = widget.fontMetrics().horizontalAdvance(text)
            if widget.width() < needed or widget.width() + 1 < widget.sizeHint().width():
                problems.append(f"button {text!r}: {widget.width()} < {needed}")
            if widget.height() < widget.fontMetrics().height():
                problems.append(f"button {text!r} is too low")
        elif isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
                needed = widget.sizeHint().width()
            else:
                needed = max(
                    widget.fontMetrics().horizontalAdvance(line)
                    for line in widget.text().split("\n")
                )
            if widget.width() < needed:
                problems.append(f"label {widget.text()!r}: {widget.width()} < {needed}")
    return problems


def clipped_tree_items(tree: QTreeWidget) -> list[str]:
    """Tree rows whose title does not fit (wrapped) in the row the tree gave it."""
    problems = []
    metrics = tree.fontMetrics()
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    iterator = QTreeWidgetItemIterator(tree)
    while item := iterator.value():
        rect = tree.visualItemRect(item)
        text = item.text(0)
        if text and rect.isValid():
            room = QRect(0, 0, rect.width() - 2 * margin, 100_000)
            needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text)
            if needed.height() > rect.height() or needed.width() > room.width():
                problems.append(f"tree {text!r}: {rect.width()}×{rect.height()} < {needed}")
        iterator += 1
    return problems


LONG_TITLE = (
    "Quy tắc ứng xử của cán bộ, công chức, viên chức, người lao động các cơ quan thuộc "
    "thành phố Hà Nội"
)


def test_nothing_clipped_at_double_font_size(
    qtbot, paths, monkeypatch, styled_app, sample_content: Path
) -> None:
    """At 200% (application font ×2) every page fits its buttons' and labels' text, and the
    course tree shows whole titles (a long one wraps over several lines)."""
    (sample_content / "mau" / "lessons" / "02-quy-tac.md").write_text(
        f"---\nid: mau-l2\ntitle: {LONG_TITLE}\nminutes: 3\n---\nNội dung.\n", encoding="utf-8"
    )
    app = styled_app
    original = app.font().pointSize()
    set_font_size(app, BASE_POINT_SIZE * 2)
    try:
        window = open_window(qtbot, paths)
        window.resize(1280, 860)
        found: dict[str, list[str]] = {}

        def check(page: QWidget, name: str) -> None:
            qtbot.waitUntil(lambda: page.isVisible(), timeout=2000)
            QApplication.processEvents()  # let the layouts settle
            problems = clipped_texts(window, page) + clipped_tree_items(window.tree)
            hint = window.minimumSizeHint()  # the window fits a 1280×860 screen
            if hint.width() > 1280 or hint.height() > 860:
                problems.append(f"the window needs {hint.width()}×{hint.height()}")
            if problems:
                found[name] = problems

        visit_all_pages(qtbot, window, monkeypatch, check)
        long_item = window.tree.findItems(
            LONG_TITLE, Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
        )[0]
        lines = window.tree.visualItemRect(long_item).height() / window.tree.fontMetrics().height()
        assert lines >= 2, "the long title is not wrapped"
        window.quiz_view.stop()
        window.close()
        assert not found, found
    finally:
        set_font_size(app, original)


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a menu text ("&Tệp" → "t"), or None."""
    at = text.replace("&&", "").find("&")
    plain = text.replace("&&", "")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


@pytest.mark.parametrize("language", ["vi", "en"])
def test_menus_have_alt_letters(qtbot, paths, language: str) -> None:
    """Every menu of the window (the exams and HR menus too) opens with Alt+letter, and inside
    a menu every entry has a letter and no two share one."""
    from ethics_trainer import i18n

    i18n.set_language(language)
    window = open_window(qtbot, paths)
    without: list[str] = []
    letters: list[str] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is None:
            continue
        letter = mnemonic(action.text())
        if letter is None:
            without.append(action.text())
            continue
        letters.append(letter)
        entries = [a.text() for a in menu.actions() if not a.isSeparator()]
        keys = [mnemonic(text) for text in entries]
        assert None not in keys, f"{action.text()}: an entry has no Alt letter: {entries}"
        assert len(set(keys)) == len(keys), f"{action.text()}: letters repeat: {entries}"
    assert len(set(letters)) == len(letters), f"menu letters repeat: {letters}"
    assert not without, f"menus without an Alt letter: {without}"
    window.close()


def test_content_problems_button_by_keyboard(qtbot, tmp_path: Path, sample_content: Path) -> None:
    """The status-bar button for skipped content files: reached by Tab, named with its count,
    opened with Space, and Ctrl+Shift+E opens the same list from anywhere."""
    from PySide6.QtWidgets import QDialog

    from ethics_trainer.paths import resolve_paths

    (sample_content / "mau" / "lessons" / "09-hong.md").write_text(
        "---\nid: [\n---\n", encoding="utf-8"
    )
    paths = resolve_paths(tmp_path / "d", f"sqlite:///{tmp_path / 'p.db'}", sample_content)
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    button = window.problems_button
    assert button.isVisible()
    assert "1" in accessible_name(button) and "Ctrl+Shift+E" in accessible_name(button)
    assert button in tab_cycle(qtbot, window, window.search_box)

    def open_dialog() -> QDialog | None:
        return window.findChild(QDialog, "problemsDialog")

    button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: open_dialog() is not None and open_dialog().isVisible(), timeout=5000)
    dialog = open_dialog()
    dialog.reject()
    dialog.setObjectName("closedProblems")
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    QTest.keyClick(
        window.home_page,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: open_dialog() is not None and open_dialog().isVisible(), timeout=5000)
    open_dialog().reject()
    window.close()
