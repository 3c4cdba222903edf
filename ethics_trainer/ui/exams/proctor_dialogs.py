"""The questions the proctor's console asks before an action: how many extra minutes and
why, what happened (an incident), "really end the session?", which roster file.

Each returns what was answered, or None/False when the proctor cancelled, so the console's
action methods (which the tests call directly) never open a dialog themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ethics_trainer.i18n import tr


@dataclass(frozen=True)
class ExtraTime:
    minutes: int
    reason: str


def ask_extra_time(parent: QWidget) -> ExtraTime | None:
    minutes, ok = QInputDialog.getInt(
        parent, tr("exams.proctor.extra_time"), tr("exams.proctor.extra_minutes"), 5, 1, 240
    )
    if not ok:
        return None
    reason, _ = QInputDialog.getText(
        parent, tr("exams.proctor.extra_time"), tr("exams.proctor.reason")
    )
    return ExtraTime(minutes, reason)


def ask_incident(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getMultiLineText(
        parent, tr("exams.proctor.incident"), tr("exams.proctor.incident_prompt")
    )
    return text if ok else None


def confirm_end_session(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, tr("exams.proctor.end_session"), tr("exams.proctor.end_confirm")
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_roster_file(parent: QWidget, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        tr("exams.proctor.load_roster"),
        str(folder),
        "CSV / Excel (*.csv *.txt *.xlsx)",
    )
    return Path(name) if name else None
