"""The candidate's screen: sign in, then the exam, full screen with no way elsewhere.

Every answer goes through :class:`~ethics_trainer.exams.client.CandidateClient` (journal on
this PC first, then the database). The countdown is the stored deadline minus now, re-read
from the database every few seconds so extra time granted by the proctor shows at once.
Closing, Alt+F4 or Esc asks for the proctor password.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import sessions
from ethics_trainer.exams.client import OFFLINE_ERRORS, CandidateClient
from ethics_trainer.exams.definitions import SHOW_ANSWERS, SHOW_NOTHING
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.machine import machine_id
from ethics_trainer.i18n import formats, tr
from ethics_trainer.services.attempts import AttemptState
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import clock_text, show_error
from ethics_trainer.ui.exams.password_dialog import ask_password

POLL_MS = 3000
TICK_MS = 1000


class CandidateWindow(QWidget):
    """Sign-in, exam and result pages for one PC of the room.

    Signals:
        answer_saved: a question id whose answer was kept (on the server or on this PC).
        connection_changed: True when the database is reachable again, False when lost.
        exam_started: the attempt is on screen.
        submitted: the attempt was handed in (by the candidate, the time, or the proctor).
    """

    answer_saved = Signal(str)
    connection_changed = Signal(bool)
    exam_started = Signal()
    submitted = Signal()

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
        self.online = True
        self.ask_close_password = ask_close_password
        self._closing_allowed = False
        self.setWindowTitle(tr("exams.candidate.title"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)

        self.pages = QStackedWidget()
        root = QVBoxLayout(self)
        self.banner = QLabel("")
        self.banner.setStyleSheet("background:#fff3cd; padding:6px; font-weight:bold")
        self.banner.hide()
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
        title.setStyleSheet("font-size: 20pt; font-weight: bold")
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.names = QComboBox()
        self.names.setMinimumWidth(480)
        layout.addWidget(
            QLabel(tr("exams.candidate.pick_name")), alignment=Qt.AlignmentFlag.AlignHCenter
        )
        layout.addWidget(self.names, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(
            QLabel(tr("exams.candidate.type_code")), alignment=Qt.AlignmentFlag.AlignHCenter
        )
        self.code = QLineEdit()
        self.code.setMaxLength(12)
        self.code.setFixedWidth(200)
        layout.addWidget(self.code, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_button = QPushButton(tr("exams.candidate.enter"))
        self.sign_in_button.clicked.connect(lambda: self.sign_in())
        layout.addWidget(self.sign_in_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        reload_button = QPushButton(tr("exams.candidate.reload_names"))
        reload_button.clicked.connect(lambda: self.reload_names())
        layout.addWidget(reload_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_message = QLabel("")
        self.sign_in_message.setWordWrap(True)
        self.sign_in_message.setStyleSheet("color:#b00020")
        layout.addWidget(self.sign_in_message, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.pages.addWidget(page)

    def _build_exam(self) -> None:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        top = QHBoxLayout()
        self.who = QLabel("")
        self.countdown = QLabel("")
        self.countdown.setStyleSheet("font-size: 18pt; font-weight: bold")
        top.addWidget(self.who, 1)
        top.addWidget(self.countdown)
        left.addLayout(top)
        self.position_label = QLabel("")
        left.addWidget(self.position_label)
        self.stem = QLabel("")
        self.stem.setWordWrap(True)
        self.stem.setTextFormat(Qt.TextFormat.MarkdownText)
        self.stem.setStyleSheet("font-size: 13pt")
        left.addWidget(self.stem)
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        left.addWidget(self.options_box)
        self.option_group = QButtonGroup(self)
        self.option_buttons: list[QAbstractButton] = []
        self.flag_box = QCheckBox(tr("exams.candidate.flag"))
        self.flag_box.toggled.connect(self.on_flag)
        left.addWidget(self.flag_box)
        left.addStretch(1)
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
        self.lock_label.setStyleSheet("color:#b00020; font-weight:bold")
        self.lock_label.hide()
        right.addWidget(self.lock_label)
        layout.addLayout(right, 1)
        self.nav_buttons: list[QPushButton] = []
        self.pages.addWidget(page)

    def _build_result(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("font-size: 16pt")
        self.result_label.setTextFormat(Qt.TextFormat.MarkdownText)
        layout.addWidget(self.result_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.pages.addWidget(page)

    # -- sign in ---------------------------------------------------------------------------
    def reload_names(self) -> None:
        self.names.clear()
        try:
            for choice in sessions.candidate_choices(self.db):
                self.names.addItem(choice.label, choice.id)
        except OFFLINE_ERRORS:
            self.sign_in_message.setText(tr("exams.candidate.reconnecting"))

    def sign_in(self, candidate_id: int | None = None, code: str | None = None) -> None:
        """Check in with the chosen name and typed code, then show the exam."""
        cid = candidate_id if candidate_id is not None else self.names.currentData()
        if cid is None:
            self.sign_in_message.setText(tr("exams.candidate.pick_name_first"))
            return
        client = CandidateClient(self.db, int(cid), self.machine, self.journal, clock=self.clock)
        try:
            client.check_in(code if code is not None else self.code.text())
            self.state = client.start(self.library)
        except UserError as exc:
            self.sign_in_message.setText(exc.message + (f"\n{exc.hint}" if exc.hint else ""))
            return
        self.client = client
        self.index = 0
        self.pages.setCurrentIndex(1)
        self.render_navigator()
        self.show_question()
        self.tick.start()
        self.poll.start()
        self.refresh()
        self.exam_started.emit()
        if self.state.finished:
            self.show_result()

    # -- the exam --------------------------------------------------------------------------
    def answers(self) -> dict[str, tuple[str, ...]]:
        """Server answers overlaid with those still kept on this PC."""
        assert self.state is not None and self.client is not None
        merged = {qid: a.selected for qid, a in self.state.answers.items()}
        merged.update(self.client.pending_answers())
        return merged

    def show_question(self) -> None:
        if self.state is None:
            return
        question = self.state.questions[self.index]
        total = len(self.state.questions)
        self.position_label.setText(tr("exams.candidate.position", n=self.index + 1, total=total))
        self.stem.setText(question["stem"] or question["title"])
        for button in self.option_buttons:
            self.option_group.removeButton(button)
            self.options_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.option_buttons = []
        multiple = question["kind"] == "multiple"
        self.option_group.setExclusive(not multiple)
        chosen = set(self.answers().get(question["id"], ()))
        for option in question["options"]:
            button: QAbstractButton = (
                QCheckBox(option["text"]) if multiple else QRadioButton(option["text"])
            )
            button.setProperty("key", option["key"])
            button.setChecked(option["key"] in chosen)
            button.toggled.connect(self.on_option_toggled)
            self.option_group.addButton(button)
            self.options_layout.addWidget(button)
            self.option_buttons.append(button)
        answer = self.state.answers.get(question["id"])
        self.flag_box.blockSignals(True)
        self.flag_box.setChecked(bool(answer and answer.flagged))
        self.flag_box.blockSignals(False)
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < total - 1)
        self.set_enabled_for_lock()

    def go(self, index: int) -> None:
        if self.state is not None and 0 <= index < len(self.state.questions):
            self.index = index
            self.show_question()
            self.render_navigator()

    def choose(self, keys: list[str]) -> None:
        """Select these option keys for the current question (tests and the buttons use it)."""
        for button in self.option_buttons:
            button.blockSignals(True)
            button.setChecked(button.property("key") in keys)
            button.blockSignals(False)
        self.save_current()

    def on_option_toggled(self, checked: bool) -> None:
        if self.option_group.exclusive() and not checked:
            return  # the other radio button's toggle carries the new choice
        self.save_current()

    def save_current(self) -> None:
        if self.state is None or self.client is None or self.locked:
            return
        question = self.state.questions[self.index]
        keys = [b.property("key") for b in self.option_buttons if b.isChecked()]
        result = self.client.answer(question["id"], keys)
        self.set_online(result.online)
        for message in result.rejected:
            self.banner.setText(message)
            self.banner.show()
        if result.online:
            self.reload_state()
        self.render_navigator()
        self.answer_saved.emit(question["id"])

    def on_flag(self, flagged: bool) -> None:
        if self.state is None or self.client is None:
            return
        result = self.client.flag(self.state.questions[self.index]["id"], flagged)
        self.set_online(result.online)
        if result.online:
            self.reload_state()
        self.render_navigator()

    def reload_state(self) -> None:
        assert self.client is not None
        try:
            view = self.client.view()
        except OFFLINE_ERRORS:
            self.set_online(False)
            return
        self.apply_view(view)

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
            button = QPushButton(str(i + 1))
            button.setFixedWidth(44)
            answered = bool(answers.get(question["id"]))
            flagged = bool(
                self.state.answers.get(question["id"])
                and self.state.answers[question["id"]].flagged
            )
            color = "#c8e6c9" if answered else "#ffffff"
            border = (
                "3px solid #e65100"
                if flagged
                else ("2px solid #1565c0" if i == self.index else "1px solid #999")
            )
            button.setStyleSheet(f"background:{color}; border:{border}")
            button.setProperty("answered", answered)
            button.setProperty("flagged", flagged)
            button.clicked.connect(lambda _=False, n=i: self.go(n))
            self.nav_grid.addWidget(button, i // 5, i % 5)
            self.nav_buttons.append(button)

    def seconds_left(self) -> int:
        if self.state is None or self.client is None:
            return 0
        return self.client.time_left(self.state, self.clock.now())

    def on_tick(self) -> None:
        if self.state is None or self.state.finished:
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
            self.banner.hide()
        else:
            self.banner.setText(tr("exams.candidate.reconnecting"))
            self.banner.show()
        self.connection_changed.emit(online)

    def refresh(self) -> None:
        """Poll the server: flush kept answers, re-read the deadline, lock and session state."""
        if self.client is None:
            return
        flushed = self.client.flush()
        if not flushed.online:
            self.set_online(False)
            return
        self.reload_state()
        if self.online or flushed.online:
            self.set_online(True)

    def apply_view(self, view: sessions.CandidateView) -> None:
        self.set_online(True)
        self.show_after = view.show_after
        self.who.setText(view.full_name)
        if view.attempt is not None:
            self.state = view.attempt
        self.locked = view.locked
        self.lock_label.setVisible(view.locked)
        self.set_enabled_for_lock()
        if self.state is not None and self.state.finished:
            self.show_result()

    def set_enabled_for_lock(self) -> None:
        enabled = not self.locked
        for button in self.option_buttons:
            button.setEnabled(enabled)
        self.submit_button.setEnabled(not self.locked)

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
        if self.client is None or self.state is None or self.state.finished:
            return
        try:
            self.state = self.client.submit()
        except OFFLINE_ERRORS:
            self.set_online(False)
            return
        except UserError as exc:
            show_error(self, exc)
            return
        self.show_result()

    def show_result(self) -> None:
        if self.state is None:
            return
        self.tick.stop()
        show = getattr(self, "show_after", "score")
        lines = [tr("exams.candidate.done")]
        if show != SHOW_NOTHING and self.state.score is not None:
            lines.append(
                tr(
                    "exams.candidate.score",
                    score=formats.percent(self.state.score),
                    correct=self.state.correct_count or 0,
                    total=len(self.state.questions),
                )
            )
        if show == SHOW_ANSWERS:
            for i, q in enumerate(self.state.questions, start=1):
                right = ", ".join(o["text"] for o in q["options"] if o["correct"])
                lines.append(f"{i}. {q['title']}: {right}")
        self.result_label.setText("\n\n".join(lines))
        if self.pages.currentIndex() != 2:
            self.pages.setCurrentIndex(2)
            self.submitted.emit()

    # -- no way out without the proctor ---------------------------------------------------
    def allow_close(self) -> None:
        self._closing_allowed = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_allowed or not self.ask_close_password:
            self.tick.stop()
            self.poll.stop()
            event.accept()
            return
        if ask_password(self.db, "proctor", self, clock=self.clock):
            self.tick.stop()
            self.poll.stop()
            event.accept()
        else:
            event.ignore()
