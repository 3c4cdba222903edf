"""The main window: course tree on the left, the current page on the right.

It is the composition root: it builds the pages (each on first use, see
:class:`~ethics_trainer.ui.pages.LazyPage`) and the controllers — start-up, quiz, practice
and review, search — and connects them by typed signals. It keeps the navigation between
profile, home and lessons itself. Every change goes through a core service, run by the one
:class:`TaskRunner` off the GUI thread; core modules that load SQLModel are imported inside
those background operations, so the window paints before they are loaded.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer import i18n
from ethics_trainer.i18n import tr, trn
from ethics_trainer.ui import settings
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.pages import LazyPage
from ethics_trainer.ui.reading_tracker import ReadingTracker, monotonic_for
from ethics_trainer.ui.startup import PROBLEMS_KEYS, Startup
from ethics_trainer.ui.study.certificate_controller import CertificateController
from ethics_trainer.ui.study.pages import StudyPages
from ethics_trainer.ui.study.practice_controller import PracticeController
from ethics_trainer.ui.study.quiz_controller import QuizController
from ethics_trainer.ui.study.search_controller import SearchController
from ethics_trainer.ui.study.session import learning_session
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.course_tree import CourseTree
from ethics_trainer.ui.window_geometry import place, remember

if TYPE_CHECKING:
    from ethics_trainer.content.model import Course, Library
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.services.profile_list import LearnerInfo
    from ethics_trainer.ui.home_page import HomePage
    from ethics_trainer.ui.lesson_view import LessonView
    from ethics_trainer.ui.practice_view import PracticeView
    from ethics_trainer.ui.profile_page import ProfilePage
    from ethics_trainer.ui.progress_page import ProgressPage
    from ethics_trainer.ui.quiz_view import QuizView
    from ethics_trainer.ui.result_view import ResultView
    from ethics_trainer.ui.review_page import ReviewPage
    from ethics_trainer.ui.search_page import SearchPage

log = logging.getLogger(__name__)

PREFERRED_SIZE = QSize(1180, 780)
ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_ID = Qt.ItemDataRole.UserRole + 1


class MainWindow(QMainWindow):
    """Signals: ready() once content and database are loaded; quiz_finished(AttemptState)."""

    ready = Signal()
    painted_with_library = Signal()
    quiz_finished = Signal(object)
    saved = Signal()  # a write finished (tests wait on it)
    index_ready = Signal()  # the search index is built (or was current)
    searched = Signal(str)  # results for this query are shown
    replaced = Signal(object)  # a new window took over (language switch)

    def __init__(self, ctx: AppContext, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.runner.default_error = lambda exc: show_error(self, exc)
        # Qt adds the application's display name ("Ethics Trainer") to every window title.
        self.setWindowTitle(tr("uic.main.title"))
        self.setMinimumSize(640, 480)
        place(self, "main", PREFERRED_SIZE)
        self._learners: list[LearnerInfo] = []
        self._closing = False
        self._handover = False

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(tr("uis.search.placeholder"))
        self.search_box.setAccessibleName(tr("uis.search.box"))
        self.search_box.setClearButtonEnabled(True)

        self.tree = CourseTree()  # long titles wrap instead of ending in "…"
        self.tree.setObjectName("courseTree")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("main.courses"))
        self.tree.itemActivated.connect(self._tree_activated)
        self.tree.itemClicked.connect(self._tree_activated)
        self.tree.setMinimumWidth(self.tree.fontMetrics().averageCharWidth() * 24)

        self.pages = QStackedWidget()
        self.loading_page = QWidget()
        loading_layout = QVBoxLayout(self.loading_page)
        loading_layout.addStretch(1)
        self.loading_label = QLabel(tr("app.loading"))
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_bar = QProgressBar()
        self.loading_bar.setObjectName("loadingBar")
        self.loading_bar.setRange(0, 0)
        loading_layout.addWidget(self.loading_label)
        loading_layout.addWidget(self.loading_bar)
        loading_layout.addStretch(1)
        self.pages.addWidget(self.loading_page)
        # Pages not needed for the first paint are built on first use (the reader's
        # QTextBrowser alone cost ~25 ms before the first paint).
        self.lesson = LazyPage(self.pages, self._build_lesson_view)
        self.profile = LazyPage(self.pages, self._build_profile_page)
        self.home = LazyPage(self.pages, self._build_home_page)
        self.study_pages = StudyPages(
            stack=self.pages,
            quiz=LazyPage(self.pages, self._build_quiz_view),
            result=LazyPage(self.pages, self._build_result_view),
            practice=LazyPage(self.pages, self._build_practice_view),
            review=LazyPage(self.pages, self._build_review_page),
            progress=LazyPage(self.pages, self._build_progress_page),
            search=LazyPage(self.pages, self._build_search_page),
        )

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_box)
        left_layout.addWidget(self.tree, stretch=1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 880])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.learner_label = QLabel()
        self.learner_label.setObjectName("learnerLabel")
        self.statusBar().addPermanentWidget(self.learner_label)
        self.problems_button = QPushButton()
        self.problems_button.setObjectName("problemsButton")
        self.problems_button.setFlat(True)
        # In the Tab walk (after the page), and Ctrl+Shift+E from anywhere (problems_action).
        self.problems_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.problems_button.setToolTip(tr("uis.a11y.problems_tip", keys=PROBLEMS_KEYS))
        self.problems_button.clicked.connect(self.show_problems)
        self.problems_button.hide()
        self.statusBar().addWidget(self.problems_button)

        # The controllers, constructed here and connected below: nothing is looked up by name.
        self.startup = Startup(self, ctx, self.runner, self.loading_label, self.loading_bar)
        self.quiz = QuizController(self, ctx, self.runner, self.study_pages)
        self.study = PracticeController(self, ctx, self.runner, self.study_pages)
        self.search = SearchController(self, ctx, self.runner, self.study_pages, self.search_box)
        self.certificates = CertificateController(self, ctx, self.runner)
        self._features_installed = False
        self._connect()
        self._build_menus()
        self.reading = ReadingTracker(
            self,
            pages=self.pages,
            lesson=self.lesson,
            ctx=ctx,
            runner=self.runner,
            monotonic=monotonic_for(ctx.clock),
        )

    # -- set-up ---------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(tr("menu.file"))
        self.switch_action = QAction(tr("menu.switch_profile"), self)
        self.switch_action.setObjectName("switchProfile")
        self.switch_action.triggered.connect(self.show_profiles)
        menu.addAction(self.switch_action)
        self.home_action = QAction(tr("menu.home"), self)
        self.home_action.setShortcut(QKeySequence("Ctrl+H"))
        self.home_action.triggered.connect(self.show_home)
        menu.addAction(self.home_action)
        self.problems_action = QAction(tr("menu.content_problems"), self)
        self.problems_action.setShortcut(QKeySequence(PROBLEMS_KEYS))
        self.problems_action.triggered.connect(self.show_problems)
        menu.addAction(self.problems_action)
        self.settings_action = QAction(tr("uis.menu.settings"), self)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.show_settings)
        menu.addAction(self.settings_action)
        menu.addSeparator()
        quit_action = QAction(tr("menu.quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        study = self.menuBar().addMenu(tr("uis.menu.study"))
        self.search_action = QAction(tr("uis.menu.search"), self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.search.focus)
        study.addAction(self.search_action)
        self.review_action = QAction(tr("uis.menu.review"), self)
        self.review_action.setShortcut(QKeySequence("Ctrl+R"))
        self.review_action.triggered.connect(self.study.show_review)
        study.addAction(self.review_action)
        self.progress_action = QAction(tr("uis.menu.progress"), self)
        self.progress_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.progress_action.triggered.connect(self.study.show_progress)
        study.addAction(self.progress_action)

    def _connect(self) -> None:
        self.startup.library_loaded.connect(self._library_loaded)
        self.startup.painted_with_library.connect(self.painted_with_library)
        self.startup.painted_with_library.connect(self._install_features)
        self.startup.loaded.connect(self._loaded)
        self.startup.took_over.connect(self._took_over)
        self.startup.quit_requested.connect(self.close)
        self.quiz.running.connect(self._quiz_running)
        self.quiz.saved.connect(self.saved)
        self.quiz.finished.connect(self.quiz_finished)
        self.quiz.finished.connect(self._offer_certificate)
        self.study.saved.connect(self.saved)
        self.study.finished.connect(self.quiz_finished)
        self.search.index_ready.connect(self.index_ready)
        self.search.searched.connect(self.searched)
        self.search.open_lesson.connect(self.open_lesson)
        self.certificates.saved.connect(lambda text: self.statusBar().showMessage(text, 15000))

    # -- pages, built on first use -----------------------------------------------------------
    def _build_lesson_view(self) -> LessonView:
        from ethics_trainer.ui.lesson_view import LessonView

        view = LessonView()
        view.mark_read.connect(self.mark_read)
        view.go.connect(self.open_lesson)
        view.practice.connect(self.study.start_practice)
        view.lesson_quiz.connect(self.quiz.start_lesson_quiz)
        view.shown.connect(lambda _lesson_id: self.reading.follow_page())
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

    def _build_quiz_view(self) -> QuizView:
        from ethics_trainer.ui.quiz_view import QuizView

        view = QuizView(clock=self.quiz.clock)
        view.answer_changed.connect(self.quiz.save_answer)
        view.flag_changed.connect(self.quiz.save_flag)
        view.submit_requested.connect(self.quiz.submit_quiz)
        return view

    def _build_result_view(self) -> ResultView:
        from ethics_trainer.ui.result_view import ResultView

        view = ResultView()
        view.done.connect(self.show_home)
        view.retry.connect(self._retry)
        view.certificate.connect(self.certificates.open)
        return view

    def _build_practice_view(self) -> PracticeView:
        from ethics_trainer.ui.practice_view import PracticeView

        view = PracticeView()
        view.check.connect(self.study.check_answer)
        view.finish.connect(self.study.finish_practice)
        return view

    def _build_review_page(self) -> ReviewPage:
        from ethics_trainer.ui.review_page import ReviewPage

        page = ReviewPage()
        page.start.connect(self.study.start_review)
        return page

    def _build_progress_page(self) -> ProgressPage:
        from ethics_trainer.ui.progress_page import ProgressPage

        page = ProgressPage()
        page.open_attempt.connect(self.study.review_attempt)
        page.certificate.connect(self.certificates.open)
        page.certificate_on_offer.connect(self.certificates.prepare)
        return page

    def _build_search_page(self) -> SearchPage:
        from ethics_trainer.ui.search_page import SearchPage

        page = SearchPage()
        page.activated.connect(self.search.open_hit)
        return page

    @property
    def lesson_view(self) -> LessonView:
        return self.lesson.get()

    @property
    def profile_page(self) -> ProfilePage:
        return self.profile.get()

    @property
    def home_page(self) -> HomePage:
        return self.home.get()

    @property
    def quiz_view(self) -> QuizView:
        return self.study_pages.quiz.get()

    @property
    def result_view(self) -> ResultView:
        return self.study_pages.result.get()

    @property
    def search_page(self) -> SearchPage:
        return self.study_pages.search.get()

    @property
    def practice_view(self) -> PracticeView:
        return self.study_pages.practice.get()

    @property
    def review_page(self) -> ReviewPage:
        return self.study_pages.review.get()

    @property
    def progress_page(self) -> ProgressPage:
        return self.study_pages.progress.get()

    def _in_quiz(self) -> bool:
        return self.study_pages.in_quiz()

    # -- start-up -------------------------------------------------------------------------
    def start(self) -> None:
        """Load content and open the database in the background (see :class:`Startup`)."""
        self.pages.setCurrentWidget(self.loading_page)
        self.startup.start()

    def _library_loaded(self, library: Library) -> None:
        self.populate_tree()
        skipped = len(library.errors)
        if skipped:
            self.problems_button.setText(tr("main.content_problems", count=skipped))
            self.problems_button.setAccessibleName(
                trn("uis.a11y.problems", skipped, count=skipped, keys=PROBLEMS_KEYS)
            )
            self.problems_button.show()

    def _loaded(self, learners: list[LearnerInfo]) -> None:
        self._learners = learners
        self.search.build_index()
        self.profile_page.set_learners(learners)
        self.show_profiles()
        self.ready.emit()

    def _took_over(self, learners: list[LearnerInfo]) -> None:
        self._install_features()
        self._learners = learners
        self.populate_tree()
        self.search.build_index()
        self.profile_page.set_learners(learners)
        if self.ctx.learner is not None:
            self.choose_learner(self.ctx.learner)
        else:
            self.show_profiles()
        self.ready.emit()

    def _quiz_running(self, running: bool) -> None:
        """No leaving a timed quiz through the tree or the profile switch."""
        self.tree.setEnabled(not running)
        self.switch_action.setEnabled(not running)

    def _offer_certificate(self, state: AttemptState) -> None:
        """A passed final quiz puts a certificate on offer: get it ready while she reads. A
        failed retake after an earlier pass still has the certificate of that pass."""
        if state.kind != "final":
            return
        if state.passed:
            self.certificates.prepare()
            return
        db, learner = self.ctx.db, self.ctx.learner
        if db is None or learner is None:
            return

        def op() -> bool:
            from ethics_trainer.hr.own_certificate import has_certificate

            return has_certificate(db, learner.id, state.course_id)

        def done(has: bool) -> None:
            if has and self.result_view.state is state:
                self.result_view.set_certificate(True)
                self.certificates.prepare()

        self.runner.run(op, on_done=done)

    def _retry(self) -> None:
        state = self.result_view.state
        if state is None:
            return
        if state.kind == "final":
            self.quiz.start_final_quiz(state.course_id)
        elif state.kind == "review":
            self.study.show_review()
        elif state.kind == "practice" and state.lesson_id:
            self.study.start_practice(state.lesson_id)
        elif state.lesson_id:
            self.quiz.start_lesson_quiz(state.lesson_id)

    def _install_features(self) -> None:
        """The optional screens' menus, once the library is painted: their modules (import
        preview, exams, HR) are not needed for the first paint (issue #17)."""
        if self._features_installed:
            return
        self._features_installed = True
        from ethics_trainer.ui.features import FEATURE_MODULES

        for name in FEATURE_MODULES:
            try:
                importlib.import_module(name).install(self)
            except Exception:  # a broken optional screen must not stop the app
                log.exception("could not install %s", name)

    # -- tree -----------------------------------------------------------------------------
    def populate_tree(self, read_ids: frozenset[str] = frozenset()) -> None:
        library = self.ctx.library
        self.tree.clear()
        if library is None:
            return
        for course in library.courses:
            course_item = QTreeWidgetItem([course.title])
            course_item.setData(0, ROLE_KIND, "course")
            course_item.setData(0, ROLE_ID, course.id)
            number = 0
            for lesson in course.lessons:
                mark = "✓ " if lesson.id in read_ids else "   "
                if lesson.generated:  # the bibliography: reference, not a numbered lesson
                    item = QTreeWidgetItem([f"{mark}{lesson.title}"])
                else:
                    number += 1
                    item = QTreeWidgetItem([f"{mark}{number}. {lesson.title}"])
                item.setData(0, ROLE_KIND, "lesson")
                item.setData(0, ROLE_ID, lesson.id)
                item.setToolTip(
                    0, trn("main.lesson_tooltip", lesson.minutes, minutes=lesson.minutes)
                )
                course_item.addChild(item)
            if course.final_quiz is not None:
                quiz_item = QTreeWidgetItem([tr("main.final_quiz_item")])
                quiz_item.setData(0, ROLE_KIND, "final")
                quiz_item.setData(0, ROLE_ID, course.id)
                course_item.addChild(quiz_item)
            self.tree.addTopLevelItem(course_item)
            course_item.setExpanded(True)

    def _tree_activated(self, item: QTreeWidgetItem) -> None:
        if self.ctx.learner is None or self._in_quiz():
            return
        kind, ident = item.data(0, ROLE_KIND), item.data(0, ROLE_ID)
        if kind == "lesson":
            self.open_lesson(ident)
        elif kind == "final":
            self.quiz.start_final_quiz(ident)
        elif kind == "course":
            self.show_home()

    # -- profiles -------------------------------------------------------------------------
    def show_profiles(self) -> None:
        if self._in_quiz():
            return
        self.ctx.learner = None
        self.learner_label.clear()
        self.pages.setCurrentWidget(self.profile_page)

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
            self.profile_page.clear_form()
            self._learners.insert(0, learner)
            self.profile_page.set_learners(self._learners)
            self.choose_learner(learner)

        self.runner.run(op, on_done=done)

    def choose_learner(self, learner: LearnerInfo) -> None:
        self.ctx.learner = learner
        self.learner_label.setText(tr("main.learner", name=learner.full_name))
        ctx, clock = self.ctx, self.ctx.clock

        def op() -> tuple[AttemptState | None, datetime | None]:
            from ethics_trainer.services import attempts, learners
            from ethics_trainer.services.steady_clock import attempt_floor

            db = ctx.open_db()  # the first write after a light start opens it (off the GUI)

            learners.touch_learner(db, learner.id, clock=clock)
            state = attempts.open_attempt(db, learner.id, clock=clock)
            return state, attempt_floor(db, state.id) if state is not None else None

        def done(found: tuple[AttemptState | None, datetime | None]) -> None:
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
        if self._in_quiz():
            return
        db, learner, courses = self.ctx.open_db(), self.ctx.learner, list(self.ctx.library.courses)

        clock = self.ctx.clock

        def op() -> tuple[list[tuple[Course, Any]], int]:
            from ethics_trainer.services import progress
            from ethics_trainer.study import review

            due = review.review_summary(db, learner.id, clock.now()).due
            return [(c, progress.course_progress(db, learner.id, c)) for c in courses], due

        def done(result: tuple[list[tuple[Course, Any]], int]) -> None:
            rows, due = result
            read = frozenset().union(*(p.read_ids for _, p in rows)) if rows else frozenset()
            self.populate_tree(read)
            self.home_page.show_courses(learner.full_name, rows)
            self.home_page.set_due_reviews(due)
            self.pages.setCurrentWidget(self.home_page)

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
            self.lesson_view.show_lesson(
                lesson,
                root=library.root,
                read=read,
                prev_id=ids[position - 1] if position > 0 else None,
                next_id=ids[position + 1] if position + 1 < len(ids) else None,
                questions=questions,
                listed=listed,
            )
            self.pages.setCurrentWidget(self.lesson_view)
            # on screen, so the reader has its real size when it scrolls to ``anchor``
            self.lesson_view.scroll_to(anchor)
            self._select_in_tree(lesson.id)

        self.runner.run(op, on_done=done)

    def _select_in_tree(self, lesson_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is None:
                    continue
                if child.data(0, ROLE_ID) == lesson_id and child.data(0, ROLE_KIND) == "lesson":
                    self.tree.setCurrentItem(child)
                    return

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
            self.lesson_view.set_read(read)
            current = self.tree.currentItem()
            current_id = current.data(0, ROLE_ID) if current else None
            self.populate_tree(read_ids)
            if current_id:
                self._select_in_tree(current_id)
            self.saved.emit()

        self.runner.run(op, on_done=done)

    # -- settings and language ------------------------------------------------------------------
    def show_settings(self) -> None:
        from ethics_trainer.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.accepted.connect(lambda: self.apply_settings(*dialog.values()))
        self._settings_dialog = dialog
        dialog.open()

    def apply_settings(self, language: str, font_size: int, theme: str) -> MainWindow:
        """Store and apply the choice; a new language rebuilds the window (returned)."""
        from ethics_trainer.ui.theme import apply_theme, set_font_size

        settings.set_font_size(font_size)
        settings.set_theme(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            set_font_size(app, font_size)
            apply_theme(app, theme)
        if language != i18n.current_language():
            return self.switch_language(language)
        return self

    def switch_language(self, language: str) -> MainWindow:
        """Rebuild the window in ``language`` with the same data, learner and open database."""
        if self._in_quiz():
            QMessageBox.information(self, tr("uis.settings.title"), tr("uis.settings.busy"))
            return self
        settings.set_language(language)
        i18n.set_language(language)
        from ethics_trainer.ui.qt_translation import install_qt_translation

        install_qt_translation(language)
        successor = MainWindow(self.ctx)
        successor.setGeometry(self.geometry())  # same place, not the saved one
        successor.show()
        self._handover = True
        self.close()
        successor.start()
        self.replaced.emit(successor)
        return successor

    def bring_forward(self) -> None:
        """A second launch asked for this window (single instance)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- content problems -------------------------------------------------------------------
    def show_problems(self) -> None:
        from ethics_trainer.ui.problems_dialog import ProblemsDialog

        library = self.ctx.library
        problems = library.problems if library else []
        ProblemsDialog(problems, str(library.root) if library else "", self).open()

    # -- closing --------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Answers are already stored; wait for writes in flight, then let go of the database."""
        self.reading.stop()  # the lesson's last reading time joins the writes waited for
        remember(self, "main")
        self.quiz.stop()
        try:
            self.runner.wait_db()
            waited = True
        except Exception:  # never block closing on a stuck write
            log.exception("pending database work did not finish")
            waited = False
        # A write still stuck (server hung) finishes or fails in the background; the window
        # closes now and the engine is left to it.
        self.runner.shutdown(wait=waited)
        db = self.ctx.open_db_or_none  # never opened just to be closed
        if db is not None and not self._handover and waited:
            db.dispose()
        event.accept()


def excepthook_parent() -> QWidget | None:
    from PySide6.QtWidgets import QApplication

    return QApplication.activeWindow()
