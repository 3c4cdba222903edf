"""The course tree on the left: titles wrap onto several lines instead of ending in "…".

Official titles are long ("Quy tắc ứng xử của CBCCVC, người lao động các cơ quan thuộc thành
phố Hà Nội (QĐ 522/QĐ-UBND)"), and at 200% font size even short ones would not fit a sidebar.
Each row is as tall as its wrapped title; rows are measured again when the tree changes width.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

ModelIndex = QModelIndex | QPersistentModelIndex


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

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        width = self.text_width(index)
        opt.rect = QRect(0, 0, width, 1)
        style = self.tree.style()
        size = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self.tree)
        return QSize(min(size.width(), width), size.height())


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
