"""Practice and mistakes review: one question at a time, judged the moment it is answered.

No countdown. The learner chooses (mouse, 1–9 or A–F), checks (button or Enter), reads the
verdict with the explanation and its source, then goes on (Enter again). The view only shows;
the practice controller stores each answer through ``study.practice.check_answer``.
"""

from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ethics_trainer.i18n import formats, tr
from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.ui.theme import status_colours
from ethics_trainer.ui.widgets.question import (
    VERDICT_RIGHT,
    VERDICT_WRONG,
    QuestionWidget,
    render_inline,
)

if TYPE_CHECKING:
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.study.practice import Feedback


def verdict_text(feedback: Feedback) -> str:
    if feedback.correct:
        return tr("uis.practice.right")
    if feedback.partial:
        return tr("uis.practice.partial", percent=formats.percent(100 * feedback.score))
    return tr("uis.practice.wrong")


def feedback_html(feedback: Feedback, palette: QPalette) -> str:
    colours = status_colours(palette)
    colour = (
        colours.right
        if feedback.correct
        else (colours.warning if feedback.partial else colours.wrong)
    ).name()
    parts = [f"<h3 style='color:{colour}'>{html.escape(verdict_text(feedback))}</h3>"]
    right = [o for o in feedback.options if o.correct]
    if not feedback.correct and right:
        items = "".join(f"<li>{render_inline(o.text)}</li>" for o in right)
        parts.append(f"<p><b>{tr('uis.practice.correct_answer')}</b></p><ul>{items}</ul>")
    for option in feedback.options:
        if option.feedback and (option.selected or option.correct):
            parts.append(
                f"<p><i>{render_inline(option.text)}</i>: {render_inline(option.feedback)}</p>"
            )
    if feedback.explanation:
        parts.append(
            f"<p><b>{tr('uis.practice.explanation')}</b> {render_inline(feedback.explanation)}</p>"
        )
    if feedback.source:
        parts.append(f"<p><b>{tr('uis.practice.source')}</b> {render_inline(feedback.source)}</p>")
    if feedback.review is not None:
        key = "uis.practice.learned" if feedback.review.retired else "uis.practice.to_review"
        parts.append(f"<p><small>{tr(key)}</small></p>")
    return "".join(parts)


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Tab in reading order: options are made per question, after the buttons below them,
    and would otherwise come last in the focus chain."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


class PracticeView(QWidget):
    """Signals: check(question_id, keys) to judge an answer; finish() to end the session."""

    check = Signal(str, list)
    finish = Signal()
    feedback_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: AttemptState | None = None
        self.index = 0
        self.judged: dict[str, Feedback] = {}
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.position_label = QLabel()
        self.position_label.setObjectName("practicePosition")
        self.position_label.setWordWrap(True)
        layout.addWidget(self.position_label)
        self.question = QuestionWidget()
        self.question.setObjectName("practiceQuestion")
        layout.addWidget(self.question, stretch=1)
        self.keys_hint = QLabel(tr("uis.practice.keys"))
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        row = QHBoxLayout()
        self.check_button = QPushButton(tr("uis.practice.check"))
        self.check_button.setObjectName("checkAnswer")
        self.check_button.clicked.connect(self.check_current)
        self.next_button = QPushButton(tr("uis.practice.next"))
        self.next_button.setObjectName("nextPractice")
        self.next_button.clicked.connect(self.next_question)
        self.finish_button = QPushButton(tr("uis.practice.finish"))
        self.finish_button.setObjectName("finishPractice")
        self.finish_button.clicked.connect(self.finish)
        row.addWidget(self.check_button)
        row.addWidget(self.next_button)
        row.addStretch(1)
        row.addWidget(self.finish_button)
        layout.addLayout(row)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setAutoRepeat(False)  # a held Enter checks once, not check-and-skip
            shortcut.activated.connect(self.enter)

    @property
    def current_question(self) -> QuestionSnapshot:
        assert self.state is not None
        return self.state.questions[self.index]

    def start(self, state: AttemptState, title: str) -> None:
        self.state = state
        self.judged = {}
        self.title.setText(title)
        self.show_question(0)

    def show_question(self, index: int) -> None:
        if self.state is None or not (0 <= index < len(self.state.questions)):
            return
        self.index = index
        question = self.current_question
        total = len(self.state.questions)
        self.position_label.setText(tr("uis.practice.position", number=index + 1, total=total))
        self.question.show_question(question)
        buttons = self.question.buttons
        chain_tab_order([self.question.scroll_area, *buttons, self.check_button])
        self.check_button.setEnabled(True)
        self.next_button.setEnabled(False)
        if buttons:
            buttons[0].setFocus()

    def choose_option(self, index: int) -> None:
        if self.state is None or self.current_question.id in self.judged:
            return
        self.question.choose(index)

    def selected_keys(self) -> list[str]:
        return self.question.selected_keys()

    def check_current(self) -> None:
        if self.state is None or self.current_question.id in self.judged:
            return
        keys = self.selected_keys()
        if not keys:
            self.question.set_feedback(f"<p>{html.escape(tr('uis.practice.choose_first'))}</p>")
            return
        self.check_button.setEnabled(False)
        self.check.emit(self.current_question.id, keys)

    def show_feedback(self, feedback: Feedback) -> None:
        """Called by the practice controller once the answer is stored and judged."""
        self.judged[feedback.question_id] = feedback
        if self.state is None or feedback.question_id != self.current_question.id:
            return
        verdicts: dict[str, str] = {}
        for option in feedback.options:
            if option.correct:
                verdicts[option.key] = VERDICT_RIGHT
            elif option.selected:
                verdicts[option.key] = VERDICT_WRONG
        self.question.freeze(verdicts)
        self.question.set_feedback(feedback_html(feedback, self.palette()))
        last = self.index + 1 >= len(self.state.questions)
        self.next_button.setEnabled(not last)
        (self.finish_button if last else self.next_button).setFocus()
        self.feedback_shown.emit(feedback)

    def answer_failed(self) -> None:
        self.check_button.setEnabled(True)

    def next_question(self) -> None:
        self.show_question(self.index + 1)

    def enter(self) -> None:
        """Enter checks the answer, then moves on; on the last question it finishes."""
        if self.state is None:
            return
        if self.current_question.id not in self.judged:
            self.check_current()
        elif self.index + 1 < len(self.state.questions):
            self.next_question()
        else:
            self.finish.emit()
