"""Search results: one row per lesson or question, the matched words in bold and colour.

The page only shows hits; the main window runs the search off the GUI thread (debounced) and
opens what the learner activates (Enter or double-click).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import tr
from ethics_trainer.ui.theme import status_colours

if TYPE_CHECKING:
    from ethics_trainer.study.search_hits import SearchHit

HIT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MARK_START = "\x01"
MARK_END = "\x02"


def highlighted(marked: str, style: str) -> str:
    """Escape, then turn the markers into bold, styled spans (markers survive escaping)."""
    escaped = html.escape(marked)
    return escaped.replace(MARK_START, f"<b style='{style}'>").replace(MARK_END, "</b>")


def hit_html(hit: SearchHit, mark_style: str) -> str:
    """Kind, title and section, then the snippet on its own line, matches marked."""
    kind = tr("uis.search.lesson") if hit.kind == "lesson" else tr("uis.search.question")
    title = highlighted(hit.marked_title(MARK_START, MARK_END), mark_style)
    section = ""
    if hit.section:
        from ethics_trainer.study.search_hits import mark  # loaded with the first hits

        marked = mark(hit.section, hit.section_spans, MARK_START, MARK_END)
        section = f" › {highlighted(marked, mark_style)}"
    snippet = highlighted(hit.marked_snippet(MARK_START, MARK_END), mark_style)
    return f"<small>{kind}</small> <b>{title}</b>{section}<br>{snippet}"


def mark_style(palette: QPalette, selected: bool) -> str:
    """Matches stay readable on every background: on the selection they take its text colour
    and an underline (red on blue is unreadable); elsewhere red, lighter on a dark theme."""
    if selected:
        colour = palette.color(QPalette.ColorRole.HighlightedText).name()
        return f"color:{colour}; text-decoration:underline"
    return f"color:{status_colours(palette).wrong.name()}"


def hit_plain(hit: SearchHit) -> str:
    kind = tr("uis.search.lesson") if hit.kind == "lesson" else tr("uis.search.question")
    return f"{kind}: {hit.title}. {hit.snippet}"


class HtmlDelegate(QStyledItemDelegate):
    """Draws a hit's rich text, wrapped to the list's width, in the colours of its state.

    The selected row is drawn like the others (title, section and snippet), in the
    selection's text colour, so selecting a hit never hides or blurs its snippet.
    """

    def row_html(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> str:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return str(index.data(HTML_ROLE) or "")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        return hit_html(hit, mark_style(option.palette, selected))

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(self.row_html(option, index))
        doc.setTextWidth(max(option.rect.width() - 12, 100))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        palette = QPalette(context.palette)
        palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        context.palette = palette  # the property returns a copy: set it back
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 6, option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self.initStyleOption(option, index)
        if option.widget is not None:
            option.rect.setWidth(option.widget.width() - 24)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 8)


class SearchPage(QWidget):
    """Signals: activated(SearchHit)."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel(tr("uis.search.results"))
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(tr("uis.search.results"))
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._activate)
        self.results.itemDoubleClicked.connect(self._activate)
        layout.addWidget(self.results, stretch=1)
        self.hits: list[SearchHit] = []
        self.query = ""

    def show_building(self) -> None:
        self.status.setText(tr("uis.search.building"))

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.query = query
        self.hits = list(hits)
        self.title.setText(tr("uis.search.title", query=query))
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(hit_plain(hit))
            item.setData(HIT_ROLE, hit)
            item.setData(HTML_ROLE, hit_html(hit, mark_style(self.palette(), False)))
            item.setToolTip(hit.title)
            self.results.addItem(item)
        if hits:
            self.status.setText(tr("uis.search.count", count=len(hits)))
            self.results.setCurrentRow(0)
        else:
            self.status.setText(tr("uis.search.none", query=query))

    def _activate(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self.activated.emit(hit)
