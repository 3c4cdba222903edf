"""The content problems dialog: errors (the file or question is skipped) apart from warnings
(it is used; someone should look at it). One list for both once called warnings "not used"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.content.model import Problem, Severity
from ethics_trainer.i18n import tr


class ProblemsDialog(QDialog):
    """Lists ``problems`` (paths shown under ``root``) in two sections."""

    def __init__(
        self, problems: Sequence[Problem], root: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("problemsDialog")
        self.setWindowTitle(tr("ui_admin.problems.title"))
        layout = QVBoxLayout(self)
        errors = [p.format(root) for p in problems if p.severity is Severity.ERROR]
        warnings = [p.format(root) for p in problems if p.severity is not Severity.ERROR]
        self.sections: dict[str, QPlainTextEdit] = {}
        if not problems:
            layout.addWidget(QLabel(tr("main.no_problems")))
        for key, lines in (("errors", errors), ("warnings", warnings)):
            if not lines:
                continue
            heading = QLabel(tr(f"ui_admin.problems.{key}", count=len(lines)))
            heading.setWordWrap(True)
            heading.setObjectName(f"problems_{key}_heading")
            text = QPlainTextEdit("\n".join(lines))
            text.setReadOnly(True)
            text.setObjectName(f"problems_{key}")
            heading.setBuddy(text)
            layout.addWidget(heading)
            layout.addWidget(text, 1)
            self.sections[key] = text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)
