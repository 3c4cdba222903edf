"""Home: each course with its progress, what is left, and where to continue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import formats, tr, trn
from ethics_trainer.services.progress import study_lessons

if TYPE_CHECKING:
    from ethics_trainer.content.model import Course
    from ethics_trainer.services.progress import CourseProgress


class CourseCard(QFrame):
    def __init__(self, course: Course, progress: CourseProgress, page: HomePage) -> None:
        super().__init__()
        self.setObjectName(f"course_{course.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{course.title}</b>")
        title.setWordWrap(True)
        layout.addWidget(title)
        if course.as_of is not None:  # the date the law taught was checked (course.md as_of:)
            noon = datetime(course.as_of.year, course.as_of.month, course.as_of.day, 12, tzinfo=UTC)
            as_of = QLabel(tr("content_lint.course_as_of", date=formats.short_date(noon)))
            as_of.setObjectName("courseAsOf")
            as_of.setWordWrap(True)
            layout.addWidget(as_of)
        bar = QProgressBar()
        bar.setObjectName("courseProgress")
        bar.setRange(0, max(progress.lessons_total, 1))
        bar.setValue(progress.lessons_read)
        bar.setFormat(
            tr("home.lessons_read", read=progress.lessons_read, total=progress.lessons_total)
        )
        bar.setAccessibleName(tr("home.progress_of", course=course.title))
        layout.addWidget(bar)
        status = trn("home.minutes_left", progress.minutes_left, minutes=progress.minutes_left)
        if progress.completed_at is not None:
            status = tr(
                "home.completed_on",
                date=formats.short_date(progress.completed_at),
                score=formats.percent(progress.completion_score or 0),
            )
        info = QLabel(status)
        info.setObjectName("courseStatus")
        info.setWordWrap(True)
        layout.addWidget(info)
        row = QHBoxLayout()
        self.continue_button = QPushButton(
            tr("home.continue") if progress.opened_ids else tr("home.start")
        )
        self.continue_button.setObjectName("continueCourse")
        self.continue_button.setEnabled(bool(course.lessons) or course.final_quiz is not None)
        self.continue_button.clicked.connect(lambda: self._continue(course, progress, page))
        row.addWidget(self.continue_button)
        if course.final_quiz is not None:
            quiz = course.final_quiz
            self.final_button = QPushButton(
                tr(
                    "home.final_quiz",
                    questions=quiz.questions or len(course.final_pool()),
                    minutes=quiz.minutes,
                )
            )
            self.final_button.setObjectName("finalQuiz")
            self.final_button.clicked.connect(lambda: page.start_final.emit(course.id))
            row.addWidget(self.final_button)
        row.addStretch(1)
        layout.addLayout(row)

    @staticmethod
    def _continue(course: Course, progress: CourseProgress, page: HomePage) -> None:
        """The first lesson not yet read; once all are read, the final quiz. The bibliography
        page (generated, never marked read) is reference, not a step of the course."""
        lessons = study_lessons(course)
        unread = next((le for le in lessons if le.id not in progress.read_ids), None)
        if unread is not None:
            page.open_lesson.emit(unread.id)
        elif course.final_quiz is not None:
            page.start_final.emit(course.id)
        elif lessons:
            last = progress.last_lesson_id
            page.open_lesson.emit(last if last in {le.id for le in lessons} else lessons[0].id)


class HomePage(QWidget):
    """Signals: open_lesson(lesson_id), start_final(course_id), open_review(), open_progress()."""

    open_lesson = Signal(str)
    start_final = Signal(str)
    open_review = Signal()
    open_progress = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.greeting = QLabel()
        self.greeting.setObjectName("pageTitle")
        self.greeting.setWordWrap(True)
        outer.addWidget(self.greeting)
        review_row = QHBoxLayout()
        self.review_label = QLabel()
        self.review_label.setObjectName("reviewDue")
        self.review_label.setWordWrap(True)
        review_row.addWidget(self.review_label, stretch=1)
        self.review_button = QPushButton()
        self.review_button.setObjectName("homeReview")
        self.review_button.clicked.connect(self.open_review)
        review_row.addWidget(self.review_button)
        self.progress_button = QPushButton(tr("uis.home.progress"))
        self.progress_button.setObjectName("homeProgress")
        self.progress_button.clicked.connect(self.open_progress)
        review_row.addWidget(self.progress_button)
        outer.addLayout(review_row)
        self.set_due_reviews(0)
        scroll = QScrollArea()
        scroll.setObjectName("courseCards")
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(tr("uis.a11y.course_cards"))  # Tab stop: arrows scroll it
        self.cards = QWidget()
        self.cards_layout = QVBoxLayout(self.cards)
        self.cards_layout.addStretch(1)
        scroll.setWidget(self.cards)
        outer.addWidget(scroll, stretch=1)
        self.card_widgets: list[CourseCard] = []

    def set_due_reviews(self, count: int) -> None:
        self.due_reviews = count
        self.review_label.setText(
            trn("uis.home.review_due", count, count=count) if count else tr("uis.home.review_none")
        )
        self.review_button.setText(tr("uis.home.review", count=count))
        self.review_button.setAccessibleName(self.review_button.text())

    def show_courses(self, name: str, courses: list[tuple[Course, CourseProgress]]) -> None:
        self.greeting.setText(tr("home.greeting", name=name))
        for card in self.card_widgets:
            card.deleteLater()
        self.card_widgets = []
        for course, progress in courses:
            card = CourseCard(course, progress, self)
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            self.card_widgets.append(card)
        if not courses:
            empty = QLabel(tr("home.no_courses"))
            empty.setWordWrap(True)
            self.cards_layout.insertWidget(0, empty)
