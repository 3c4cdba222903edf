"""The mistakes review ("Ôn lại câu sai"): what is due, per course, and a button to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import tr, trn

COURSE_ROLE = Qt.ItemDataRole.UserRole

# (course id, course title, [(question id, question title, box)])
DueRows = list[tuple[str, str, list[tuple[str, str, int]]]]


class ReviewPage(QWidget):
    """Signals: start(course_id)."""

    start = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel(tr("uis.review.title"))
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        intro = QLabel(tr("uis.review.intro"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewList")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("uis.review.list"))
        self.tree.itemActivated.connect(lambda item: self._start_for(item))
        layout.addWidget(self.tree, stretch=1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.start_button = QPushButton(tr("uis.review.start"))
        self.start_button.setObjectName("startReview")
        self.start_button.clicked.connect(lambda: self._start_for(self.tree.currentItem()))
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.rows: DueRows = []

    @property
    def due_count(self) -> int:
        return sum(len(questions) for _, _, questions in self.rows)

    def show_due(self, rows: DueRows) -> None:
        self.rows = [r for r in rows if r[2]]
        self.tree.clear()
        for course_id, title, questions in self.rows:
            top = QTreeWidgetItem(
                [trn("uis.review.course_row", len(questions), course=title, count=len(questions))]
            )
            top.setData(0, COURSE_ROLE, course_id)
            for _qid, question_title, box in questions:
                child = QTreeWidgetItem([f"{question_title}  ({tr('uis.review.box', box=box)})"])
                child.setData(0, COURSE_ROLE, course_id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        count = self.due_count
        self.summary.setText(
            trn("uis.review.due", count, count=count) if count else tr("uis.review.none")
        )
        self.start_button.setEnabled(count > 0)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
            self.start_button.setFocus()

    def _start_for(self, item: QTreeWidgetItem | None) -> None:
        course_id = item.data(0, COURSE_ROLE) if item is not None else None
        if not course_id and self.rows:
            course_id = self.rows[0][0]
        if course_id:
            self.start.emit(course_id)
