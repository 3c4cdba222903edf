"""The main window: course tree on the left, the current page on the right.

It is the composition root: it lays out the window and constructs, in one place, the pages
(each built on first use: ``ui/study_page_builders.py``, ``ui/navigation.py``) and the
controllers — start-up, navigation between profile, home and lessons, quiz, practice and
review, search, certificates, the result's follow-up, the reading meter, the database gate —
and connects them by typed signals; nothing is looked up by name. Its menus are
``ui/main_menus.py``. Every change goes through a core service, run by the one
:class:`TaskRunner` off the GUI thread; core modules that load SQLModel are imported inside
those background operations, so the window paints before they are loaded.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer import i18n
from ethics_trainer.i18n import tr, trn
from ethics_trainer.ui import settings
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.database_gate import DatabaseGate
from ethics_trainer.ui.loading_page import LoadingPage
from ethics_trainer.ui.main_menus import MenuHandlers, build_main_menus
from ethics_trainer.ui.navigation import Navigation
from ethics_trainer.ui.reading_tracker import ReadingTracker, monotonic_for
from ethics_trainer.ui.result_followup import ResultFollowUp
from ethics_trainer.ui.startup import PROBLEMS_KEYS, Startup
from ethics_trainer.ui.study.certificate_controller import CertificateController
from ethics_trainer.ui.study.practice_controller import PracticeController
from ethics_trainer.ui.study.quiz_controller import QuizController
from ethics_trainer.ui.study.search_controller import SearchController
from ethics_trainer.ui.study_page_builders import study_pages
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.course_tree import CourseTree
from ethics_trainer.ui.window_geometry import place, remember

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent  # named only: importing it sets up QEvent's 192 types

    from ethics_trainer.content.model import Library
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
        self.tree.setMinimumWidth(self.tree.fontMetrics().averageCharWidth() * 24)

        self.pages = QStackedWidget()
        self.loading_page = LoadingPage()
        self.pages.addWidget(self.loading_page)
        self.study_pages = study_pages(self)

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
        self.problems_button.setToolTip(tr("uis.a11y.problems_tip", keys=PROBLEMS_KEYS))
        self.problems_button.clicked.connect(self.show_problems)
        self.problems_button.hide()
        self.statusBar().addWidget(self.problems_button)

        # The controllers, constructed here and connected below: nothing is looked up by name.
        loading = self.loading_page
        self.startup = Startup(
            self, ctx, self.runner, loading.label, loading.bar, self.tree.painted
        )
        self.quiz = QuizController(self, ctx, self.runner, self.study_pages)
        self.study = PracticeController(self, ctx, self.runner, self.study_pages)
        self.search = SearchController(self, ctx, self.runner, self.study_pages, self.search_box)
        self.certificates = CertificateController(self, ctx, self.runner)
        self.navigation = Navigation(
            self,
            ctx=ctx,
            runner=self.runner,
            stack=self.pages,
            tree=self.tree,
            learner_label=self.learner_label,
            study_pages=self.study_pages,
            quiz=self.quiz,
            study=self.study,
        )
        self.follow_up = ResultFollowUp(
            self,
            ctx=ctx,
            runner=self.runner,
            study_pages=self.study_pages,
            quiz=self.quiz,
            study=self.study,
            certificates=self.certificates,
        )
        self.database = DatabaseGate(ctx, self.runner)  # the menus' way to the database
        self.reading = ReadingTracker(
            self,
            pages=self.pages,
            lesson=self.navigation.lesson,
            ctx=ctx,
            runner=self.runner,
            monotonic=monotonic_for(ctx.clock),
        )
        self.menus = build_main_menus(
            self,
            MenuHandlers(
                switch_profile=self.navigation.show_profiles,
                home=self.navigation.show_home,
                problems=self.show_problems,
                settings=self.show_settings,
                quit=self.close,
                search=self.search.focus,
                review=self.study.show_review,
                progress=self.study.show_progress,
            ),
        )
        self._features_installed = False
        self._connect()

    # -- set-up ---------------------------------------------------------------------------
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
        self.quiz.finished.connect(self.follow_up.offer_certificate)
        self.study.saved.connect(self.saved)
        self.study.finished.connect(self.quiz_finished)
        self.search.index_ready.connect(self.index_ready)
        self.search.searched.connect(self.searched)
        self.search.open_lesson.connect(self.navigation.open_lesson)
        self.certificates.saved.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.navigation.saved.connect(self.saved)
        self.navigation.lesson_shown.connect(self.reading.follow_page)

    # -- pages (each built on first use) ----------------------------------------------------
    @property
    def lesson_view(self) -> LessonView:
        return self.navigation.lesson.get()

    @property
    def profile_page(self) -> ProfilePage:
        return self.navigation.profile.get()

    @property
    def home_page(self) -> HomePage:
        return self.navigation.home.get()

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

    def populate_tree(self) -> None:
        """The course tree from the current library (the import dialog calls it after an
        import replaced the library)."""
        self.navigation.populate_tree()

    # -- start-up -------------------------------------------------------------------------
    def start(self) -> None:
        """Load content and open the database in the background (see :class:`Startup`)."""
        self.pages.setCurrentWidget(self.loading_page)
        self.startup.start()

    def _library_loaded(self, library: Library) -> None:
        self.navigation.populate_tree()
        skipped = len(library.errors)
        if skipped:
            self.problems_button.setText(tr("main.content_problems", count=skipped))
            self.problems_button.setAccessibleName(
                trn("uis.a11y.problems", skipped, count=skipped, keys=PROBLEMS_KEYS)
            )
            self.problems_button.show()

    def _loaded(self, learners: list[LearnerInfo]) -> None:
        self.search.build_index()
        self.navigation.show_learners(learners)
        self.navigation.show_profiles()
        self.ready.emit()

    def _took_over(self, learners: list[LearnerInfo]) -> None:
        self._install_features()
        self.navigation.populate_tree()
        self.search.build_index()
        self.navigation.show_learners(learners)
        if self.ctx.learner is not None:
            self.navigation.choose_learner(self.ctx.learner)
        else:
            self.navigation.show_profiles()
        self.ready.emit()

    def _quiz_running(self, running: bool) -> None:
        """No leaving a timed quiz through the tree or the profile switch."""
        self.tree.setEnabled(not running)
        self.menus.switch_action.setEnabled(not running)

    def _install_features(self) -> None:
        """The optional screens' menus, once the library is painted: their modules (import
        preview, exams, HR) are not needed for the first paint (issue #17)."""
        if self._features_installed:
            return
        self._features_installed = True
        from ethics_trainer.ui.features import INSTALLERS

        for install in INSTALLERS:
            try:
                install(self)
            except Exception:  # a broken optional screen must not stop the app
                log.exception("could not install %s", install.__name__)

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
        from PySide6.QtWidgets import QMessageBox  # not at import: its enums (issue #17)

        if self.study_pages.in_quiz():
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
        db = self.ctx.db  # never opened just to be closed
        if db is not None and not self._handover and waited:
            db.dispose()
        event.accept()


def excepthook_parent() -> QWidget | None:
    from PySide6.QtWidgets import QApplication

    return QApplication.activeWindow()
