"""Practice and mistakes review: one question at a time, judged the moment it is answered.

No countdown. The learner chooses (mouse, 1–9 or A–D), checks (button or Enter), reads the
verdict with the explanation and its source, then goes on (Enter again). The view only shows;
the main window stores each answer through ``study.practice.check_answer``.
"""

from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import formats, tr

if TYPE_CHECKING:
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.study.practice import Feedback

OPTION_LETTERS = "ABCDEFGHIJ"


def render_inline(*args: object, **kwargs: object) -> object:
    """Imported on first use: Python-Markdown costs ~30 ms, not needed for the first paint."""
    from ethics_trainer.content import render

    return render.render_inline(*args, **kwargs)  # type: ignore[arg-type]


def verdict_text(feedback: Feedback) -> str:
    if feedback.correct:
        return tr("uis.practice.right")
    if feedback.partial:
        return tr("uis.practice.partial", percent=formats.percent(100 * feedback.score))
    return tr("uis.practice.wrong")


def feedback_html(feedback: Feedback) -> str:
    colour = "#137333" if feedback.correct else ("#b06000" if feedback.partial else "#c5221f")
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


def lock_option(button: QAbstractButton, verdict: str) -> None:
    """Freeze a judged option without greying it out, and say right or wrong in words.

    ``setEnabled(False)`` would paint the options in the faint disabled colours just when the
    learner reads them against the explanation; instead the option ignores the mouse and leaves
    the Tab chain (1–9 and A–D are already ignored once judged). The verdict is written out
    (✔/✘), coloured only as a second cue, and is part of the accessible name.
    """
    button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("verdict", verdict)
    if verdict:
        mark = (
            tr("uis.practice.mark_right") if verdict == "right" else tr("uis.practice.mark_wrong")
        )
        button.setText(f"{button.text()}   {mark}")
        dark = button.palette().color(QPalette.ColorRole.Window).lightness() < 128
        colours = {"right": ("#137333", "#81c995"), "wrong": ("#c5221f", "#f28b82")}
        colour = colours[verdict][1 if dark else 0]
        button.setStyleSheet(f"color: {colour}; font-weight: bold;")
    button.setAccessibleName(button.text())


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
        self._buttons: list[QAbstractButton] = []
        self._widgets: list[QWidget] = []
        self._group: QButtonGroup | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.position_label = QLabel()
        self.position_label.setObjectName("practicePosition")
        layout.addWidget(self.position_label)
        self.stem = QLabel()
        self.stem.setObjectName("practiceStem")
        self.stem.setWordWrap(True)
        self.stem.setTextFormat(Qt.TextFormat.RichText)
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.stem)
        body_layout.addWidget(self.options_box)
        body_layout.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setObjectName("practiceQuestion")
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(tr("uis.a11y.question"))  # Tab stop: arrows scroll it
        scroll.setWidget(body)
        layout.addWidget(scroll, stretch=3)
        self.feedback = QTextBrowser()
        self.feedback.setObjectName("practiceFeedback")
        self.feedback.setOpenLinks(False)
        self.feedback.setAccessibleName(tr("uis.practice.feedback"))
        self.feedback.hide()
        layout.addWidget(self.feedback, stretch=2)
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
        for number in range(1, 10):
            QShortcut(QKeySequence(str(number)), self, lambda n=number: self.choose_option(n - 1))
        for i, letter in enumerate("ABCD"):
            QShortcut(QKeySequence(letter), self, lambda i=i: self.choose_option(i))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self, self.enter)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self, self.enter)

    @property
    def current_question(self) -> dict:
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
        stem = render_inline(question["stem"]).replace("\n", "<br>")
        self.stem.setText(f"<b>{html.escape(question['title'])}</b><br><br>{stem}")
        for widget in self._widgets:
            widget.deleteLater()
        self._widgets, self._buttons = [], []
        multiple = question["kind"] == "multiple"
        self._group = QButtonGroup(self)
        self._group.setExclusive(not multiple)
        for i, option in enumerate(question["options"]):
            letter = OPTION_LETTERS[i] if i < len(OPTION_LETTERS) else str(i + 1)
            text = f"{letter}. {option['text']}"
            button: QAbstractButton = QCheckBox(text) if multiple else QRadioButton(text)
            button.setObjectName(f"practiceOption_{i}")
            button.setProperty("optionKey", option["key"])
            button.setAccessibleName(text)
            self._group.addButton(button)
            self.options_layout.addWidget(button)
            self._buttons.append(button)
            self._widgets.append(button)
        chain_tab_order([self.scroll, *self._buttons, self.feedback, self.check_button])
        self.feedback.clear()
        self.feedback.hide()
        self.check_button.setEnabled(True)
        self.next_button.setEnabled(False)
        if self._buttons:
            self._buttons[0].setFocus()

    def choose_option(self, index: int) -> None:
        if self.state is None or self.current_question["id"] in self.judged:
            return
        if 0 <= index < len(self._buttons):
            button = self._buttons[index]
            if isinstance(button, QCheckBox):
                button.toggle()
            else:
                button.setChecked(True)
            button.setFocus()

    def selected_keys(self) -> list[str]:
        return sorted(str(b.property("optionKey")) for b in self._buttons if b.isChecked())

    def check_current(self) -> None:
        if self.state is None or self.current_question["id"] in self.judged:
            return
        keys = self.selected_keys()
        if not keys:
            self.feedback.setHtml(f"<p>{tr('uis.practice.choose_first')}</p>")
            self.feedback.show()
            return
        self.check_button.setEnabled(False)
        self.check.emit(self.current_question["id"], keys)

    def show_feedback(self, feedback: Feedback) -> None:
        """Called by the main window once the answer is stored and judged."""
        self.judged[feedback.question_id] = feedback
        if self.state is None or feedback.question_id != self.current_question["id"]:
            return
        for button in self._buttons:
            key = str(button.property("optionKey"))
            option = next((o for o in feedback.options if o.key == key), None)
            verdict = ""
            if option is not None and option.correct:
                verdict = "right"
            elif option is not None and option.selected:
                verdict = "wrong"
            lock_option(button, verdict)
        self.feedback.setHtml(feedback_html(feedback))
        self.feedback.show()
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
        if self.current_question["id"] not in self.judged:
            self.check_current()
        elif self.index + 1 < len(self.state.questions):
            self.next_question()
        else:
            self.finish.emit()
