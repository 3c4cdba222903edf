"""The candidate's question navigator: a numbered button per question, marked ✓ when
answered and ⚑ when flagged, the current one highlighted; a click goes to that question.

Its own widget so the candidate screen only hands it the marks; each button also says its
state in words for a screen reader.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QScrollArea, QWidget

from ethics_trainer.i18n import tr

COLUMNS = 5


class ExamNavigator(QScrollArea):
    """``chosen(index)``: the candidate clicked the button of question ``index``."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.grid_widget)
        self.buttons: list[QPushButton] = []
        self._shown: tuple[list[tuple[bool, bool]], int] | None = None

    def show_marks(self, marks: list[tuple[bool, bool]], current: int) -> None:
        """One button per (answered, flagged), ``current`` highlighted; nothing is repainted
        when that is what already shows (each sync with the server asks)."""
        if self._shown == (marks, current):
            return
        self._shown = (marks, current)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.buttons = []
        for i, (answered, flagged) in enumerate(marks):
            text = ("✓" if answered else "") + ("⚑" if flagged else "")
            button = QPushButton(f"{i + 1} {text}".strip())
            button.setObjectName("navButton")
            button.setProperty("answered", answered)
            button.setProperty("flagged", flagged)
            button.setProperty("current", i == current)
            state = [tr("quiz.answered") if answered else tr("quiz.unanswered")]
            if flagged:
                state.append(tr("quiz.flagged"))
            button.setAccessibleName(tr("uis.quiz.nav_state", number=i + 1, state=", ".join(state)))
            button.clicked.connect(lambda _=False, n=i: self.chosen.emit(n))
            self.grid.addWidget(button, i // COLUMNS, i % COLUMNS)
            self.buttons.append(button)
