"""The proctor's exports: the session minutes (PDF or Excel) and the results sheet.

The row of export buttons, the save dialog and the writer of each kind, kept together and
apart from the console: the console only runs :func:`write_export` as one of its background
actions and greys the bar while a file is being written (one export at a time).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from ethics_trainer.exams import results
from ethics_trainer.exams.minutes_export import export_minutes_pdf, export_minutes_xlsx
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database

EXPORT_KINDS = ("minutes_pdf", "minutes_xlsx", "results_xlsx")


def write_export(
    db: Database, session_id: int, data_dir: Path | None, kind: str, path: Path
) -> Path:
    """Write one export of the session (in the background); the file written comes back."""
    if kind == "minutes_pdf":
        return export_minutes_pdf(db, session_id, path)
    if kind == "minutes_xlsx":
        return export_minutes_xlsx(db, session_id, path)
    res = results.session_results(db, session_id, data_dir)
    return results.export_results_xlsx(res, path)


def ask_export_path(parent: QWidget, export_dir: Path, kind: str, session_id: int) -> Path | None:
    """The save dialog, with a default name per kind and session; None when cancelled."""
    suffix = ".pdf" if kind == "minutes_pdf" else ".xlsx"
    default = export_dir / f"{kind}-{session_id}{suffix}"
    name, _ = QFileDialog.getSaveFileName(parent, tr("exams.proctor.export"), str(default))
    return Path(name) if name else None


class ExportBar(QWidget):
    """The export buttons. ``requested(kind)``: the proctor asked for one of EXPORT_KINDS."""

    requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for text, kind in (
            (tr("exams.proctor.export_minutes_pdf"), "minutes_pdf"),
            (tr("exams.proctor.export_minutes_xlsx"), "minutes_xlsx"),
            (tr("exams.proctor.export_results"), "results_xlsx"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=kind: self.requested.emit(k))
            layout.addWidget(button)
            self.buttons[kind] = button
        layout.addStretch(1)

    def set_busy(self, busy: bool) -> None:
        """One export at a time: the buttons wait until the file is written."""
        for button in self.buttons.values():
            button.setEnabled(not busy)
