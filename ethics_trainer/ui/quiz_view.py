"""The timed quiz: one question at a time, a countdown from the stored deadline, a navigator.

The view holds no truth of its own: answers are sent out (``answer_changed``) and written by the
main window at once; time left is always ``deadline - clock.now()``, recomputed on each tick,
so a restart or a sleeping laptop cannot stretch the time.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.i18n import formats, tr, trn
from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.quiz.state import AnswerState, AttemptState
from ethics_trainer.ui.widgets.elided_label import ElidedLabel
from ethics_trainer.ui.widgets.question import QuestionWidget

WARN_AT_SECONDS = (300, 60)
NAV_COLUMNS = 10  # at least; more on a wide window, so the navigator leaves the question room
NAV_PADDING = 16  # a navigator button's padding, border and frame around its text, in pixels
# Marks in the navigator buttons, so the state does not rest on colour alone.
MARK_ANSWERED = "✓"
MARK_FLAGGED = "⚑"


class QuizView(QWidget):
    """Signals: answer_changed(question_id, keys), flag_changed(question_id, flagged),
    submit_requested(reason) with reason "user" or "timeout"."""

    answer_changed = Signal(str, list)
    flag_changed = Signal(str, bool)
    submit_requested = Signal(str)
    warned = Signal(int)  # seconds left when a warning was shown

    def __init__(self, parent: QWidget | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
        super().__init__(parent)
        self.clock = clock
        self.state: AttemptState | None = None
        self.answers: dict[str, AnswerState] = {}
        self.index = 0
        self._submitting = False
        self._warned: set[int] = set()
        self._confirm: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.setSpacing(4)  # the question gets the pixels (every option in sight at 1024×768)
        # One header line: the title (a long course name ends in "…", whole in its tooltip),
        # the time warning and the countdown. At 1024×768 the two lines the title wrapped to
        # and the line kept for the warning went to the question, so every option of a
        # four-option question is in sight (tests/ui/test_question_reach.py). The warning
        # appearing changes no height: nothing moves under the pointer.
        header = QHBoxLayout()
        self.title = ElidedLabel()
        self.title.setObjectName("pageTitle")
        header.addWidget(self.title, stretch=1)
        self.notice = QLabel()
        self.notice.setObjectName("quizNotice")
        header.addWidget(self.notice)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setAccessibleName(tr("quiz.time_left_label"))
        header.addWidget(self.countdown)
        layout.addLayout(header)

        self.question = QuestionWidget(with_flag=True)
        self.question.setObjectName("quizQuestion")
        self.question.selection_changed.connect(self._selection_changed)
        self.question.flag_toggled.connect(self._flag_toggled)
        layout.addWidget(self.question, stretch=1)

        self.nav_box = QWidget()
        self.nav_box.setObjectName("navigator")
        self.nav_layout = QGridLayout(self.nav_box)
        self.nav_layout.setSpacing(4)
        layout.addWidget(self.nav_box)
        # The navigator's legend and the keys in one paragraph: two lines at 1024 pixels
        # wide instead of three, a line more for the options on a 768-pixel-high screen.
        legend = tr("uis.quiz.nav_legend", answered=MARK_ANSWERED, flagged=MARK_FLAGGED)
        self.nav_legend = QLabel(f"{legend}. {tr('uic.quiz.keys')}")
        self.nav_legend.setObjectName("navLegend")
        self.nav_legend.setWordWrap(True)
        layout.addWidget(self.nav_legend)
        self.nav_buttons: list[QPushButton] = []
        self._nav_columns = 0

        buttons = QHBoxLayout()
        self.prev_button = QPushButton(tr("quiz.previous"))
        self.prev_button.setObjectName("prevQuestion")
        self.prev_button.clicked.connect(lambda: self.go_to(self.index - 1))
        self.next_button = QPushButton(tr("quiz.next"))
        self.next_button.setObjectName("nextQuestion")
        self.next_button.clicked.connect(lambda: self.go_to(self.index + 1))
        self.submit_button = QPushButton(tr("quiz.submit"))
        self.submit_button.setObjectName("submitQuiz")
        self.submit_button.clicked.connect(self.confirm_submit)
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)
        self._install_shortcuts()

    # -- keyboard -------------------------------------------------------------------------
    def _install_shortcuts(self) -> None:
        """Left/Right and Enter move between questions (the question widget has the answer
        keys). None repeats when held: a held Enter that confirmed the start of the quiz must
        not also skip question 1."""
        for key, slot in (
            (QKeySequence(Qt.Key.Key_Right), lambda: self.go_to(self.index + 1)),
            (QKeySequence(Qt.Key.Key_Left), lambda: self.go_to(self.index - 1)),
            (QKeySequence("Ctrl+Return"), self.confirm_submit),
            (QKeySequence("Ctrl+Enter"), self.confirm_submit),
            # Enter moves on like the right arrow; on the last question it asks to submit.
            (QKeySequence(Qt.Key.Key_Return), self._enter),
            (QKeySequence(Qt.Key.Key_Enter), self._enter),
        ):
            shortcut = QShortcut(key, self)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(slot)

    def _enter(self) -> None:
        if self.state is None:
            return
        if self.index + 1 < len(self.state.questions):
            self.go_to(self.index + 1)
        else:
            self.confirm_submit()

    def choose_option(self, index: int) -> None:
        self.question.choose(index)

    # -- state ----------------------------------------------------------------------------
    def start(self, state: AttemptState, title: str) -> None:
        self.state = state
        self.answers = dict(state.answers)
        self.index = 0
        self._submitting = False
        self._warned = set()
        self.title.set_full_text(title)
        self.notice.clear()
        for button in self.nav_buttons:
            button.deleteLater()
        self.nav_buttons = []
        for i, _question in enumerate(state.questions):
            button = QPushButton(str(i + 1))
            button.setObjectName("navButton")
            button.setAccessibleName(tr("quiz.go_to_question", number=i + 1))
            button.clicked.connect(lambda _=False, i=i: self.go_to(i))
            self.nav_buttons.append(button)
        self._nav_columns = 0
        self._lay_out_navigator()
        timed = state.deadline is not None
        self.countdown.setVisible(timed)
        self.go_to(self._first_unanswered())
        if timed:
            self.timer.start()
            self.tick()

    def nav_columns(self, width: int) -> int:
        """Columns of the navigator in ``width`` pixels: as few rows as the widest label
        ("30 ✓⚑") allows, never fewer than ``NAV_COLUMNS`` columns, rows evenly filled."""
        count = len(self.nav_buttons)
        if count == 0:
            return NAV_COLUMNS
        metrics = self.nav_buttons[0].fontMetrics()
        label = metrics.horizontalAdvance(f"{count} {MARK_ANSWERED}{MARK_FLAGGED}")
        widest = max(label + NAV_PADDING, self.nav_buttons[0].minimumSizeHint().width())
        spacing = self.nav_layout.horizontalSpacing()
        fit = max(NAV_COLUMNS, (width + spacing) // (widest + spacing))
        rows = -(-count // fit)
        return -(-count // rows)

    def _lay_out_navigator(self) -> None:
        layout = self.layout()
        assert layout is not None  # built in __init__
        margins = layout.contentsMargins()
        inner = self.nav_layout.contentsMargins()
        width = self.width() - margins.left() - margins.right() - inner.left() - inner.right()
        columns = self.nav_columns(width)
        if columns == self._nav_columns:
            return
        self._nav_columns = columns
        for i, button in enumerate(self.nav_buttons):
            self.nav_layout.removeWidget(button)
            self.nav_layout.addWidget(button, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out_navigator()

    def _first_unanswered(self) -> int:
        assert self.state is not None
        for i, q in enumerate(self.state.questions):
            if not self.answers.get(q.id, AnswerState()).answered:
                return i
        return 0

    def submission_failed(self) -> None:
        """The submission could not be written (server away): answering may go on, and a
        timed quiz tries again from its next tick."""
        self._submitting = False
        if self.state is not None and self.state.deadline is not None:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._confirm is not None:
            self._confirm.close()
            self._confirm = None

    @property
    def current_question(self) -> QuestionSnapshot:
        assert self.state is not None
        return self.state.questions[self.index]

    def go_to(self, index: int) -> None:
        if self.state is None or not (0 <= index < len(self.state.questions)):
            return
        self.index = index
        question = self.current_question
        total = len(self.state.questions)
        answer = self.answers.get(question.id, AnswerState())
        self.question.show_question(
            question,
            selected=answer.selected,
            flagged=answer.flagged,
            position=tr("quiz.position", number=index + 1, total=total),
        )
        # Tab in reading order: the options, the navigator, then the buttons under it (the
        # options and the navigator are made later than those buttons).
        chain: list[QWidget] = [
            self.question.scroll_area,
            *self.question.buttons,
            self.question.flag,
            *self.nav_buttons,
            self.prev_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)
        self._refresh_navigator()

    def _selection_changed(self, keys: list[str]) -> None:
        if self.state is None or self._submitting:
            return
        question = self.current_question
        old = self.answers.get(question.id, AnswerState())
        self.answers[question.id] = AnswerState(tuple(keys), old.flagged)
        self._refresh_navigator()
        self.answer_changed.emit(question.id, keys)

    def _flag_toggled(self, flagged: bool) -> None:
        if self.state is None or self._submitting:
            return
        question = self.current_question
        old = self.answers.get(question.id, AnswerState())
        self.answers[question.id] = AnswerState(old.selected, flagged)
        self._refresh_navigator()
        self.flag_changed.emit(question.id, flagged)

    def _refresh_navigator(self) -> None:
        if self.state is None:
            return
        for i, (button, question) in enumerate(
            zip(self.nav_buttons, self.state.questions, strict=True)
        ):
            answer = self.answers.get(question.id, AnswerState())
            button.setProperty("answered", answer.answered)
            button.setProperty("flagged", answer.flagged)
            button.setProperty("current", i == self.index)
            state = [tr("quiz.answered") if answer.answered else tr("quiz.unanswered")]
            marks = MARK_ANSWERED if answer.answered else ""
            if answer.flagged:
                state.append(tr("quiz.flagged"))
                marks += MARK_FLAGGED
            button.setText(f"{i + 1} {marks}".strip())
            described = tr("uis.quiz.nav_state", number=i + 1, state=", ".join(state))
            button.setToolTip(described)
            button.setAccessibleName(described)
            button.style().unpolish(button)
            button.style().polish(button)

    def unanswered(self) -> list[int]:
        if self.state is None:
            return []
        return [
            i + 1
            for i, q in enumerate(self.state.questions)
            if not self.answers.get(q.id, AnswerState()).answered
        ]

    def flagged(self) -> list[int]:
        if self.state is None:
            return []
        return [
            i + 1
            for i, q in enumerate(self.state.questions)
            if self.answers.get(q.id, AnswerState()).flagged
        ]

    # -- time -----------------------------------------------------------------------------
    def seconds_left(self) -> float | None:
        if self.state is None or self.state.deadline is None:
            return None
        return (self.state.deadline - self.clock.now()).total_seconds()

    def tick(self) -> None:
        left = self.seconds_left()
        if left is None:
            return
        self.countdown.setText(formats.duration(max(left, 0)))
        self.countdown.setProperty("warning", left <= 60)
        self.countdown.style().unpolish(self.countdown)
        self.countdown.style().polish(self.countdown)
        for limit in WARN_AT_SECONDS:
            if left <= limit and limit not in self._warned and left > 0:
                self._warned.add(limit)
                self.notice.setText(trn("quiz.warning_minutes", limit // 60, minutes=limit // 60))
                self.warned.emit(limit)
        if left <= 0 and not self._submitting:
            self._submitting = True
            self.stop()
            self.notice.setText(tr("quiz.time_up"))
            self.submit_requested.emit("timeout")

    def confirm_submit(self) -> None:
        if self.state is None or self._submitting:
            return
        missing = self.unanswered()
        flagged = self.flagged()
        text = tr("quiz.confirm_submit")
        details = []
        if missing:
            details.append(tr("quiz.unanswered_list", numbers=", ".join(map(str, missing))))
        if flagged:
            details.append(tr("quiz.flagged_list", numbers=", ".join(map(str, flagged))))
        box = QMessageBox(QMessageBox.Icon.Question, tr("quiz.submit"), text, parent=self)
        box.setObjectName("confirmSubmit")
        box.setInformativeText("\n".join(details) if details else tr("quiz.all_answered"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        # Enter submits when nothing is left; with gaps it keeps working (the safer choice).
        box.setDefaultButton(
            QMessageBox.StandardButton.No if missing else QMessageBox.StandardButton.Yes
        )
        box.button(QMessageBox.StandardButton.Yes).setText(tr("quiz.submit_now"))
        box.button(QMessageBox.StandardButton.No).setText(tr("quiz.keep_working"))
        box.finished.connect(self._confirmed)
        self._confirm = box
        box.open()

    def _confirmed(self, result: int) -> None:
        self._confirm = None
        if result == QMessageBox.StandardButton.Yes and not self._submitting:
            self._submitting = True
            self.stop()
            self.submit_requested.emit("user")
