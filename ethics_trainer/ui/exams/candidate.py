"""The candidate's screen: sign in, then the exam, full screen with no way elsewhere.

Every answer goes through :class:`~ethics_trainer.exams.client.CandidateClient`: it is put in
the journal on this PC at once (on the GUI thread: a local SQLite append), and shown as
answered; writing it to the server and reading the server's view back run on the window's
:class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`, so a slow or absent server never freezes the
screen (it shows "Đang kết nối lại…" instead). The countdown is the stored deadline minus now,
on the clock of the server (read once at sign-in, see ``exams.server_time``); the deadline is
re-read every few seconds so extra time granted by the proctor shows at once.
Closing, Alt+F4 or Esc asks for the proctor password.

A Qt window cannot lock the operating system: Alt+Tab, the Windows key or Ctrl+Alt+Del still
reach it. The window stays on top, full screen, and takes the focus back when the PC's focus
goes to another program; a real kiosk needs the OS's own assigned-access or kiosk mode.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import candidate_view, live_roster
from ethics_trainer.exams.client import OFFLINE_ERRORS, CandidateClient, SyncResult
from ethics_trainer.exams.definitions import SHOW_ANSWERS, SHOW_NOTHING
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.machine import machine_id
from ethics_trainer.exams.server_time import room_clock
from ethics_trainer.i18n import formats, tr
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services.steady_clock import SteadyClock
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import clock_text, show_error
from ethics_trainer.ui.exams.password_dialog import ask_password
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.question import QuestionWidget

log = logging.getLogger(__name__)

POLL_MS = 3000
TICK_MS = 1000
RECLAIM_MS = 300  # after the focus went to another program, take it back this soon
MAX_SYNCS = 2  # one running, one queued: a queued sync flushes whatever is kept by then
MIN_POINT_SIZE = 14  # read at arm's length on a room PC


class CandidateWindow(QWidget):
    """Sign-in, exam and result pages for one PC of the room.

    Signals:
        answer_saved: a question id whose answer was kept on this PC (the server follows).
        connection_changed: True when the database is reachable again, False when lost.
        exam_started: the attempt is on screen.
        submitted: the attempt was handed in (by the candidate, the time, or the proctor).
        names_loaded: the sign-in list was filled from the database.
        sign_in_failed: the message shown when signing in did not work.
        synced: a round trip to the server (write kept answers, read the view) came back.
        reclaimed: the window took the focus back from another program.
    """

    answer_saved = Signal(str)
    connection_changed = Signal(bool)
    exam_started = Signal()
    submitted = Signal()
    names_loaded = Signal()
    sign_in_failed = Signal(str)
    synced = Signal()
    reclaimed = Signal()

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
        self.ask_close_password = ask_close_password
        self._closing_allowed = False
        self.show_after = "score"
        self.tasks = TaskRunner(self)
        self.tasks.default_error = self._task_failed
        # answers and flags kept on this PC and not yet seen in a server view: journal seq, value
        self._overlay: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._flag_overlay: dict[str, tuple[int, bool]] = {}
        self._syncs = 0
        self._signing_in = False
        self._submitting = False
        self.setWindowTitle(tr("exams.candidate.title"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)

        # Larger type for the whole screen. A style sheet, not setFont: under the app's style
        # sheet a font set on a parent no longer reaches its children.
        size = max(MIN_POINT_SIZE, QApplication.font().pointSize() + 3)
        self.setStyleSheet(
            f"QWidget {{ font-size: {size}pt; }}"
            f" QLabel#countdown, QLabel#pageTitle {{ font-size: {size + 6}pt; font-weight: bold; }}"
        )
        self.setMinimumSize(640, 480)

        self.pages = QStackedWidget()
        root = QVBoxLayout(self)
        # The banner's line is reserved at all times (empty when all is well): "reconnecting"
        # appearing must not push the question down under the candidate's pointer.
        self.banner = QLabel("")
        self.banner.setObjectName("candidateBanner")
        self.banner.setProperty("active", False)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.banner.setFixedHeight(self.banner.fontMetrics().lineSpacing() + 12)
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
        self.reload_names()

    # -- pages -----------------------------------------------------------------------------
    def _build_sign_in(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = QLabel(tr("exams.candidate.sign_in_title"))
        title.setObjectName("pageTitle")
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.names = QComboBox()
        self.names.setObjectName("candidateNames")
        # Nobody is pre-selected: a candidate who presses Enter must not sign in as the first.
        self.names.setPlaceholderText(tr("uic.candidate.name_placeholder"))
        self.names.setMinimumWidth(self.names.fontMetrics().averageCharWidth() * 36)
        layout.addWidget(
            QLabel(tr("exams.candidate.pick_name")), alignment=Qt.AlignmentFlag.AlignHCenter
        )
        layout.addWidget(self.names, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(
            QLabel(tr("exams.candidate.type_code")), alignment=Qt.AlignmentFlag.AlignHCenter
        )
        self.code = QLineEdit()
        self.code.setObjectName("candidateCode")
        self.code.setMaxLength(12)
        self.code.setMinimumWidth(self.code.fontMetrics().averageCharWidth() * 16)
        self.code.returnPressed.connect(lambda: self.sign_in())  # Enter signs in
        layout.addWidget(self.code, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_button = QPushButton(tr("exams.candidate.enter"))
        self.sign_in_button.setObjectName("candidateSignIn")
        self.sign_in_button.clicked.connect(lambda: self.sign_in())
        layout.addWidget(self.sign_in_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        reload_button = QPushButton(tr("exams.candidate.reload_names"))
        reload_button.clicked.connect(lambda: self.reload_names())
        layout.addWidget(reload_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_message = QLabel("")
        self.sign_in_message.setWordWrap(True)
        self.sign_in_message.setObjectName("errorText")
        # centred by the label, not the layout: a layout item with an alignment gets no
        # height-for-width, and a wrapped two-line message was cut to half a line
        self.sign_in_message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.sign_in_message)
        layout.addStretch(2)
        self.pages.addWidget(page)

    def _build_exam(self) -> None:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        top = QHBoxLayout()
        self.who = QLabel("")
        self.countdown = QLabel("")
        self.countdown.setObjectName("countdown")
        top.addWidget(self.who, 1)
        top.addWidget(self.countdown)
        left.addLayout(top)
        self.question = QuestionWidget(with_flag=True)
        self.question.setObjectName("candidateQuestion")
        self.question.selection_changed.connect(self.on_selection)
        self.question.flag_toggled.connect(self.on_flag)
        self.flag_box = self.question.flag
        left.addWidget(self.question, 1)
        keys = QLabel(tr("uic.candidate.keys"))
        keys.setObjectName("keysHint")
        keys.setWordWrap(True)
        left.addWidget(keys)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(tr("exams.candidate.prev"))
        self.prev_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button = QPushButton(tr("exams.candidate.next"))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        self.submit_button = QPushButton(tr("exams.candidate.submit"))
        self.submit_button.clicked.connect(self.confirm_submit)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.submit_button)
        left.addLayout(nav)
        layout.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("exams.candidate.navigator")))
        self.navigator = QWidget()
        self.nav_grid = QGridLayout(self.navigator)
        self.nav_grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.navigator)
        right.addWidget(scroll, 1)
        self.legend = QLabel(tr("exams.candidate.legend"))
        self.legend.setWordWrap(True)
        right.addWidget(self.legend)
        self.lock_label = QLabel(tr("exams.candidate.locked_banner"))
        self.lock_label.setObjectName("errorText")
        self.lock_label.setWordWrap(True)
        self.lock_label.hide()
        right.addWidget(self.lock_label)
        self.ended_label = QLabel(tr("exams.candidate.session_ended_banner"))
        self.ended_label.setWordWrap(True)
        self.ended_label.setObjectName("errorText")
        self.ended_label.hide()
        right.addWidget(self.ended_label)
        layout.addLayout(right, 1)
        self.nav_buttons: list[QPushButton] = []
        self.pages.addWidget(page)
        for key, step in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Right, 1)):
            shortcut = QShortcut(QKeySequence(key), page)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(lambda step=step: self.go(self.index + step))

    def _build_result(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.result_label = QLabel("")
        self.result_label.setObjectName("candidateResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.result_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.pages.addWidget(page)

    # -- background work -------------------------------------------------------------------
    def _task_failed(self, exc: BaseException) -> None:
        """A background call failed: offline is shown in the banner; anything else is shown
        to the candidate in their language (and logged with its traceback)."""
        if isinstance(exc, OFFLINE_ERRORS):
            self.set_online(False)
            return
        show_error(self, exc)

    # -- sign in ---------------------------------------------------------------------------
    def reload_names(self) -> None:
        """Fill the list of names from the open sessions (off the GUI thread)."""

        def done(choices: list[live_roster.CandidateChoice]) -> None:
            keep = self.names.currentData()
            self.names.clear()
            for choice in choices:
                self.names.addItem(choice.label, choice.id)
            found = self.names.findData(keep) if keep is not None else -1
            self.names.setCurrentIndex(found)  # -1: nobody chosen until the candidate picks
            self.names_loaded.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OFFLINE_ERRORS):
                self.sign_in_message.setText(tr("exams.candidate.reconnecting"))
            else:
                self._task_failed(exc)

        db = self.db
        self.tasks.run_db(lambda: live_roster.candidate_choices(db), done, failed)

    def sign_in(self, candidate_id: int | None = None, code: str | None = None) -> None:
        """Check in with the chosen name and typed code, then show the exam."""
        cid = candidate_id if candidate_id is not None else self.names.currentData()
        if cid is None:
            self.sign_in_message.setText(tr("exams.candidate.pick_name_first"))
            return
        if self._signing_in:
            return
        typed = code if code is not None else self.code.text()
        db, library, machine, journal, clock = (
            self.db,
            self.library,
            self.machine,
            self.journal,
            self.clock,
        )

        def op() -> tuple[CandidateClient, AttemptState, candidate_view.CandidateView]:
            # the server's time, once per session: a PC with a wrong clock gets the right deadline
            now_clock = room_clock(db, clock)
            if clock is SYSTEM_CLOCK:  # a clock set back or forward mid-exam changes nothing
                now_clock = SteadyClock(now_clock)
            client = CandidateClient(db, int(cid), machine, journal, clock=now_clock)
            client.check_in(typed)
            state = client.start(library)
            return client, state, client.view()

        self._signing_in = True
        self.sign_in_button.setEnabled(False)
        self.sign_in_message.setText("")
        self.tasks.run_db(op, self._signed_in, self._sign_in_failed)

    def _signed_in(
        self, result: tuple[CandidateClient, AttemptState, candidate_view.CandidateView]
    ) -> None:
        self._signing_in = False
        self.sign_in_button.setEnabled(True)
        self.client, self.state, view = result
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

    def _sign_in_failed(self, exc: BaseException) -> None:
        self._signing_in = False
        self.sign_in_button.setEnabled(True)
        if isinstance(exc, UserError):
            text = exc.message + (f"\n{exc.hint}" if exc.hint else "")
        elif isinstance(exc, OFFLINE_ERRORS):
            text = tr("exams.candidate.reconnecting")
        else:
            log.error("sign-in failed", exc_info=exc)
            text = tr("app.unexpected_error")
        self.sign_in_message.setText(text)
        self.sign_in_failed.emit(text)

    # -- the exam --------------------------------------------------------------------------
    def answers(self) -> dict[str, tuple[str, ...]]:
        """Server answers overlaid with those kept on this PC and not yet read back."""
        assert self.state is not None
        merged = {qid: a.selected for qid, a in self.state.answers.items()}
        merged.update({qid: value for qid, (_seq, value) in self._overlay.items()})
        return merged

    def flagged(self, question_id: str) -> bool:
        if question_id in self._flag_overlay:
            return self._flag_overlay[question_id][1]
        answer = self.state.answers.get(question_id) if self.state is not None else None
        return bool(answer and answer.flagged)

    def show_question(self) -> None:
        if self.state is None:
            return
        question = self.state.questions[self.index]
        total = len(self.state.questions)
        self.question.show_question(
            question,
            selected=self.answers().get(question["id"], ()),
            flagged=self.flagged(question["id"]),
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

    def on_selection(self, _keys: list[str]) -> None:
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
        seq = self.client.keep_answer(question["id"], keys)
        self._overlay[question["id"]] = (seq, keys)
        self.render_navigator()
        self.answer_saved.emit(question["id"])
        self.sync()

    def on_flag(self, flagged: bool) -> None:
        if self.state is None or self.client is None or self.session_ended:
            return
        qid = self.state.questions[self.index]["id"]
        self._flag_overlay[qid] = (self.client.keep_flag(qid, flagged), flagged)
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
        before = self._marks()
        done = set(result.flushed.written_seqs) | set(result.flushed.rejected_seqs)
        self._overlay = {q: v for q, v in self._overlay.items() if v[0] not in done}
        self._flag_overlay = {q: v for q, v in self._flag_overlay.items() if v[0] not in done}
        for message in result.flushed.rejected:
            self._set_banner(message)
        if result.view is None:
            self.set_online(False)
        else:
            self.apply_view(result.view)
        if self._marks() != before:
            self.render_navigator()
        self.synced.emit()

    def _marks(self) -> object:
        """What the navigator shows, to repaint it only when it changed."""
        if self.state is None:
            return None
        return tuple(
            (bool(self.answers().get(q["id"])), self.flagged(q["id"])) for q in self.state.questions
        )

    def reload_state(self) -> None:
        """Kept for callers of the old API: one background round trip."""
        self.sync()

    def render_navigator(self) -> None:
        if self.state is None:
            return
        while self.nav_grid.count():
            item = self.nav_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.nav_buttons = []
        answers = self.answers()
        for i, question in enumerate(self.state.questions):
            answered = bool(answers.get(question["id"]))
            flagged = self.flagged(question["id"])
            marks = ("✓" if answered else "") + ("⚑" if flagged else "")
            button = QPushButton(f"{i + 1} {marks}".strip())
            button.setObjectName("navButton")
            button.setProperty("answered", answered)
            button.setProperty("flagged", flagged)
            button.setProperty("current", i == self.index)
            state = [tr("quiz.answered") if answered else tr("quiz.unanswered")]
            if flagged:
                state.append(tr("quiz.flagged"))
            button.setAccessibleName(tr("uis.quiz.nav_state", number=i + 1, state=", ".join(state)))
            button.clicked.connect(lambda _=False, n=i: self.go(n))
            self.nav_grid.addWidget(button, i // 5, i % 5)
            self.nav_buttons.append(button)

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
        if online:
            self._set_banner("")
        else:
            self._set_banner(tr("exams.candidate.reconnecting"))
        self.connection_changed.emit(online)

    def _set_banner(self, text: str) -> None:
        """Write into the reserved banner line (empty hides the message, not the line)."""
        self.banner.setText(text)
        self.banner.setToolTip(text)
        self.banner.setProperty("active", bool(text))
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    @property
    def banner_showing(self) -> bool:
        return bool(self.banner.text())

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
        if self.state is None:
            return
        missing = self.state.unanswered_positions()
        text = tr("exams.candidate.confirm_submit")
        if missing:
            text += "\n" + tr("exams.candidate.unanswered", list=", ".join(map(str, missing)))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("exams.candidate.submit"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.buttonClicked.connect(
            lambda b: (
                self.submit_now()
                if box.standardButton(b) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        box.open()

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
            self._overlay.clear()
            self._flag_overlay.clear()
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
        show = self.show_after
        lines = [html.escape(tr("exams.candidate.done"))]
        if show != SHOW_NOTHING and self.state.score is not None:
            lines.append(
                html.escape(
                    tr(
                        "exams.candidate.score",
                        score=formats.percent(self.state.score),
                        correct=self.state.correct_count or 0,
                        total=len(self.state.questions),
                    )
                )
            )
            if self.state.passed is not None:
                key = "uic.candidate.passed" if self.state.passed else "uic.candidate.failed"
                verdict = tr(key, pass_mark=formats.percent(self.state.pass_percent))
                lines.append(f"<b>{html.escape(verdict)}</b>")
        if show == SHOW_ANSWERS:
            for i, q in enumerate(self.state.questions, start=1):
                right = ", ".join(o["text"] for o in q["options"] if o["correct"])
                lines.append(html.escape(f"{i}. {q['title']}: {right}"))
        self.result_label.setText("<br><br>".join(lines))
        if self.pages.currentIndex() != 2:
            self.pages.setCurrentIndex(2)
            self.submitted.emit()

    # -- no way out without the proctor ---------------------------------------------------
    def allow_close(self) -> None:
        self._closing_allowed = True

    def exam_running(self) -> bool:
        return (
            self.pages.currentIndex() == 1
            and self.state is not None
            and not self.state.finished
            and not self._closing_allowed
        )

    def on_application_state(self, state: Qt.ApplicationState) -> None:
        """Another program took the focus (Alt+Tab, a pop-up): take it back during the exam.

        Only when the whole application lost it, so the password and submit dialogs of this
        window keep theirs.
        """
        if state != Qt.ApplicationState.ApplicationActive and self.exam_running():
            QTimer.singleShot(RECLAIM_MS, self.reclaim_focus)

    def reclaim_focus(self) -> None:
        if not self.exam_running() or not self.isVisible():
            return
        if self.isFullScreen() or self.windowState() & Qt.WindowState.WindowMinimized:
            self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.reclaimed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_allowed or not self.ask_close_password:
            self._shut_down()
            event.accept()
            return
        if ask_password(self.db, "proctor", self, clock=self.clock):
            self._shut_down()
            event.accept()
        else:
            event.ignore()

    def _shut_down(self) -> None:
        """Stop polling and close at once; queued writes finish in the background, and anything
        unwritten stays in the journal for the next start."""
        self.tick.stop()
        self.poll.stop()
        self._closing_allowed = True
        self.tasks.shutdown(wait=False)
