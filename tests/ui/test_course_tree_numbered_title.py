"""A course whose title itself starts with a number ("2. Quy tắc …") is drawn as a title: its
wrapped lines start under its first character, not one "2. " further in, because the tree keeps
a row's mark, number and title apart instead of reading them back out of the text."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.ui.widgets.course_tree import ROLE_ROW, RowText
from tests.ui.helpers import open_window, sign_in
from tests.ui.test_course_tree_indent import FIRST, TOLERANCE, WINDOW_HEIGHT, ink_left_per_row

TITLE = f"2. {FIRST}"


def test_a_course_title_starting_with_a_number_is_not_indented(
    qtbot, paths, sample_content: Path
) -> None:  # type: ignore[no-untyped-def]
    course_file = sample_content / "mau" / "course.md"
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace("title: Khoá mẫu", f'title: "{TITLE}"'),
        encoding="utf-8",
    )
    window = open_window(qtbot, paths)
    window.resize(1024, WINDOW_HEIGHT)
    sign_in(qtbot, window)
    tree = window.tree
    tree.clearSelection()
    tree.setCurrentItem(None)
    course = tree.topLevelItem(0)
    assert course.data(0, ROLE_ROW) == RowText(None, "", TITLE)
    assert course.text(0) == TITLE  # what a screen reader reads
    image = tree.viewport().grab().toImage()
    inked = ink_left_per_row(image, tree.visualItemRect(course), tree.palette().base().color())
    assert inked, "the course row painted nothing"
    first_row = min(inked)
    line_one = range(first_row, first_row + tree.fontMetrics().height() // 2)
    start_x = min(inked[y] for y in line_one if y in inked)
    wrapped = {y: x for y, x in inked.items() if y >= first_row + tree.fontMetrics().lineSpacing()}
    assert wrapped, f"the course title does not wrap at {tree.viewport().width()} px"
    assert abs(min(wrapped.values()) - start_x) <= TOLERANCE + 1, (
        f"wrapped line at x={min(wrapped.values())}, the title starts at x={start_x}"
    )
    window.close()
