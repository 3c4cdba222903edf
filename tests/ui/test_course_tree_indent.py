"""A lesson title that wraps in the course tree continues under its first letter (a hanging
indent), not under its number, read or unread, at both office screen sizes and in both
languages. Checked on the pixels the tree paints."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QTreeWidgetItem

from ethics_trainer import i18n
from ethics_trainer.ui.main_window import MainWindow
from tests.ui.helpers import open_window, sign_in

WINDOW_HEIGHT = 768 - 40 - 30  # a maximised window on a Windows office PC, less taskbar/title
FIRST = "Quy tắc ứng xử của cán bộ, công chức, viên chức, người lao động các cơ quan thuộc Hà Nội"
SECOND = "Văn hóa công sở: Quyết định 129/2007/QĐ-TTg và Chỉ thị 26/CT-TTg về tinh thần phục vụ"
TOLERANCE = 2  # pixels: the first letters of two lines differ in their side bearings


def lesson_item(window: MainWindow, number: int) -> QTreeWidgetItem:
    course = window.tree.topLevelItem(0)
    for i in range(course.childCount()):
        child = course.child(i)
        if f" {number}. " in child.text(0):
            return child
    raise AssertionError(f"no lesson {number} in the tree")


def ink_left_per_row(image: QImage, item_rect, background: QColor) -> dict[int, int]:
    """For each pixel row of the item, the x of its leftmost clearly inked pixel."""
    found: dict[int, int] = {}
    base = background.lightness()
    for y in range(item_rect.top(), item_rect.bottom() + 1):
        for x in range(item_rect.left(), item_rect.right() + 1):
            if abs(QColor(image.pixel(x, y)).lightness() - base) > 100:
                found[y] = x
                break
    return found


def check_hanging_indent(window: MainWindow, item: QTreeWidgetItem, title: str) -> None:
    tree = window.tree
    metrics = tree.fontMetrics()
    rect = tree.visualItemRect(item)
    image = tree.viewport().grab().toImage()
    inked = ink_left_per_row(image, rect, tree.palette().base().color())
    assert inked, f"{item.text(0)!r} painted nothing"
    first_row = min(inked)
    # line 1 starts with its first ink ("1." unread, "✓" read): the title one prefix further on
    shown = item.text(0).lstrip()
    prefix = shown[: shown.index(title)]
    bearing = metrics.leftBearing(prefix[0])
    line_one = range(first_row, first_row + metrics.height() // 2)
    start_x = min(inked[y] for y in line_one if y in inked) - bearing
    title_x = start_x + metrics.horizontalAdvance(prefix)
    wrapped = {y: x for y, x in inked.items() if y >= first_row + metrics.lineSpacing()}
    assert wrapped, f"{item.text(0)!r} does not wrap at {tree.viewport().width()} px"
    start = min(wrapped.values())
    assert title_x - TOLERANCE <= start <= title_x + TOLERANCE + 1, (
        f"{item.text(0)!r}: wrapped line starts at x={start}, the title at x={title_x} "
        f"(line 1 at x={start_x})"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("width", [1024, 1366])
def test_wrapped_lesson_titles_hang_under_their_first_letter(
    qtbot, paths, sample_content: Path, language: str, width: int
) -> None:
    lessons = sample_content / "mau" / "lessons"
    lesson = lessons / "01-dao-duc.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("title: Đạo đức công vụ", f"title: {FIRST}"),
        encoding="utf-8",
    )
    (lessons / "02-van-hoa.md").write_text(
        f'---\nid: mau-l2\ntitle: "{SECOND}"\nminutes: 3\n---\nNội dung.\n', encoding="utf-8"
    )
    i18n.set_language(language)
    window = open_window(qtbot, paths)
    window.resize(width, WINDOW_HEIGHT)
    sign_in(qtbot, window)
    window.open_lesson("mau-l2")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    window.lesson_view.read_button.click()
    qtbot.waitUntil(lambda: "✓ 2. " in lesson_item(window, 2).text(0), timeout=5000)
    window.tree.clearSelection()
    window.tree.setCurrentItem(None)  # no highlight or focus frame over the ink
    check_hanging_indent(window, lesson_item(window, 1), FIRST)  # unread "   1. …"
    check_hanging_indent(window, lesson_item(window, 2), SECOND)  # read "✓ 2. …"
    window.close()


def wrapped_start(window: MainWindow, item: QTreeWidgetItem) -> int:
    """The x where the item's second and later lines start."""
    tree = window.tree
    image = tree.viewport().grab().toImage()
    inked = ink_left_per_row(image, tree.visualItemRect(item), tree.palette().base().color())
    first_row = min(inked)
    return min(x for y, x in inked.items() if y >= first_row + tree.fontMetrics().lineSpacing())


def test_titles_of_lessons_9_and_10_start_at_the_same_x(qtbot, paths, sample_content: Path) -> None:
    """ "10." is wider than "9.": the numbers share a column as wide as the widest, so the
    titles of a course line up."""
    lessons = sample_content / "mau" / "lessons"
    for number in range(2, 11):
        (lessons / f"{number:02d}-bai.md").write_text(
            f'---\nid: mau-l{number}\ntitle: "{FIRST} ({number})"\nminutes: 3\n---\nNội dung.\n',
            encoding="utf-8",
        )
    window = open_window(qtbot, paths)
    window.resize(1024, WINDOW_HEIGHT)
    sign_in(qtbot, window)
    window.tree.clearSelection()
    window.tree.setCurrentItem(None)
    nine, ten = lesson_item(window, 9), lesson_item(window, 10)
    window.tree.scrollToItem(ten, QAbstractItemView.ScrollHint.PositionAtBottom)
    viewport = window.tree.viewport().rect()
    qtbot.waitUntil(
        lambda: all(viewport.contains(window.tree.visualItemRect(i)) for i in (nine, ten))
    )
    assert abs(wrapped_start(window, nine) - wrapped_start(window, ten)) <= TOLERANCE
    window.close()
