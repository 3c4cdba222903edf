"""The course tree on the left: titles wrap onto several lines instead of ending in "…".

Official titles are long ("Quy tắc ứng xử của CBCCVC, người lao động các cơ quan thuộc thành
phố Hà Nội (QĐ 522/QĐ-UBND)"), and at 200% font size even short ones would not fit a sidebar.
Each row is as tall as its wrapped title; rows are measured again when the tree changes width.
A lesson row reads "✓ 3. Title": the read mark and the number stand in columns of their own and
the title wraps with a hanging indent, its second line under its first letter, not under "3.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

ModelIndex = QModelIndex | QPersistentModelIndex
READ_MARK = "✓"
# "✓ 3. Title" or "   3. Title" (unread) for a lesson, "✓ Title" for the bibliography
ROW_TEXT = re.compile(rf"^(?:({READ_MARK}) | {{3}}(?=\S)|())(\d+\.\s+)?(.*)$", re.DOTALL)
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
TALL = 100_000  # height of a box to measure wrapped text in


@dataclass(frozen=True)
class RowText:
    """A row's text cut into the columns it is drawn in: read mark, number, title."""

    mark: str | None  # None: the row has no mark column (a course, the final quiz)
    number: str
    title: str

    @classmethod
    def of(cls, text: str) -> RowText:
        match = ROW_TEXT.match(text)
        assert match is not None  # the last group takes any text
        read, no_column, number, title = match.groups()
        if read is not None:
            return cls(READ_MARK, number or "", title)
        if no_column is not None:  # no leading mark or spaces: a course or the final quiz
            return cls(None, number or "", title)
        return cls("", number or "", title)

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
        """The longest lesson number among the row's siblings, with its ". " ("10. ")."""
        model = index.model()
        parent = index.parent()
        widest = ""
        for row in range(model.rowCount(parent)):
            text = str(model.data(model.index(row, 0, parent)) or "")
            widest = max(widest, RowText.of(text).number, key=len)
        return widest

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
        row = RowText.of(opt.text)
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
        row = RowText.of(opt.text)
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
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        painter.setClipRect(opt.rect)
        left = text.left()
        if row.mark:
            painter.drawText(QRect(left, top, offset, metrics.height()), WRAP, row.mark)
        if row.number:
            number_left = text.left() + offset - metrics.horizontalAdvance(row.number)
            painter.drawText(QRect(number_left, top, offset, metrics.height()), WRAP, row.number)
        painter.drawText(title.translated(0, top - text.top()), WRAP, row.title)
        painter.restore()


class CourseTree(QTreeWidget):
    """A QTreeWidget whose items wrap (rows of different heights) instead of eliding."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(WrappingDelegate(self))
        self._laid_out_width = -1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._laid_out_width:
            self._laid_out_width = width
            self.doItemsLayout()  # row heights depend on the width: measure them again
