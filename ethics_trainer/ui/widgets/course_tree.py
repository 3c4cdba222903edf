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

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ethics_trainer.i18n import tr, trn
from ethics_trainer.record import record

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent  # named only (issue #17: QEvent's enums)

    from ethics_trainer.content.model import Library

ModelIndex = QModelIndex | QPersistentModelIndex
# Qt's values as plain numbers: item roles and ``drawText`` flags are ints in Qt's API, and
# naming them (``Qt.ItemDataRole.UserRole``) would set up the whole ``Qt`` namespace, 94
# enums, before the first paint (issue #17). tests/ui/test_course_tree_values.py checks them.
USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
ROLE_KIND = USER_ROLE  # "course", "lesson" or "final"
ROLE_ID = USER_ROLE + 1  # the course's or the lesson's id
ROLE_ROW = USER_ROLE + 2  # the row's RowText, as drawn
# On a course row: its children's widest number ("10. "). Read from the row, not by walking
# ``index.model()``: that returns a bare model pointer whose class PySide6 finds by setting up
# every model class it knows, before the first paint (issue #17).
ROLE_WIDEST = USER_ROLE + 3
READ_MARK = "✓"
WRAP = 0x1000 | 0x0001 | 0x0020  # Qt.TextFlag.TextWordWrap | AlignLeft | AlignTop
TALL = 100_000  # height of a box to measure wrapped text in


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
    """Size hints measured at the width the row really has, so wrapped text gets its lines."""

    def __init__(self, tree: CourseTree) -> None:
        super().__init__(tree)
        self.tree = tree

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

    def text_rect(self, opt: QStyleOptionViewItem) -> QRect:
        """Where the style draws an item's text inside ``opt.rect``: its text area less the
        margin it keeps each side (as QCommonStyle's own item text drawing does)."""
        style = self.tree.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, self.tree)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.tree) + 1
        return area.adjusted(margin, 0, -margin, 0)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        row = RowText.of(index)
        width = self.text_width(index)
        metrics = QFontMetrics(opt.font)
        opt.text = "X"  # one line: the style's margins around a line of text
        opt.rect = QRect(0, 0, width, metrics.height())
        style = self.tree.style()
        one_line = style.sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self.tree
        )
        opt.rect = QRect(0, 0, width, TALL)
        offset = row.title_offset(metrics, self.widest_number(index))
        room = QRect(0, 0, max(self.text_rect(opt).width() - offset, 1), TALL)
        title = metrics.boundingRect(room, WRAP, row.title)
        height = one_line.height() - metrics.height() + max(title.height(), metrics.height())
        return QSize(min(offset + title.width() + one_line.width(), width), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """The style draws the row (selection, focus) without text; then the mark, the number
        and the wrapped title go in their columns, top-aligned like a numbered list."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        row = RowText.of(index)
        text = self.text_rect(opt)
        opt.text = ""
        style = self.tree.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self.tree)
        metrics = QFontMetrics(opt.font)
        offset = row.title_offset(metrics, self.widest_number(index))
        title = QRect(text.left() + offset, text.top(), max(text.width() - offset, 1), TALL)
        needed = metrics.boundingRect(title, WRAP, row.title).height()
        top = text.top() + max(0, (text.height() - needed) // 2)
        state = opt.state
        group = QPalette.ColorGroup.Normal
        if not state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        selected = bool(state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        palette = opt.palette
        palette.setCurrentColorGroup(group)
        painter.save()
        painter.setFont(opt.font)
        painter.setClipRect(opt.rect)

        def draw(box: QRect, words: str) -> None:
            # The style sets the pen to the palette's colour for ``role``: QPainter.setPen's
            # overloads start with Qt.PenStyle, which sets up the whole Qt namespace before
            # the first paint (issue #17).
            style.drawItemText(painter, box, WRAP, palette, True, words, role)

        left = text.left()
        if row.mark:
            draw(QRect(left, top, offset, metrics.height()), row.mark)
        if row.number:
            number_left = text.left() + offset - metrics.horizontalAdvance(row.number)
            draw(QRect(number_left, top, offset, metrics.height()), row.number)
        draw(title.translated(0, top - text.top()), row.title)
        painter.restore()


class CourseTree(QTreeWidget):
    """A QTreeWidget whose items wrap (rows of different heights) instead of eliding."""

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
