"""The course tree on the left: titles wrap onto several lines instead of ending in "…".

Official titles are long ("Quy tắc ứng xử của CBCCVC, người lao động các cơ quan thuộc thành
phố Hà Nội (QĐ 522/QĐ-UBND)"), and at 200% font size even short ones would not fit a sidebar.
Each row is as tall as its wrapped title; rows are measured again when the tree changes width.
A lesson row reads "✓ 3. Title": the read mark and the number stand in columns of their own and
the title wraps with a hanging indent, its second line under its first letter, not under "3.".
The tree is filled from the library (:meth:`CourseTree.fill`) and keeps each row's mark, number
and title as separate values (:class:`RowText`), so a title that itself starts with "2. " is
drawn as a title, never taken for a number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ethics_trainer.i18n import tr, trn
from ethics_trainer.record import record

if TYPE_CHECKING:
    from PySide6.QtGui import QBrush, QFont, QPaintEvent, QResizeEvent  # named only

    from ethics_trainer.content.model import Library

ModelIndex = QModelIndex | QPersistentModelIndex
# Qt's values as plain numbers: item roles are ints in Qt's API, and naming them
# (``Qt.ItemDataRole.UserRole``) would set up the whole ``Qt`` namespace, 94 enums, before the
# first paint (issue #17). tests/ui/test_course_tree_values.py checks them.
USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
ROLE_KIND = USER_ROLE  # "course", "lesson" or "final"
ROLE_ID = USER_ROLE + 1  # the course's or the lesson's id
ROLE_ROW = USER_ROLE + 2  # the row's RowText, as drawn
# On a course row: its children's widest number ("10. "). Read from the row, not by walking
# ``index.model()``: that returns a bare model pointer whose class PySide6 finds by setting up
# every model class it knows, before the first paint (issue #17).
ROLE_WIDEST = USER_ROLE + 3
READ_MARK = "✓"
UNBOUNDED = 100_000  # pixels: more than any text needs (a box to measure in, one line)


@record()
class RowText:
    """A row's text cut into the columns it is drawn in: read mark, number, title."""

    mark: str | None  # None: the row has no mark column (a course, the final quiz)
    number: str
    title: str

    @property
    def text(self) -> str:
        """The row as one line ("✓ 3. Title"), for screen readers and tooltips."""
        if self.mark is None:
            return f"{self.number}{self.title}"
        return f"{self.mark or '   '}{' ' if self.mark else ''}{self.number}{self.title}"

    @classmethod
    def of(cls, index: ModelIndex) -> RowText:
        """The values the tree stored for the row; a row without them is all title."""
        row = index.data(ROLE_ROW)
        if isinstance(row, RowText):
            return row
        return cls(None, "", str(index.data() or ""))

    def title_offset(self, metrics: QFontMetrics, widest_number: str) -> int:
        """Pixels from the text's left edge to the title's: where its wrapped lines start.
        A lesson's number column is as wide as the course's widest ("10. "), so every title
        of the course, the bibliography's too, starts at the same x."""
        if self.mark is None:
            return metrics.horizontalAdvance(self.number)
        mark = metrics.horizontalAdvance(f"{READ_MARK} ")
        return mark + max(
            metrics.horizontalAdvance(self.number), metrics.horizontalAdvance(widest_number)
        )


