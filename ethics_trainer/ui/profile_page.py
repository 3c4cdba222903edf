"""Choosing or creating a learner profile (several officials can share one PC)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import tr

if TYPE_CHECKING:
    from ethics_trainer.services.profile_list import LearnerInfo


class ProfilePage(QWidget):
    """Signals: chosen(LearnerInfo) when a profile is picked; create_requested(dict) for a new one."""

    chosen = Signal(object)
    create_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilePage")
        layout = QVBoxLayout(self)
        self.title = QLabel(tr("profile.title"))
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)

        # Hidden while no profile exists (first launch): an empty list would take half the
        # page and push the form a new learner has to fill in to the bottom.
        self.pick_box = pick_box = QGroupBox(tr("profile.existing"))
        pick_box.setObjectName("existingProfiles")
        pick_layout = QVBoxLayout(pick_box)
        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.setAccessibleName(tr("profile.existing"))
        self.list.itemActivated.connect(self._activate)
        pick_layout.addWidget(self.list)
        self.open_button = QPushButton(tr("profile.open"))
        self.open_button.setObjectName("openProfile")
        self.open_button.clicked.connect(self._open_selected)
        pick_layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(pick_box, stretch=1)

        new_box = QGroupBox(tr("profile.new"))
        form = QFormLayout(new_box)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.employee_code = QLineEdit()
        self.employee_code.setObjectName("employeeCode")
        self.unit = QLineEdit()
        self.unit.setObjectName("unit")
        self.position = QLineEdit()
        self.position.setObjectName("position")
        self.full_name.setPlaceholderText(tr("profile.full_name_example"))
        self.unit.setPlaceholderText(tr("profile.unit_example"))
        for label, edit in (
            (tr("profile.full_name"), self.full_name),
            (tr("profile.employee_code"), self.employee_code),
            (tr("profile.unit"), self.unit),
            (tr("profile.position"), self.position),
        ):
            edit.setAccessibleName(label)
            form.addRow(label, edit)
        row = QHBoxLayout()
        row.addStretch(1)
        self.create_button = QPushButton(tr("profile.create"))
        self.create_button.setObjectName("createProfile")
        self.create_button.clicked.connect(self._create)
        row.addWidget(self.create_button)
        form.addRow(row)
        for edit in (self.full_name, self.employee_code, self.unit, self.position):
            edit.returnPressed.connect(self._create)  # Enter in any field submits the form
        layout.addWidget(new_box)
        layout.addStretch(0)  # keeps the form at the top while the list is hidden

    def set_learners(self, learners: list[LearnerInfo]) -> None:
        self.list.clear()
        for learner in learners:
            item = QListWidgetItem(learner.label)
            item.setData(Qt.ItemDataRole.UserRole, learner)
            self.list.addItem(item)
        if learners:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.full_name.setFocus()
        self.open_button.setEnabled(bool(learners))
        self.pick_box.setVisible(bool(learners))

    def _activate(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activate(item)

    def _create(self) -> None:
        self.create_requested.emit(
            {
                "full_name": self.full_name.text(),
                "employee_code": self.employee_code.text(),
                "unit": self.unit.text(),
                "position": self.position.text(),
            }
        )

    def clear_form(self) -> None:
        for edit in (self.full_name, self.employee_code, self.unit, self.position):
            edit.clear()
