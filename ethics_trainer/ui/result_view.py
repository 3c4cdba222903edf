"""The result of an attempt: score, pass or fail, and every question with its explanation."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ethics_trainer.i18n import formats, tr
from ethics_trainer.quiz.scoring import is_full_marks
from ethics_trainer.quiz.state import AnswerState, AttemptState
from ethics_trainer.ui.theme import status_colours

# Practice and mistakes review are learning, not tests: they have a score but no verdict.
UNGRADED_KINDS = frozenset({"practice", "review"})


def graded(kind: str) -> bool:
    """Whether an attempt of this kind is judged passed or not passed."""
    return kind not in UNGRADED_KINDS


def render_inline(text: str, *, base: Path | None = None, root: Path | None = None) -> str:
    """Imported on first use: Python-Markdown costs ~30 ms, not needed for the first paint."""
    from ethics_trainer.content import render

    return render.render_inline(text, base=base, root=root)


def result_html(state: AttemptState, palette: QPalette) -> str:
    colours = status_colours(palette)
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    parts: list[str] = []
    for number, question in enumerate(state.questions, start=1):
        answer = state.answers.get(question.id, AnswerState())
        score = state.question_scores.get(question.id, 0.0)
        mark = "✔" if is_full_marks(score) else ("◐" if score > 0 else "✘")
        colour = (
            colours.right
            if is_full_marks(score)
            else (colours.warning if score > 0 else colours.wrong)
        ).name()
        parts.append(
            f"<h3 style='color:{colour}'>{mark} {tr('result.question', number=number)}: "
            f"{html.escape(question.title)}</h3>"
        )
        parts.append(f"<p>{render_inline(question.stem)}</p><ul>")
        for option in question.options:
            chosen = option.key in answer.selected
            tags = []
            if chosen:
                tags.append(tr("result.your_answer"))
            if option.correct:
                tags.append(tr("result.correct_answer"))
            elif 0 < option.weight < 1:
                tags.append(tr("result.partial", percent=formats.percent(option.weight * 100, 0)))
            label = f" <i>({', '.join(tags)})</i>" if tags else ""
            text = render_inline(option.text)
            if option.correct:
                text = f"<b>{text}</b>"
            feedback = (
                f"<br><span style='color:{muted}'>{render_inline(option.feedback)}</span>"
                if option.feedback and (chosen or option.correct)
                else ""
            )
            parts.append(f"<li>{text}{label}{feedback}</li>")
        parts.append("</ul>")
        if not answer.selected:
            parts.append(f"<p><i>{tr('result.not_answered')}</i></p>")
        if question.explanation:
            parts.append(
                f"<p><b>{tr('result.explanation')}</b> {render_inline(question.explanation)}</p>"
            )
        if question.source:
            parts.append(f"<p><b>{tr('result.source')}</b> {render_inline(question.source)}</p>")
        parts.append("<hr>")
    return "".join(parts)


def certificate_offer(state: AttemptState) -> bool | None:
    """None: a certificate is no matter here (not the final quiz); True: it can be opened
    (a passed final quiz records the course's completion); False: not yet."""
    if state.kind != "final":
        return None
    return bool(state.passed)


class ResultView(QWidget):
    """Signals: done() when the learner leaves the result, retry() to take the quiz again,
    certificate(course_id) to open the learner's own certificate."""

    done = Signal()
    retry = Signal()
    certificate = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.headline = QLabel()
        self.headline.setObjectName("pageTitle")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.summary = QLabel()
        self.summary.setObjectName("resultSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.details = QTextBrowser()
        self.details.setObjectName("resultDetails")
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(tr("result.details"))
        layout.addWidget(self.details, stretch=1)
        # why there is no certificate yet, just above its (disabled) button
        self.certificate_reason = QLabel()
        self.certificate_reason.setObjectName("certificateReason")
        self.certificate_reason.setWordWrap(True)
        self.certificate_reason.hide()
        layout.addWidget(self.certificate_reason)
        row = QHBoxLayout()
        row.addStretch(1)
        self.certificate_button = QPushButton(tr("uis.cert.view"))
        self.certificate_button.setObjectName("viewCertificate")
        self.certificate_button.clicked.connect(self._certificate)
        row.addWidget(self.certificate_button)
        self.retry_button = QPushButton(tr("result.retry"))
        self.retry_button.setObjectName("retryQuiz")
        self.retry_button.clicked.connect(self.retry)
        self.done_button = QPushButton(tr("result.back"))
        self.done_button.setObjectName("resultDone")
        self.done_button.clicked.connect(self.done)
        row.addWidget(self.retry_button)
        row.addWidget(self.done_button)
        layout.addLayout(row)
        self.state: AttemptState | None = None

    def show_result(self, state: AttemptState, title: str, completed: bool = False) -> None:
        self.state = state
        score = state.score or 0.0
        if graded(state.kind):
            verdict = tr("result.passed") if state.passed else tr("result.failed")
            self.headline.setText(f"{title} — {verdict}")
            lines = [
                tr(
                    "result.score",
                    score=formats.percent(score),
                    correct=state.correct_count or 0,
                    total=len(state.questions),
                    pass_mark=formats.percent(state.pass_percent, 0),
                )
            ]
        else:
            self.headline.setText(title)
            lines = [
                tr(
                    "uis.result.practice_score",
                    score=formats.percent(score),
                    correct=state.correct_count or 0,
                    total=len(state.questions),
                )
            ]
        if state.submit_reason == "timeout":
            lines.append(tr("result.timed_out"))
        if completed:
            lines.append(tr("result.completed"))
        self.summary.setText("\n".join(lines))
        self.details.setHtml(result_html(state, self.palette()))
        self.set_certificate(certificate_offer(state))
        self.done_button.setFocus()

    def set_certificate(self, offer: bool | None) -> None:
        """Show the certificate button (``None``: hidden), enabled or with the reason why not."""
        self.certificate_button.setVisible(offer is not None)
        self.certificate_button.setEnabled(bool(offer))
        reason = tr("uis.cert.not_yet") if offer is False else ""
        self.certificate_button.setToolTip(reason)
        self.certificate_reason.setText(reason)
        self.certificate_reason.setVisible(bool(reason))

    def _certificate(self) -> None:
        if self.state is not None and certificate_offer(self.state):
            self.certificate.emit(self.state.course_id)