class WrappingDelegate(QStyledItemDelegate):
    """Size hints measured at the width the row really has, so wrapped text gets its lines.

    The style (in Qt's own code) draws each row without its text: selection, focus, hover.
    The text is laid out here, with a hanging indent, and drawn in the palette's colour for the
    row. Nothing here names ``QStyle``: that class's 11 enums (570 members) cost a sixth of
    the start-up's own work before the first paint (issue #17), and ``QPainter.setPen`` would
    set up the whole ``Qt`` namespace; a text layout's character format carries the colour.
    """

    def __init__(self, tree: CourseTree) -> None:
        super().__init__(tree)
        self.tree = tree
        # The text the style is given for a row: none when it paints the row (the text is
        # drawn here), one letter when it measures a line of text with its margins.
        self._stand_in = ""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = self._stand_in

    def text_width(self, index: ModelIndex) -> int:
        """Room for the row: the viewport less the indentation of the item's depth."""
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        if self.tree.rootIsDecorated():
            depth += 1
        return max(40, self.tree.viewport().width() - depth * self.tree.indentation())

    def widest_number(self, index: ModelIndex) -> str:
        """The longest lesson number among the row's siblings, with its ". " ("10. "): kept
        on the parent row by :meth:`CourseTree.fill`; top-level rows have none."""
        widest = index.parent().data(ROLE_WIDEST)
        return widest if isinstance(widest, str) else ""

    def one_line(self, option: QStyleOptionViewItem, index: ModelIndex) -> tuple[QSize, int]:
        """The style's size for a row of one short line, and the margin it keeps each side of
        the text (QCommonStyle: its focus-frame margin plus one)."""
        self._stand_in = "X"
        try:
            size = super().sizeHint(option, index)
        finally:
            self._stand_in = ""
        letter = math.ceil(QFontMetricsF(option.font).horizontalAdvance("X"))
        return size, max(0, (size.width() - letter) // 2)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        width = self.text_width(index)
        opt.rect = QRect(0, 0, width, UNBOUNDED)
        one_line, margin = self.one_line(opt, index)
        row = RowText.of(index)
        metrics = QFontMetrics(option.font)
        offset = row.title_offset(metrics, self.widest_number(index))
        room = max(width - 2 * margin - offset, 1)
        title = TextBlock(row.title, option.font, room)
        height = one_line.height() - metrics.height() + max(title.height, metrics.height())
        return QSize(min(offset + title.width + one_line.width(), width), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """The style draws the row (selection, focus) without text; then the mark, the number
        and the wrapped title go in their columns, top-aligned like a numbered list."""
        super().paint(painter, option, index)  # the text is blanked by initStyleOption
        _, margin = self.one_line(option, index)
        rect = option.rect
        text = QRect(
            rect.left() + margin, rect.top(), max(rect.width() - 2 * margin, 1), rect.height()
        )
        row = RowText.of(index)
        font = option.font
        metrics = QFontMetrics(font)
        offset = row.title_offset(metrics, self.widest_number(index))
        item = self.tree.itemFromIndex(index)
        selected = item is not None and item.isSelected()
        # The palette's current group is the row's (disabled, inactive window or active).
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.brush(role)
        title = TextBlock(row.title, font, max(text.width() - offset, 1), colour)
        top = text.top() + max(0, (text.height() - title.height) // 2)
        painter.save()
        painter.setClipRect(rect)
        if row.mark:
            TextBlock(row.mark, font, UNBOUNDED, colour).draw(painter, text.left(), top)
        if row.number:
            number_left = text.left() + offset - metrics.horizontalAdvance(row.number)
            TextBlock(row.number, font, UNBOUNDED, colour).draw(painter, number_left, top)
        title.draw(painter, text.left() + offset, top)
        painter.restore()


class TextBlock:
    """Text broken into lines of at most ``width`` pixels at word boundaries, as
    ``QPainter.drawText`` with ``Qt.TextWordWrap`` breaks them; measured and drawn by the same
    layout, so a row is as tall as the lines it shows. ``colour``: the text's, carried by its
    character format instead of the painter's pen (see :class:`WrappingDelegate`); a layout
    only measured needs none."""

    def __init__(self, text: str, font: QFont, width: int, colour: QBrush | None = None) -> None:
        layout = QTextLayout(text, font)
        if colour is not None:  # before the lines are made: setting formats discards them
            paint = QTextCharFormat()
            paint.setForeground(colour)
            tint = QTextLayout.FormatRange()
            tint.start, tint.length, tint.format = 0, len(text), paint
            layout.setFormats([tint])
        leading = QFontMetricsF(font).leading()
        y = 0.0
        widest = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            if line.lineNumber() > 0:
                y += leading
            y = math.ceil(y)  # each line on whole pixels, as drawText places them
            line.setPosition(QPointF(0, y))
            y += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        self.layout = layout
        self.height = math.ceil(y)
        self.width = math.ceil(widest)

    def draw(self, painter: QPainter, left: int, top: int) -> None:
        self.layout.draw(painter, QPointF(left, top))


class CourseTree(QTreeWidget):
    """A QTreeWidget whose items wrap (rows of different heights) instead of eliding.

    Signals: ``painted`` after each paint of its rows (start-up waits for the first one that
    shows the library).
    """

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        # No elide mode or scroll-bar policy is set: the delegate draws the text itself, and
        # its rows are never wider than the viewport, so no sideways bar ever shows.
        self.setItemDelegate(WrappingDelegate(self))
        # A viewport made here: the one Qt makes would reach Python through ``viewport()`` as
        # a bare QWidget pointer, and PySide6 finds its class by initialising every QWidget
        # subclass it knows (about 30, with their enums: ~7-15 ms before the first paint,
        # issue #17). This one is the same plain QWidget, already known to Python.
        self.setViewport(QWidget())
        self._laid_out_width = -1

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._laid_out_width:
            self._laid_out_width = width
            self.doItemsLayout()  # row heights depend on the width: measure them again

    def fill(self, library: Library | None, read_ids: Iterable[str] = ()) -> None:
        """One row per course, its lessons numbered (the bibliography is not: it is a
        reference), a ✓ on the lessons in ``read_ids``, and the course's final quiz."""
        read = frozenset(read_ids)
        self.clear()
        if library is None:
            return
        for course in library.courses:
            course_item = _item(RowText(None, "", course.title), "course", course.id)
            number, widest = 0, ""
            for lesson in course.lessons:
                mark = READ_MARK if lesson.id in read else ""
                label = ""
                if not lesson.generated:
                    number += 1
                    label = f"{number}. "
                    widest = label if len(label) > len(widest) else widest
                item = _item(RowText(mark, label, lesson.title), "lesson", lesson.id)
                item.setToolTip(
                    0, trn("main.lesson_tooltip", lesson.minutes, minutes=lesson.minutes)
                )
                course_item.addChild(item)
            if course.final_quiz is not None:
                final = RowText(None, "", tr("main.final_quiz_item"))
                course_item.addChild(_item(final, "final", course.id))
            course_item.setData(0, ROLE_WIDEST, widest)
            self.addTopLevelItem(course_item)
            course_item.setExpanded(True)

    def select_lesson(self, lesson_id: str) -> None:
        """Make the lesson's row the current one (the reader shows it)."""
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is None:
                    continue
                if child.data(0, ROLE_ID) == lesson_id and child.data(0, ROLE_KIND) == "lesson":
                    self.setCurrentItem(child)
                    return

    def current_id(self) -> str | None:
        """The id of the current row's course or lesson, if any."""
        current = self.currentItem()
        return current.data(0, ROLE_ID) if current is not None else None


def _item(row: RowText, kind: str, ident: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([row.text])
    item.setData(0, ROLE_KIND, kind)
    item.setData(0, ROLE_ID, ident)
    item.setData(0, ROLE_ROW, row)
    return item
