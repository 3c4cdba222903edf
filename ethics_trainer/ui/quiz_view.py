"""The timed quiz: one question at a time, a countdown from the stored deadline, a navigator.

The view holds no truth of its own: answers are sent out (``answer_changed``) and written by the
main window at once; time left is always ``deadline - clock.now()``, recomputed on each tick,
so a restart or a sleeping laptop cannot stretch the time.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.i18n import formats, tr
from ethics_trainer.quiz.state import AnswerState, AttemptState

WARN_AT_SECONDS = (300, 60)
NAV_COLUMNS = 10
# Marks in the navigator buttons, so the state does not rest on colour alone.
MARK_ANSWERED = "✓"
MARK_FLAGGED = "⚑"
OPTION_LETTERS = "ABCDEFGHIJ"


def render_inline(*args: object, **kwargs: object) -> object:
    """Imported on first use: Python-Markdown costs ~30 ms, not needed for the first paint."""
    from ethics_trainer.content import render

    return render.render_inline(*args, **kwargs)  # type: ignore[arg-type]


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
        self._option_buttons: list[QAbstractButton] = []
        self._option_widgets: list[QWidget] = []
        self._group: QButtonGroup | None = None
        self._confirm: QMessageBox | None = None

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        header.addWidget(self.title, stretch=1)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setAccessibleName(tr("quiz.time_left_label"))
        header.addWidget(self.countdown)
        layout.addLayout(header)
        self.notice = QLabel()
        self.notice.setObjectName("quizNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)

        self.position_label = QLabel()
        layout.addWidget(self.position_label)
        self.stem = QLabel()
        self.stem.setObjectName("stem")
        self.stem.setWordWrap(True)
        self.stem.setTextFormat(Qt.TextFormat.RichText)
        self.stem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.stem)
        body_layout.addWidget(self.options_box)
        body_layout.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setObjectName("quizQuestion")
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(tr("uis.a11y.question"))  # Tab stop: arrows scroll it
        scroll.setWidget(body)
        layout.addWidget(scroll, stretch=1)

        self.nav_box = QWidget()
        self.nav_box.setObjectName("navigator")
        self.nav_layout = QGridLayout(self.nav_box)
        self.nav_layout.setSpacing(4)
        layout.addWidget(self.nav_box)
        self.nav_legend = QLabel(
            tr("uis.quiz.nav_legend", answered=MARK_ANSWERED, flagged=MARK_FLAGGED)
        )
        self.nav_legend.setObjectName("navLegend")
        self.nav_legend.setWordWrap(True)
        layout.addWidget(self.nav_legend)
        self.nav_buttons: list[QPushButton] = []

        buttons = QHBoxLayout()
        self.prev_button = QPushButton(tr("quiz.previous"))
        self.prev_button.setObjectName("prevQuestion")
        self.prev_button.clicked.connect(lambda: self.go_to(self.index - 1))
        self.flag_button = QPushButton(tr("quiz.flag"))
        self.flag_button.setObjectName("flagQuestion")
        self.flag_button.setCheckable(True)
        self.flag_button.clicked.connect(self._toggle_flag)
        self.next_button = QPushButton(tr("quiz.next"))
        self.next_button.setObjectName("nextQuestion")
        self.next_button.clicked.connect(lambda: self.go_to(self.index + 1))
        self.submit_button = QPushButton(tr("quiz.submit"))
        self.submit_button.setObjectName("submitQuiz")
        self.submit_button.clicked.connect(self.confirm_submit)
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.flag_button)
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
        for number in range(1, 10):
            QShortcut(QKeySequence(str(number)), self, lambda n=number: self.choose_option(n - 1))
        for index, letter in enumerate("ABCD"):
            QShortcut(QKeySequence(letter), self, lambda i=index: self.choose_option(i))
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, lambda: self.go_to(self.index + 1))
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, lambda: self.go_to(self.index - 1))
        QShortcut(QKeySequence("Ctrl+Return"), self, self.confirm_submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.confirm_submit)
        QShortcut(QKeySequence("F"), self, self._toggle_flag_key)
        # Enter moves on like the right arrow; on the last question it asks to submit.
        QShortcut(QKeySequence(Qt.Key.Key_Return), self, self._enter)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self, self._enter)

    def _enter(self) -> None:
        if self.state is None:
            return
        if self.index + 1 < len(self.state.questions):
            self.go_to(self.index + 1)
        else:
            self.confirm_submit()

    def choose_option(self, index: int) -> None:
        if 0 <= index < len(self._option_buttons):
            button = self._option_buttons[index]
            if isinstance(button, QCheckBox):
                button.toggle()
            else:
                button.setChecked(True)
            self._option_clicked()

    def _toggle_flag_key(self) -> None:
        self.flag_button.toggle()
        self._toggle_flag()

    # -- state ----------------------------------------------------------------------------
    def start(self, state: AttemptState, title: str) -> None:
        self.state = state
        self.answers = dict(state.answers)
        self.index = 0
        self._submitting = False
        self._warned = set()
        self.title.setText(title)
        self.notice.clear()
        for button in self.nav_buttons:
            button.deleteLater()
        self.nav_buttons = []
        columns = NAV_COLUMNS
        for i, _question in enumerate(state.questions):
            button = QPushButton(str(i + 1))
            button.setObjectName("navButton")
            button.setAccessibleName(tr("quiz.go_to_question", number=i + 1))
            button.clicked.connect(lambda _=False, i=i: self.go_to(i))
            self.nav_layout.addWidget(button, i // columns, i % columns)
            self.nav_buttons.append(button)
        timed = state.deadline is not None
        self.countdown.setVisible(timed)
        self.go_to(self._first_unanswered())
        if timed:
            self.timer.start()
            self.tick()

    def _first_unanswered(self) -> int:
        assert self.state is not None
        for i, q in enumerate(self.state.questions):
            if not self.answers.get(q["id"], AnswerState()).answered:
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
    def current_question(self) -> dict:
        assert self.state is not None
        return self.state.questions[self.index]

    def go_to(self, index: int) -> None:
        if self.state is None or not (0 <= index < len(self.state.questions)):
            return
        self.index = index
        question = self.current_question
        total = len(self.state.questions)
        self.position_label.setText(tr("quiz.position", number=index + 1, total=total))
        stem_html = render_inline(question["stem"]).replace("\n", "<br>")
        self.stem.setText(f"<b>{question['title']}</b><br><br>{stem_html}")
        for widget in self._option_widgets:
            widget.deleteLater()
        self._option_widgets = []
        self._option_buttons = []
        multiple = question["kind"] == "multiple"
        self._group = QButtonGroup(self)
        self._group.setExclusive(not multiple)
        selected = set(self.answers.get(question["id"], AnswerState()).selected)
        if multiple:
            hint = QLabel(tr("quiz.choose_all"))
            hint.setObjectName("multipleHint")
            self.options_layout.addWidget(hint)
            self._option_widgets.append(hint)
        for i, option in enumerate(question["options"]):
            letter = OPTION_LETTERS[i] if i < len(OPTION_LETTERS) else str(i + 1)
            text = f"{letter}. {option['text']}"
            button: QAbstractButton = QCheckBox(text) if multiple else QRadioButton(text)
            button.setObjectName(f"option_{i}")
            button.setProperty("optionKey", option["key"])
            button.setChecked(option["key"] in selected)
            button.setAccessibleName(text)
            button.setStyleSheet("QAbstractButton { text-align: left; }")
            button.clicked.connect(self._option_clicked)
            self._group.addButton(button)
            self.options_layout.addWidget(button)
            self._option_buttons.append(button)
            self._option_widgets.append(button)
        # Tab in reading order: the options, the navigator, then the buttons under it (the
        # options and the navigator are made later than those buttons).
        chain = [self.scroll, *self._option_buttons, *self.nav_buttons, self.prev_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.flag_button.setChecked(self.answers.get(question["id"], AnswerState()).flagged)
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)
        self._refresh_navigator()

    def _option_clicked(self) -> None:
        if self.state is None or self._submitting:
            return
        keys = sorted(str(b.property("optionKey")) for b in self._option_buttons if b.isChecked())
        question = self.current_question
        old = self.answers.get(question["id"], AnswerState())
        self.answers[question["id"]] = AnswerState(tuple(keys), old.flagged)
        self._refresh_navigator()
        self.answer_changed.emit(question["id"], keys)

    def _toggle_flag(self) -> None:
        if self.state is None or self._submitting:
            return
        question = self.current_question
        old = self.answers.get(question["id"], AnswerState())
        flagged = self.flag_button.isChecked()
        self.answers[question["id"]] = AnswerState(old.selected, flagged)
        self._refresh_navigator()
        self.flag_changed.emit(question["id"], flagged)

    def _refresh_navigator(self) -> None:
        if self.state is None:
            return
        for i, (button, question) in enumerate(
            zip(self.nav_buttons, self.state.questions, strict=True)
        ):
            answer = self.answers.get(question["id"], AnswerState())
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
            if not self.answers.get(q["id"], AnswerState()).answered
        ]

    def flagged(self) -> list[int]:
        if self.state is None:
            return []
        return [
            i + 1
            for i, q in enumerate(self.state.questions)
            if self.answers.get(q["id"], AnswerState()).flagged
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
                self.notice.setText(tr("quiz.warning_minutes", minutes=limit // 60))
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
