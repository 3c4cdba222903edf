"""The lesson reader: rendered Markdown, a table of contents, mark as read, previous/next."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QPalette, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.content.model import Lesson, Question
from ethics_trainer.i18n import tr
from ethics_trainer.ui import settings

if TYPE_CHECKING:  # imported on first use at run time (see render_markdown)
    from ethics_trainer.content.render import Rendered

READER_CSS = """
body {{ line-height: 150%; }}
h1 {{ font-size: 20pt; }} h2 {{ font-size: 16pt; }} h3 {{ font-size: 13pt; }}
table {{ border-collapse: collapse; margin: 8px 0; }}
th, td {{ border: 1px solid {border}; padding: 4px 8px; }}
th {{ background: {header}; }}
blockquote {{ margin: 8px 16px; color: {text}; font-style: italic; }}
.missing-image {{ color: {muted}; }}
"""


def reader_css(palette: QPalette) -> str:
    """The reader's look in the colours of the palette (readable in dark mode too)."""
    role = QPalette.ColorRole
    return READER_CSS.format(
        border=palette.color(role.Mid).name(),
        header=palette.color(role.AlternateBase).name(),
        text=palette.color(role.Text).name(),
        muted=palette.color(role.PlaceholderText).name(),
    )


QUESTIONS_ANCHOR = "lesson-questions"


def question_anchor(question_id: str) -> str:
    """The reader's anchor for a question of the lesson (a search hit scrolls to it)."""
    return "q-" + re.sub(r"[^A-Za-z0-9_-]", "-", question_id)


def questions_html(questions: Sequence[Question], root: Path) -> str:
    """The lesson's questions at the end of the page, without their answers: what the
    learner will be asked, and where a search hit on a question lands."""
    from ethics_trainer.content import render

    parts = [f"<hr><h2><a name='{QUESTIONS_ANCHOR}'></a>{tr('uis.reader.questions')}</h2>"]
    for number, question in enumerate(questions, start=1):
        title = html.escape(question.title or question.id)
        stem = render.render_inline(
            question.stem, base=(root / question.path).parent if question.path else root, root=root
        )
        parts.append(
            f"<p><a name='{question_anchor(question.id)}'></a><b>{number}. {title}</b></p>"
            f"<p>{stem}</p>"
        )
    return "".join(parts)


def render_markdown(text: str, *, base: Path, root: Path) -> Rendered:
    """Imported on first use: Python-Markdown costs ~30 ms, not needed for the first paint."""
    from ethics_trainer.content import render

    return render.render_markdown(text, base=base, root=root)


# Qt's table layout can end a table that fills the page 1–2 px past the width it was given,
# which showed a horizontal scroll bar under the lesson for one pixel of nothing.
WRAP_SLACK = 4


