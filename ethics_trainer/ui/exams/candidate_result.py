"""What the candidate sees once the attempt is handed in: "done", and, as the exam allows,
the score and verdict, or also the right answer to each question.

A function of the attempt and the exam's ``show_after`` setting, so the text can be checked
without a screen; the page only shows it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ethics_trainer.exams.definitions import SHOW_ANSWERS, SHOW_NOTHING
from ethics_trainer.i18n import formats, tr
from ethics_trainer.quiz.state import AttemptState


def result_html(state: AttemptState, show_after: str) -> str:
    lines = [html.escape(tr("exams.candidate.done"))]
    if show_after != SHOW_NOTHING and state.score is not None:
        lines.append(
            html.escape(
                tr(
                    "exams.candidate.score",
                    score=formats.percent(state.score),
                    correct=state.correct_count or 0,
                    total=len(state.questions),
                )
            )
        )
        if state.passed is not None:
            key = "uic.candidate.passed" if state.passed else "uic.candidate.failed"
            verdict = tr(key, pass_mark=formats.percent(state.pass_percent))
            lines.append(f"<b>{html.escape(verdict)}</b>")
    if show_after == SHOW_ANSWERS:
        for i, q in enumerate(state.questions, start=1):
            right = ", ".join(o.text for o in q.options if o.correct)
            lines.append(html.escape(f"{i}. {q.title}: {right}"))
    return "<br><br>".join(lines)


class ResultPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel("")
        self.label.setObjectName("candidateResult")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_result(self, state: AttemptState, show_after: str) -> None:
        self.label.setText(result_html(state, show_after))
