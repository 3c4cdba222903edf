"""The candidate's exam page: name and countdown, the question, previous/next/submit, and
beside them the navigator, its legend and the locked / session-ended notices.

Only the layout and what the candidate asked (``step(±1)``: previous/next or the arrow keys;
``submit_requested``, then ``submit_confirmed`` once "hand in?" was answered yes); the
candidate screen decides what each means.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.ui.exams.exam_navigator import ExamNavigator
from ethics_trainer.ui.widgets.question import QuestionWidget

MIN_POINT_SIZE = 14  # read at arm's length on a room PC


def large_type_style(app_point_size: int) -> str:
    """Larger type for the whole candidate screen, the countdown and titles larger still.

    A style sheet, not setFont: under the app's style sheet a font set on a parent no longer
    reaches its children.
    """
    size = max(MIN_POINT_SIZE, app_point_size + 3)
    return (
        f"QWidget {{ font-size: {size}pt; }}"
        f" QLabel#countdown, QLabel#pageTitle {{ font-size: {size + 6}pt; font-weight: bold; }}"
    )


class ExamPage(QWidget):
    step = Signal(int)
    submit_requested = Signal()
    submit_confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
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
        left.addWidget(self.question, 1)
        keys = QLabel(tr("uic.candidate.keys"))
        keys.setObjectName("keysHint")
        keys.setWordWrap(True)
        left.addWidget(keys)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(tr("exams.candidate.prev"))
        self.prev_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button = QPushButton(tr("exams.candidate.next"))
        self.next_button.clicked.connect(lambda: self.step.emit(1))
        self.submit_button = QPushButton(tr("exams.candidate.submit"))
        self.submit_button.clicked.connect(self.submit_requested.emit)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.submit_button)
        left.addLayout(nav)
        layout.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("exams.candidate.navigator")))
        self.navigator = ExamNavigator()
        right.addWidget(self.navigator, 1)
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
        for key, step in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Right, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(lambda step=step: self.step.emit(step))

    def ask_submit(self, missing: list[int]) -> None:
        """Ask "hand in?" (naming the unanswered questions) without blocking the countdown."""
        text = tr("exams.candidate.confirm_submit")
        if missing:
            text += "\n" + tr("exams.candidate.unanswered", list=", ".join(map(str, missing)))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("exams.candidate.submit"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window(),
        )
        box.buttonClicked.connect(
            lambda b: (
                self.submit_confirmed.emit()
                if box.standardButton(b) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        box.open()
