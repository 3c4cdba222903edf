"""Where the learner is: the profile list, her home page and the lesson she reads.

Split from the main window (issue #15) so that the window only composes: this controller owns
the three pages of that walk (each built on first use), fills the course tree with her read
marks, and writes what she does — choosing a profile, opening a lesson, marking it read —
through the one :class:`TaskRunner`, on the database worker. Quizzes and practice are the
study controllers' (``ui/study/``); this one starts them from the pages it owns.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTreeWidgetItem

from ethics_trainer.i18n import tr
from ethics_trainer.ui.pages import LazyPage
from ethics_trainer.ui.study.session import learning_session
from ethics_trainer.ui.widgets.course_tree import ROLE_ID, ROLE_KIND

if TYPE_CHECKING:
    from ethics_trainer.content.model import Course
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.services.profile_list import LearnerInfo
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.home_page import HomePage
    from ethics_trainer.ui.lesson_view import LessonView
    from ethics_trainer.ui.profile_page import ProfilePage
    from ethics_trainer.ui.study.pages import StudyPages
    from ethics_trainer.ui.study.practice_controller import PracticeController
    from ethics_trainer.ui.study.quiz_controller import QuizController
    from ethics_trainer.ui.toolkit.tasks import TaskRunner
    from ethics_trainer.ui.widgets.course_tree import CourseTree


class Navigation(QObject):
    """Signals: saved() once a mark is written; lesson_shown() when the reader shows another
    lesson (the reading meter follows it)."""

    saved = Signal()
    lesson_shown = Signal()

    def __init__(
        self,
        parent: QObject,
        *,
        ctx: AppContext,
        runner: TaskRunner,
        stack: QStackedWidget,
        tree: CourseTree,
        learner_label: QLabel,
        study_pages: StudyPages,
        quiz: QuizController,
        study: PracticeController,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.stack, self.tree = ctx, runner, stack, tree
        self.learner_label, self.study_pages = learner_label, study_pages
        self.quiz, self.study = quiz, study
        self.learners: list[LearnerInfo] = []
        self.lesson = LazyPage(stack, self._build_lesson_view)
        self.profile = LazyPage(stack, self._build_profile_page)
        self.home = LazyPage(stack, self._build_home_page)
        tree.itemActivated.connect(self._tree_activated)
        tree.itemClicked.connect(self._tree_activated)

    # -- pages, built on first use -----------------------------------------------------------
    def _build_lesson_view(self) -> LessonView:
        from ethics_trainer.ui.lesson_view import LessonView

        view = LessonView()
        view.mark_read.connect(self.mark_read)
        view.go.connect(self.open_lesson)
        view.practice.connect(self.study.start_practice)
        view.lesson_quiz.connect(self.quiz.start_lesson_quiz)
        view.shown.connect(lambda _lesson_id: self.lesson_shown.emit())
        return view

    def _build_profile_page(self) -> ProfilePage:
        from ethics_trainer.ui.profile_page import ProfilePage

        page = ProfilePage()
        page.chosen.connect(self.choose_learner)
        page.create_requested.connect(self.create_learner)
        return page

    def _build_home_page(self) -> HomePage:
        from ethics_trainer.ui.home_page import HomePage

        page = HomePage()
        page.open_lesson.connect(self.open_lesson)
        page.start_final.connect(self.quiz.start_final_quiz)
        page.open_review.connect(self.study.show_review)
        page.open_progress.connect(self.study.show_progress)
        return page

    # -- tree -----------------------------------------------------------------------------
    def populate_tree(self, read_ids: frozenset[str] = frozenset()) -> None:
        self.tree.fill(self.ctx.library, read_ids)

    def _tree_activated(self, item: QTreeWidgetItem) -> None:
        if self.ctx.learner is None or self.study_pages.in_quiz():
            return
        kind, ident = item.data(0, ROLE_KIND), item.data(0, ROLE_ID)
        if kind == "lesson":
            self.open_lesson(ident)
        elif kind == "final":
            self.quiz.start_final_quiz(ident)
        elif kind == "course":
            self.show_home()

    # -- profiles -------------------------------------------------------------------------
    def show_learners(self, learners: list[LearnerInfo]) -> None:
        """The profiles start-up found; the page lists them."""
        self.learners = learners
        self.profile.get().set_learners(learners)

    def show_profiles(self) -> None:
        if self.study_pages.in_quiz():
            return
        self.ctx.learner = None
        self.learner_label.clear()
        self.stack.setCurrentWidget(self.profile.get())

    def create_learner(self, form: dict[str, str]) -> None:
        ctx, clock = self.ctx, self.ctx.clock

        def op() -> LearnerInfo:
            from ethics_trainer.services import learners

            return learners.create_learner(
                ctx.open_db(),  # the first write after a light start opens it (here, off the GUI)
                full_name=form["full_name"],
                employee_code=form.get("employee_code", ""),
                unit=form.get("unit", ""),
                position=form.get("position", ""),
                clock=clock,
            )

        def done(learner: LearnerInfo) -> None:
            page = self.profile.get()
            page.clear_form()
            self.learners.insert(0, learner)
            page.set_learners(self.learners)
            self.choose_learner(learner)

        self.runner.run(op, on_done=done)

    def choose_learner(self, learner: LearnerInfo) -> None:
        """She is the learner once her choice is written: until then (the database may be
        opening) the study menus see no learner and ask nothing of the database."""
        ctx, clock = self.ctx, self.ctx.clock

        def op() -> tuple[AttemptState | None, datetime | None]:
            from ethics_trainer.services import attempts, learners
            from ethics_trainer.services.steady_clock import attempt_floor

            db = ctx.open_db()  # the first write after a light start opens it (off the GUI)

            learners.touch_learner(db, learner.id, clock=clock)
            state = attempts.open_attempt(db, learner.id, clock=clock)
            return state, attempt_floor(db, state.id) if state is not None else None

        def done(found: tuple[AttemptState | None, datetime | None]) -> None:
            self.ctx.learner = learner
            self.learner_label.setText(tr("main.learner", name=learner.full_name))
            open_attempt, floor = found
            if open_attempt is not None:
                self.quiz.resume(open_attempt, floor)
            else:
                self.show_home()

        self.runner.run(op, on_done=done)

    # -- home and lessons -------------------------------------------------------------------
    def show_home(self) -> None:
        if self.ctx.learner is None or self.ctx.library is None:
            self.show_profiles()
            return
        if self.study_pages.in_quiz():
            return
        ctx, learner, courses = self.ctx, self.ctx.learner, list(self.ctx.library.courses)
        clock = self.ctx.clock

        def op() -> tuple[list[tuple[Course, Any]], int]:
            from ethics_trainer.services import progress
            from ethics_trainer.study import review

            db = ctx.open_db()  # on the database worker, after the profile choice opened it
            due = review.review_summary(db, learner.id, clock.now()).due
            return [(c, progress.course_progress(db, learner.id, c)) for c in courses], due

        def done(result: tuple[list[tuple[Course, Any]], int]) -> None:
            rows, due = result
            read = frozenset().union(*(p.read_ids for _, p in rows)) if rows else frozenset()
            self.populate_tree(read)
            home = self.home.get()
            home.show_courses(learner.full_name, rows)
            home.set_due_reviews(due)
            self.stack.setCurrentWidget(home)

        self.runner.run(op, on_done=done)

    def open_lesson(self, lesson_id: str, anchor: str = "") -> None:
        session = learning_session(self.ctx)
        if session is None:
            return
        library, learner, db, clock = session.library, session.learner, session.db, session.clock
        lesson = library.lesson(lesson_id)
        if lesson is None:
            return
        course = library.course(lesson.course_id)
        assert course is not None
        ids = [le.id for le in course.lessons]
        position = ids.index(lesson.id)

        questions = course.lesson_questions(lesson.id)

        def op() -> tuple[bool, str]:
            from ethics_trainer.services import progress
            from ethics_trainer.ui.lesson_view import questions_html

            progress.open_lesson(db, learner.id, course.id, lesson.id, clock=clock)
            read = lesson.id in progress.course_progress(db, learner.id, course).read_ids
            # the question list's Markdown here, off the GUI thread (26 stems: ~0.2 s busy)
            return read, questions_html(questions, library.root) if questions else ""

        def done(found: tuple[bool, str]) -> None:
            read, listed = found
            view = self.lesson.get()
            view.show_lesson(
                lesson,
                root=library.root,
                read=read,
                prev_id=ids[position - 1] if position > 0 else None,
                next_id=ids[position + 1] if position + 1 < len(ids) else None,
                questions=questions,
                listed=listed,
            )
            self.stack.setCurrentWidget(view)
            # on screen, so the reader has its real size when it scrolls to ``anchor``
            view.scroll_to(anchor)
            self.tree.select_lesson(lesson.id)

        self.runner.run(op, on_done=done)

    def mark_read(self, lesson_id: str, read: bool) -> None:
        session = learning_session(self.ctx)
        if session is None:
            return
        library, learner, db, clock = session.library, session.learner, session.db, session.clock
        lesson = library.lesson(lesson_id)
        assert lesson is not None

        def op() -> frozenset[str]:
            from ethics_trainer.services import progress

            progress.mark_read(db, learner.id, lesson.course_id, lesson_id, read=read, clock=clock)
            result: frozenset[str] = frozenset()
            for course in library.courses:
                result |= progress.course_progress(db, learner.id, course).read_ids
            return result

        def done(read_ids: frozenset[str]) -> None:
            self.lesson.get().set_read(read)
            current_id = self.tree.current_id()
            self.populate_tree(read_ids)
            if current_id:
                self.tree.select_lesson(current_id)
            self.saved.emit()

        self.runner.run(op, on_done=done)
