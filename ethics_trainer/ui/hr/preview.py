"""A certificate shown before it is saved or printed.

QtPdf renders each page to an image that fits the window; ``QPdfView`` is not used: in
fit-in-view mode, under the app's style sheet, it kept resizing itself (scroll bars on, zoom
down, scroll bars off, zoom up…) and froze the app at 100% CPU for minutes. Here the page size
is computed from the viewport with room for the scroll bar always reserved, so showing a
scroll bar can never change the size asked for, and a page is rendered again only when that
size changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit.errors import show_error

MARGIN = 12  # pixels around a page in the viewport


def fitted(page: QSize, room: QSize) -> QSize:
    """``page`` scaled to fit inside ``room``, keeping its shape (never below 50 px)."""
    if page.isEmpty():
        return QSize(max(room.width(), 50), max(room.height(), 50))
    scaled = page.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(scaled.width(), 50), max(scaled.height(), 50))


class CertificatePreview(QDialog):
    """Shows PDF bytes with Save and Print. Signal ``rendered`` after the pages are drawn at
    the current size. ``default_name`` is offered by Save; ``note``, if any, is shown above
    the page (the learner's preview says when HR has not set the organisation up yet)."""

    rendered = Signal()
    saved = Signal(str)

    def __init__(
        self,
        pdf: bytes,
        parent: QWidget | None = None,
        default_name: str = "giay-chung-nhan.pdf",
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificatePreview")
        self.setWindowTitle(tr("hr.ui.preview_title"))
        self.pdf = pdf
        self.default_name = default_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self._size: QSize | None = None  # the page size last rendered

        self.pages = QWidget()
        self.pages.setObjectName("certificatePages")
        self._pages_layout = QVBoxLayout(self.pages)
        self._pages_layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self._pages_layout.setSpacing(MARGIN)
        self.labels: list[QLabel] = []
        for _ in range(self.document.pageCount()):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(tr("hr.ui.preview_title"))
            self._pages_layout.addWidget(label)
            self.labels.append(label)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.pages)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.print_button = QPushButton(tr("ui_admin.preview.print"))
        self.print_button.setObjectName("certificatePrint")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(lambda: self.ask_save())
        self.print_button.clicked.connect(lambda: self.ask_print())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.note = QLabel(note)
        self.note.setObjectName("certificateNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(buttons)

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self.render_pages)
        self.resize(760, 600)

    # -- drawing -------------------------------------------------------------------------------
    def page_room(self) -> QSize:
        """Where one page must fit: the viewport, less the margins and a scroll bar's width
        (reserved whether or not it shows, so a scroll bar cannot change the answer)."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        frame = 2 * self.scroll_area.frameWidth()
        return QSize(
            max(self.scroll_area.width() - frame - bar - 2 * MARGIN, 50),
            max(self.scroll_area.height() - frame - 2 * MARGIN, 50),
        )

    def render_pages(self) -> None:
        room = self.page_room()
        if self.document.pageCount() == 0:
            return
        size = fitted(self.document.pagePointSize(0).toSize(), room)
        if size == self._size:
            return
        self._size = size
        ratio = self.devicePixelRatioF()
        for index, label in enumerate(self.labels):
            page = fitted(self.document.pagePointSize(index).toSize(), room)
            image = self.document.render(index, page * ratio)
            image.setDevicePixelRatio(ratio)
            label.setPixmap(QPixmap.fromImage(image))
        self.rendered.emit()

    def page_image(self, index: int = 0) -> QImage:
        label = self.labels[index]
        return label.pixmap().toImage()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._render_timer.start()

    # -- save and print ------------------------------------------------------------------------
    def ask_save(self) -> str:
        """Ask where to save the PDF, then save it; returns the path ("" when cancelled)."""
        path, _ = QFileDialog.getSaveFileName(
            self, tr("ui_admin.preview.save_title"), self.default_name, "PDF (*.pdf)"
        )
        if not path:
            return ""
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path if self.save_to(path) else ""

    def save_to(self, path: str | Path) -> bool:
        """Write the PDF (to a temporary name first, so a full disk leaves no half file)."""
        from ethics_trainer.fileio.safe_write import write_bytes

        target = Path(path)
        try:
            write_bytes(target, self.pdf)  # the one atomic writer: devices and links refused
        except UserError as exc:
            show_error(self, exc)
            return False
        self.saved.emit(str(target))
        return True

    def ask_print(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("ui_admin.preview.print_title"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Each page drawn at the printer's resolution, centred on the paper."""
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, UserError(tr("ui_admin.preview.print_failed")))
            return False
        try:
            for index in range(self.document.pageCount()):
                if index:
                    printer.newPage()
                area = painter.viewport()
                size = fitted(self.document.pagePointSize(index).toSize(), area.size())
                image = self.document.render(index, size)
                x = area.x() + (area.width() - size.width()) // 2
                y = area.y() + (area.height() - size.height()) // 2
                painter.drawImage(x, y, image)
        finally:
            painter.end()
        return True
