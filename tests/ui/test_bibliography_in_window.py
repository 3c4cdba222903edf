"""The "Tài liệu tham khảo" page in the window: listed without a lesson number, no "mark as
read" button, and the home page's bar counts only real lessons (it said "0/2" for one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar

from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.widgets.course_tree import ROLE_ID
from tests.content.helpers import graded, write_course
from tests.ui.helpers import open_window, sign_in


def test_bibliography_is_reference_not_a_lesson(qtbot, tmp_path: Path) -> None:
    content = write_course(tmp_path / "content", graded("q1", "Người dân nộp hồ sơ thiếu."))
    paths = resolve_paths(tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", content)
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    course = window.tree.topLevelItem(0)
    labels = {
        course.child(i).data(0, ROLE_ID): course.child(i).text(0).strip()
        for i in range(course.childCount())
    }
    assert labels["l1"] == "1. Bài một"
    bibliography_id = next(i for i in labels if i not in ("l1", "kh"))
    assert labels[bibliography_id] == "Tài liệu tham khảo"  # no "2."

    bar = window.home_page.card_widgets[0].findChild(QProgressBar, "courseProgress")
    assert (bar.value(), bar.maximum()) == (0, 1)

    with qtbot.waitSignal(window.lesson_view.shown, timeout=5000):
        window.navigation.open_lesson(bibliography_id)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    assert window.lesson_view.read_button.isHidden()
    with qtbot.waitSignal(window.lesson_view.shown, timeout=5000):
        window.navigation.open_lesson("l1")
    assert not window.lesson_view.read_button.isHidden()
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.mouseClick(window.lesson_view.read_button, Qt.MouseButton.LeftButton)
    window.navigation.show_home()
    qtbot.waitUntil(
        lambda: (
            window.pages.currentWidget() is window.home_page
            and window.home_page.card_widgets[0].findChild(QProgressBar, "courseProgress").value()
            == 1
        ),
        timeout=5000,
    )
    bar = window.home_page.card_widgets[0].findChild(QProgressBar, "courseProgress")
    assert (bar.value(), bar.maximum()) == (1, 1)  # all read: the bar is full
    window.close()
