"""The candidate's screen: sign in, then the exam, full screen with no way elsewhere.

Every answer goes through :class:`~ethics_trainer.exams.client.CandidateClient`: it is put in
the journal on this PC at once (on the GUI thread: a local SQLite append), and shown as
answered; writing it to the server and reading the server's view back run on the window's
:class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`, so a slow or absent server never freezes the
screen (it shows "Đang kết nối lại…" instead). The countdown is the stored deadline minus now,
on the clock of the server (read once at sign-in, see ``exams.server_time``); the deadline is
re-read every few seconds so extra time granted by the proctor shows at once.
Closing, Alt+F4 or Esc asks for the proctor password.

The window composes its parts: the sign-in page (``candidate_sign_in``), the question widget
and navigator (``exam_navigator``), the answers kept on this PC (``kept_answers``), the result
page (``candidate_result``) and the lock-down that takes the focus back (``lock_down``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.exams import candidate_view
from ethics_trainer.exams.client import OFFLINE_ERRORS, CandidateClient, SyncResult
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.machine import machine_id
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.candidate_result import ResultPage
from ethics_trainer.ui.exams.candidate_sign_in import Seat, SignedIn, SignInPage
from ethics_trainer.ui.exams.common import clock_text, show_error
from ethics_trainer.ui.exams.exam_page import ExamPage, large_type_style
from ethics_trainer.ui.exams.kept_answers import KeptAnswers
from ethics_trainer.ui.exams.lock_down import LockDown
from ethics_trainer.ui.exams.reserved_banner import ReservedBanner
from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)

POLL_MS = 3000
TICK_MS = 1000
MAX_SYNCS = 2  # one running, one queued: a queued sync flushes whatever is kept by then


class CandidateWindow(QWidget):
    """Sign-in, exam and result pages for one PC of the room.

    Signals:
        answer_saved: a question id whose answer was kept on this PC (the server follows).
        connection_changed: True when the database is reachable again, False when lost.
        exam_started: the attempt is on screen.
        submitted: the attempt was handed in (by the candidate, the time, or the proctor).
        (signing in, its list of names and its messages: ``sign_in_page``)
        synced: a round trip to the server (write kept answers, read the view) came back.
        (the window took the focus back: ``lock_down.reclaimed``)
    """

    answer_saved = Signal(str)
    connection_changed = Signal(bool)
    exam_started = Signal()
    submitted = Signal()
    synced = Signal()

    def __init__(
        self,
        db: Database,
        library: Library,
        data_dir: Path,
        *,
        clock: Clock = SYSTEM_CLOCK,
        machine: str | None = None,
        ask_close_password: bool = True,
    ) -> None:
        super().__init__()
        self.db, self.library, self.clock = db, library, clock
        self.machine = machine or machine_id(data_dir)
        self.journal = AnswerJournal.in_folder(data_dir)
        self.client: CandidateClient | None = None
        self.state: AttemptState | None = None
        self.index = 0
        self.locked = False
        self.session_ended = False
        self.online = True
        self.show_after = "score"
        self.tasks = TaskRunner(self)
        self.tasks.default_error = self._task_failed
        self.kept = KeptAnswers()  # kept on this PC, not yet seen in a server view
        self._syncs = 0
        self._submitting = False
        self.setWindowTitle(tr("exams.candidate.title"))
        self.lock_down = LockDown(self, self.exam_running, db, clock, ask_close_password)

        self.setStyleSheet(large_type_style(QApplication.font().pointSize()))
        self.setMinimumSize(640, 480)

        self.pages = QStackedWidget()
        root = QVBoxLayout(self)
        self.banner = ReservedBanner()
        root.addWidget(self.banner)
        root.addWidget(self.pages)
        self._build_sign_in()
        self._build_exam()
        self._build_result()

        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.on_tick)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.refresh)
        self.sign_in_page.reload_names()

    # -- pages -----------------------------------------------------------------------------
    def _build_sign_in(self) -> None:
        seat = Seat(self.db, self.library, self.machine, self.journal, self.clock)
        self.sign_in_page = SignInPage(seat, self.tasks)
        self.sign_in_page.signed_in.connect(self._signed_in)
        self.names = self.sign_in_page.names
        self.code = self.sign_in_page.code
        self.sign_in_button = self.sign_in_page.sign_in_button
        self.sign_in_message = self.sign_in_page.message
        self.pages.addWidget(self.sign_in_page)

    def _build_exam(self) -> None:
        self.exam_page = page = ExamPage()
        page.step.connect(lambda step: self.go(self.index + step))
        page.submit_requested.connect(self.confirm_submit)
        page.submit_confirmed.connect(self.submit_now)
        page.question.selection_changed.connect(lambda _keys: self.save_current())
        page.question.flag_toggled.connect(self.on_flag)
        page.navigator.chosen.connect(self.go)
        self.who, self.countdown, self.question = page.who, page.countdown, page.question
        self.flag_box = page.question.flag
        self.prev_button, self.next_button = page.prev_button, page.next_button
        self.submit_button, self.navigator = page.submit_button, page.navigator
        self.lock_label, self.ended_label = page.lock_label, page.ended_label
        self.pages.addWidget(page)

    def _build_result(self) -> None:
        self.result_page = ResultPage()
        self.result_label = self.result_page.label
        self.pages.addWidget(self.result_page)

    # -- background work -------------------------------------------------------------------
    def _task_failed(self, exc: BaseException) -> None:
        """A background call failed: offline is shown in the banner; anything else is shown
        to the candidate in their language (and logged with its traceback)."""
        if isinstance(exc, OFFLINE_ERRORS):
            self.set_online(False)
            return
        show_error(self, exc)

    # -- signed in ------------------------------------------------------------------------
    def _signed_in(self, result: SignedIn) -> None:
        self.client, self.state, view = result.client, result.state, result.view
        self.index = 0
        self.pages.setCurrentIndex(1)
        self.apply_view(view)
        self.render_navigator()
        self.show_question()
        self.on_tick()
        self.tick.start()
        self.poll.start()
        self.exam_started.emit()
        if self.state is not None and self.state.finished:
            self.show_result()

    # -- the exam --------------------------------------------------------------------------
    def answers(self) -> dict[str, tuple[str, ...]]:
        """Server answers overlaid with those kept on this PC and not yet read back."""
        assert self.state is not None
        return self.kept.answers(self.state)

    def flagged(self, question_id: str) -> bool:
        return self.kept.flagged(self.state, question_id)

    def show_question(self) -> None:
        if self.state is None:
            return
        question = self.state.questions[self.index]
        total = len(self.state.questions)
        self.question.show_question(
            question,
            selected=self.answers().get(question.id, ()),
            flagged=self.flagged(question.id),
            position=tr("exams.candidate.position", n=self.index + 1, total=total),
        )
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < total - 1)
        self.set_enabled_for_lock()

    @property
    def option_buttons(self) -> list[QAbstractButton]:
        return self.question.buttons

    def go(self, index: int) -> None:
        if self.state is not None and 0 <= index < len(self.state.questions):
            self.index = index
            self.show_question()
            self.render_navigator()

    def choose(self, keys: list[str]) -> None:
        """Select these option keys for the current question (tests use it)."""
        self.question.set_selected(keys)
        self.save_current()

    def save_current(self) -> None:
        """Keep the choice on this PC now; the server is written in the background."""
        if (
            self.state is None
            or self.client is None
            or self.locked
            or self.session_ended
            or self.state.finished
        ):
            return
        question = self.state.questions[self.index]
        keys = tuple(self.question.selected_keys())
        self.kept.keep_answer(question.id, self.client.keep_answer(question.id, keys), keys)
        self.render_navigator()
        self.answer_saved.emit(question.id)
        self.sync()

    def on_flag(self, flagged: bool) -> None:
        if self.state is None or self.client is None or self.session_ended:
            return
        qid = self.state.questions[self.index].id
        self.kept.keep_flag(qid, self.client.keep_flag(qid, flagged), flagged)
        self.render_navigator()
        self.sync()

    def sync(self) -> None:
        """Write what this PC keeps and read the server's view, off the GUI thread."""
        if self.client is None or self._syncs >= MAX_SYNCS:
            return
        self._syncs += 1
        self.tasks.run_db(self.client.sync, self._synced, self._sync_failed)

    def _sync_failed(self, exc: BaseException) -> None:
        self._syncs -= 1
        self._task_failed(exc)
        self.synced.emit()

    def _synced(self, result: SyncResult) -> None:
        self._syncs -= 1
        self.kept.forget([*result.flushed.written_seqs, *result.flushed.rejected_seqs])
        for message in result.flushed.rejected:
            self.banner.say(message)
        if result.view is None:
            self.set_online(False)
        else:
            self.apply_view(result.view)
        self.render_navigator()  # repainted only if a mark changed
        self.synced.emit()

    def render_navigator(self) -> None:
        if self.state is not None:
            self.navigator.show_marks(self.kept.marks(self.state), self.index)

    @property
    def nav_buttons(self) -> list[QPushButton]:
        return self.navigator.buttons

    def seconds_left(self) -> int:
        """On the client's clock: this PC's clock moved to the server's (see server_time)."""
        if self.state is None or self.client is None:
            return 0
        return self.client.time_left(self.state)

    def on_tick(self) -> None:
        if self.state is None or self.state.finished or self.session_ended:
            return
        left = self.seconds_left()
        self.countdown.setText(clock_text(left))
        if left <= 0:
            self.submit_now()

    def set_online(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        self.banner.say("" if online else tr("exams.candidate.reconnecting"))
        self.connection_changed.emit(online)

    @property
    def banner_showing(self) -> bool:
        return self.banner.showing

    def refresh(self) -> None:
        """Poll the server: flush kept answers, re-read the deadline, lock and session state."""
        self.sync()

    def apply_view(self, view: candidate_view.CandidateView) -> None:
        """Show what the server says: name, deadline and answers, lock, end of the exam."""
        self.set_online(True)
        self.show_after = view.show_after
        self.who.setText(view.full_name)
        if view.attempt is not None:
            self.state = view.attempt
        self.locked = view.locked
        self.lock_label.setVisible(view.locked)
        if view.session_ended and not self.session_ended:
            # The proctor ended the session: no more answers, no countdown, no hand-in; the
            # server submits the attempt (the result shows once the poll sees it submitted).
            self.session_ended = True
            self.tick.stop()
            self.countdown.setText(tr("exams.candidate.session_ended"))
        self.ended_label.setVisible(self.session_ended)
        self.set_enabled_for_lock()
        if self.state is not None and self.state.finished:
            self.show_result()

    def set_enabled_for_lock(self) -> None:
        enabled = not self.locked and not self.session_ended
        self.question.set_answerable(enabled)
        self.submit_button.setEnabled(enabled)

    def confirm_submit(self) -> None:
        if self.state is not None:
            self.exam_page.ask_submit(self.state.unanswered_positions())

    def submit_now(self) -> None:
        """Hand in (the candidate, or the countdown at zero) once kept answers are written."""
        if (
            self.client is None
            or self.state is None
            or self.state.finished
            or self.session_ended
            or self._submitting
        ):
            return
        self._submitting = True

        def done(state: AttemptState) -> None:
            self._submitting = False
            self.kept.clear()
            self.state = state
            self.show_result()

        def failed(exc: BaseException) -> None:
            self._submitting = False
            self._task_failed(exc)

        self.tasks.run_db(self.client.submit, done, failed)

    def show_result(self) -> None:
        if self.state is None:
            return
        self.tick.stop()
        self.result_page.show_result(self.state, self.show_after)
        if self.pages.currentIndex() != 2:
            self.pages.setCurrentIndex(2)
            self.submitted.emit()

    # -- no way out without the proctor ---------------------------------------------------
    def allow_close(self) -> None:
        self.lock_down.closing_allowed = True

    def exam_running(self) -> bool:
        return (
            self.pages.currentIndex() == 1
            and self.state is not None
            and not self.state.finished
            and not self.lock_down.closing_allowed
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.lock_down.may_close():
            self._shut_down()
            event.accept()
        else:
            event.ignore()

    def _shut_down(self) -> None:
        """Stop polling and close at once; queued writes finish in the background, and anything
        unwritten stays in the journal for the next start."""
        self.tick.stop()
        self.poll.stop()
        self.lock_down.closing_allowed = True
        self.tasks.shutdown(wait=False)