class SafeBrowser(QTextBrowser):
    """Shows only local files inside the content folder; never fetches or follows links itself.
    Text wraps a few pixels inside the viewport (see ``WRAP_SLACK``): only content that is
    really wider (a large image) brings a horizontal scroll bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self._fit_wrap()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def _fit_wrap(self) -> None:
        width = max(self.viewport().width() - WRAP_SLACK, 1)
        if self.lineWrapColumnOrWidth() != width:
            self.setLineWrapColumnOrWidth(width)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # also when the vertical scroll bar comes or goes
            self._fit_wrap()
        return super().viewportEvent(event)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        url = QUrl(url)  # Qt passes a QUrl; its signature also allows a string
        if (
            kind == QTextDocument.ResourceType.ImageResource.value
            and url.isLocalFile()
            and self.root
        ):
            path = Path(url.toLocalFile()).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return super().loadResource(kind, url)
        if kind == QTextDocument.ResourceType.StyleSheetResource.value:
            return None
        return None

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
            return
        if url.scheme() in ("http", "https", "mailto"):
            answer = QMessageBox.question(
                self, tr("reader.open_link_title"), tr("reader.open_link", url=url.toString())
            )
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(url)


class LessonView(QWidget):
    """Signals: mark_read(lesson_id, bool), go(lesson_id) for previous/next, practice(lesson_id)
    for untimed practice, lesson_quiz(lesson_id) for the timed lesson quiz; shown(lesson_id)
    once a lesson is displayed (the reading-time tracker follows it)."""

    mark_read = Signal(str, bool)
    shown = Signal(str)
    go = Signal(str)
    practice = Signal(str)
    lesson_quiz = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: Lesson | None = None
        self.prev_id: str | None = None
        self.next_id: str | None = None
        self._read = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        top.addWidget(self.title, stretch=1)
        self.toc = QComboBox()
        self.toc.setObjectName("toc")
        self.toc.setAccessibleName(tr("reader.toc"))
        self.toc.setMinimumWidth(220)
        # Sized for a short heading, not the longest one: the lesson's title keeps the room
        # (the popup list still shows whole headings)
        self.toc.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.toc.setMinimumContentsLength(24)
        self.toc.activated.connect(self._jump)
        top.addWidget(self.toc)
        layout.addLayout(top)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        layout.addWidget(self.meta)
        self.browser = SafeBrowser()
        self.browser.setObjectName("lessonBrowser")
        self.browser.setAccessibleName(tr("reader.body"))
        self.browser.document().setDefaultStyleSheet(reader_css(self.palette()))
        layout.addWidget(self.browser, stretch=1)
        buttons = QHBoxLayout()
        self.prev_button = QPushButton(tr("reader.previous"))
        self.prev_button.setObjectName("prevLesson")
        self.prev_button.clicked.connect(lambda: self.prev_id and self.go.emit(self.prev_id))
        self.next_button = QPushButton(tr("reader.next"))
        self.next_button.setObjectName("nextLesson")
        self.next_button.clicked.connect(lambda: self.next_id and self.go.emit(self.next_id))
        self.practice_button = QPushButton(tr("uis.reader.practice"))
        self.practice_button.setObjectName("practiceLesson")
        self.practice_button.setToolTip(tr("uis.reader.practice_tip"))
        self.practice_button.clicked.connect(
            lambda: self.lesson and self.practice.emit(self.lesson.id)
        )
        self.quiz_button = QPushButton(tr("reader.practice"))
        self.quiz_button.setObjectName("lessonQuiz")
        self.quiz_button.clicked.connect(
            lambda: self.lesson and self.lesson_quiz.emit(self.lesson.id)
        )
        self.read_button = QPushButton(tr("reader.mark_read"))
        self.read_button.setObjectName("markRead")
        self.read_button.clicked.connect(self._toggle_read)
        # Two rows, so the page still fits a 1280-pixel screen at 200% font size: what to do
        # with this lesson, then where to go.
        buttons.addStretch(1)
        buttons.addWidget(self.practice_button)
        buttons.addWidget(self.quiz_button)
        buttons.addWidget(self.read_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        moves = QHBoxLayout()
        moves.addWidget(self.prev_button)
        moves.addStretch(1)
        moves.addWidget(self.next_button)
        layout.addLayout(moves)
        chain = [self.toc, self.browser, self.practice_button, self.quiz_button]
        chain += [self.read_button, self.prev_button, self.next_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        for button in (
            self.prev_button,
            self.next_button,
            self.practice_button,
            self.quiz_button,
            self.read_button,
        ):
            button.setAccessibleName(button.text())
        self.toc.setAccessibleName(tr("reader.toc"))
        self.font_size = settings.reader_font_size(self.browser.font().pointSize() or 11)
        self._apply_font()
        for keys in ("Ctrl+=", "Ctrl++"):
            QShortcut(QKeySequence(keys), self, lambda: self.zoom(1))
        QShortcut(QKeySequence("Ctrl+-"), self, lambda: self.zoom(-1))

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+-: the reader's text size, remembered across sessions."""
        low, high = settings.READER_SIZES
        self.font_size = max(low, min(high, self.font_size + step))
        settings.set_reader_font_size(self.font_size)
        self._apply_font()

    def _apply_font(self) -> None:
        font = self.browser.font()
        font.setPointSize(self.font_size)
        self.browser.setFont(font)
        self.browser.document().setDefaultFont(font)

    def show_lesson(
        self,
        lesson: Lesson,
        *,
        root: Path,
        read: bool,
        prev_id: str | None,
        next_id: str | None,
        questions: Sequence[Question] = (),
        listed: str | None = None,
    ) -> None:
        """Show ``lesson`` from its top, its ``questions`` listed at the end (``listed``: that
        list's HTML made beforehand off the GUI thread, see :func:`questions_html`)."""
        question_count = len(questions)
        self.lesson = lesson
        self.prev_id, self.next_id = prev_id, next_id
        self.browser.root = root.resolve()
        rendered = render_markdown(lesson.body, base=lesson.path.parent, root=root)
        sources = "".join(f"<li>{s}</li>" for s in lesson.sources)
        source_html = (
            f"<hr><p><b>{tr('reader.sources')}</b></p><ul>{sources}</ul>" if sources else ""
        )
        if listed is None:
            listed = questions_html(questions, root) if questions else ""
        self.browser.setHtml(rendered.html + source_html + listed)
        self.title.setText(lesson.title)
        self.meta.setText(tr("reader.meta", minutes=lesson.minutes, questions=question_count))
        self.toc.clear()
        self.toc.addItem(tr("reader.toc"), "")
        for heading in rendered.headings:
            self.toc.addItem("   " * (heading.level - 1) + heading.text, heading.anchor)
        if questions:
            self.toc.addItem(tr("uis.reader.questions"), QUESTIONS_ANCHOR)
        self.toc.setEnabled(self.toc.count() > 1)
        self.prev_button.setEnabled(prev_id is not None)
        self.next_button.setEnabled(next_id is not None)
        self.practice_button.setEnabled(question_count > 0)
        self.quiz_button.setEnabled(question_count > 0)
        # the bibliography is reference, not a lesson: nothing to mark as read
        self.read_button.setVisible(not lesson.generated)
        self.set_read(read)
        self.browser.verticalScrollBar().setValue(0)
        self.shown.emit(lesson.id)

    def scroll_to(self, anchor: str) -> None:
        """Scroll the page to ``anchor`` (a heading, or a question: see :func:`question_anchor`)
        once the reader is on screen ("" leaves it at the top)."""
        if anchor:
            self._activate_layout()
            self.browser.scrollToAnchor(anchor)

    def _activate_layout(self) -> None:
        """Lay the reader out at its real width before measuring where an anchor is."""
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def set_read(self, read: bool) -> None:
        self._read = read
        self.read_button.setText(tr("reader.marked_read") if read else tr("reader.mark_read"))

    def _toggle_read(self) -> None:
        if self.lesson is not None:
            self.mark_read.emit(self.lesson.id, not self._read)

    def _jump(self, index: int) -> None:
        anchor = self.toc.itemData(index)
        if anchor:
            self._activate_layout()
            self.browser.scrollToAnchor(anchor)
