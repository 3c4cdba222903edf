"""The proctor's console: open a session, load the roster, watch the room, act, export.

The list is re-read from the database every two seconds (QTimer), so several consoles and
every candidate PC stay in step through the database alone. Each action is a method taking
the candidate id, so the buttons and the tests go through the same code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import definitions, results, roster, sessions
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.exams.minutes_export import export_minutes_pdf, export_minutes_xlsx
from ethics_trainer.i18n import formats, tr
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import clock_text, show_error

REFRESH_MS = 2000
COLUMNS = ("no", "name", "unit", "status", "answered", "time_left", "score", "machine")


class OpenSessionDialog(QDialog):
    """Pick a definition, a date and a room."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("exams.proctor.open_session"))
        form = QFormLayout(self)
        self.definition = QComboBox()
        for d in definitions.list_definitions(db):
            self.definition.addItem(d.name, d.id)
        self.date = QLineEdit()
        self.date.setPlaceholderText("2026-11-24")
        self.room = QLineEdit()
        form.addRow(tr("exams.proctor.definition"), self.definition)
        form.addRow(tr("exams.proctor.date"), self.date)
        form.addRow(tr("exams.proctor.room"), self.room)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ProctorWindow(QMainWindow):
    """Signals:
    refreshed: the list was re-read from the database.
    connection_changed: False while the database cannot be reached.
    """

    refreshed = Signal()
    connection_changed = Signal(bool)

    def __init__(
        self,
        db: Database,
        library: Library,
        *,
        clock: Clock = SYSTEM_CLOCK,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.db, self.library, self.clock = db, library, clock
        self.export_dir = export_dir or Path.home()
        self.session_id: int | None = None
        self.rows: list[sessions.CandidateRow] = []
        self.online = True
        self.setWindowTitle(tr("exams.proctor.title"))
        central = QWidget()
        layout = QVBoxLayout(central)

        top = QHBoxLayout()
        self.session_box = QComboBox()
        self.session_box.currentIndexChanged.connect(self.on_session_chosen)
        top.addWidget(QLabel(tr("exams.proctor.session")))
        top.addWidget(self.session_box, 1)
        for text, slot in (
            (tr("exams.proctor.open_session"), self.open_session_dialog),
            (tr("exams.proctor.load_roster"), self.load_roster_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            top.addWidget(button)
        layout.addLayout(top)
        self.code_label = QLabel("")
        self.code_label.setStyleSheet("font-size: 22pt; font-weight: bold")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.code_label)
        self.status_label = QLabel("")
        layout.addWidget(self.status_label)

        self.tabs = QTabWidget()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(f"exams.proctor.col_{c}") for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(2, 200)
        self.table.setColumnWidth(3, 180)
        self.tabs.addTab(self.table, tr("exams.proctor.tab_room"))
        self.results_view = QLabel("")
        self.results_view.setTextFormat(Qt.TextFormat.RichText)
        self.results_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.results_view.setWordWrap(True)
        self.tabs.addTab(self.results_view, tr("exams.proctor.tab_results"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh_results())
        layout.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        for text, slot in (
            (tr("exams.proctor.extra_time"), self.extra_time_dialog),
            (tr("exams.proctor.lock"), self.toggle_lock_selected),
            (tr("exams.proctor.approve_move"), self.approve_move_selected),
            (tr("exams.proctor.incident"), self.incident_dialog),
            (tr("exams.proctor.end_session"), self.end_session_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
        layout.addLayout(actions)
        exports = QHBoxLayout()
        for text, kind in (
            (tr("exams.proctor.export_minutes_pdf"), "minutes_pdf"),
            (tr("exams.proctor.export_minutes_xlsx"), "minutes_xlsx"),
            (tr("exams.proctor.export_results"), "results_xlsx"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=kind: self.export_dialog(k))
            exports.addWidget(button)
        exports.addStretch(1)
        layout.addLayout(exports)
        self.setCentralWidget(central)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.reload_sessions()
        self.timer.start()

    # -- sessions --------------------------------------------------------------------------
    def reload_sessions(self, select_id: int | None = None) -> None:
        try:
            found = sessions.list_sessions(self.db)
        except OFFLINE_ERRORS:
            self.set_online(False)
            return
        self.session_box.blockSignals(True)
        self.session_box.clear()
        for info in found:
            ended = f" ({tr('exams.proctor.ended')})" if info.ended else ""
            self.session_box.addItem(
                f"{info.definition.name} — {info.exam_date} — {info.room} [{info.code}]{ended}",
                info.id,
            )
        self.session_box.blockSignals(False)
        if select_id is not None:
            self.session_box.setCurrentIndex(max(0, self.session_box.findData(select_id)))
        self.on_session_chosen()

    def on_session_chosen(self, *_args: object) -> None:
        data = self.session_box.currentData()
        self.session_id = int(data) if data is not None else None
        self.refresh()

    def open_session(
        self, definition_id: int, exam_date: str = "", room: str = ""
    ) -> sessions.SessionInfo:
        info = sessions.open_session(
            self.db, definition_id, exam_date=exam_date, room=room, clock=self.clock
        )
        self.reload_sessions(info.id)
        return info

    def open_session_dialog(self) -> None:
        dialog = OpenSessionDialog(self.db, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.definition.currentData() is None:
            return
        self._guarded(
            lambda: self.open_session(
                int(dialog.definition.currentData()), dialog.date.text(), dialog.room.text()
            )
        )

    def load_roster(self, path: Path) -> int:
        if self.session_id is None:
            raise UserError(tr("exams.proctor.no_session"))
        added = sessions.add_roster(
            self.db, self.session_id, roster.read_roster(path), clock=self.clock
        )
        self.refresh()
        return added

    def load_roster_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr("exams.proctor.load_roster"),
            str(self.export_dir),
            "CSV / Excel (*.csv *.txt *.xlsx)",
        )
        if name:
            self._guarded(
                lambda: self.status_label.setText(
                    tr("exams.proctor.roster_loaded", count=self.load_roster(Path(name)))
                )
            )

    # -- the live list ---------------------------------------------------------------------
    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.connection_changed.emit(online)
        if not online:
            self.status_label.setText(tr("exams.candidate.reconnecting"))

    def refresh(self) -> None:
        if self.session_id is None:
            self.rows = []
            self.table.setRowCount(0)
            self.code_label.setText("")
            self.refreshed.emit()
            return
        try:
            info = sessions.get_session(self.db, self.session_id)
            if not info.ended:
                sessions.finalize_session_expired(self.db, self.session_id, clock=self.clock)
            self.rows = sessions.roster(self.db, self.session_id)
        except OFFLINE_ERRORS:
            self.set_online(False)
            return
        self.set_online(True)
        self.code_label.setText(tr("exams.proctor.code", code=info.code))
        now = self.clock.now()
        counts = {
            s: sum(1 for r in self.rows if r.status == s)
            for s in (
                sessions.STATUS_CHECKED_IN,
                sessions.STATUS_IN_PROGRESS,
                sessions.STATUS_SUBMITTED,
            )
        }
        self.status_label.setText(
            tr(
                "exams.proctor.summary",
                total=len(self.rows),
                checked_in=counts["checked_in"],
                working=counts["in_progress"],
                submitted=counts["submitted"],
            )
        )
        selected = self.selected_id()
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            status = tr(f"exams.status.{row.status}")
            if row.locked:
                status += " · " + tr("exams.proctor.locked_mark")
            if row.move_to:
                status += " · " + tr("exams.proctor.move_mark", machine=row.move_to)
            values = (
                str(row.row_no),
                row.full_name,
                row.unit,
                status,
                f"{row.answered}/{row.question_count}" if row.attempt_id else "",
                clock_text(row.seconds_left(now))
                if row.status == sessions.STATUS_IN_PROGRESS
                else "",
                formats.percent(row.score) if row.score is not None else "",
                row.machine,
            )
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.table.setItem(i, j, item)
            if row.id == selected:
                self.table.selectRow(i)
        if self.tabs.currentIndex() == 1:
            self.refresh_results()
        self.refreshed.emit()

    def refresh_results(self) -> None:
        if self.session_id is None or self.tabs.currentIndex() != 1:
            return
        try:
            res = results.session_results(self.db, self.session_id)
        except OFFLINE_ERRORS:
            self.set_online(False)
            return
        peak = max(res.distribution) or 1
        bars = "".join(
            f"<tr><td>{results.bin_label(i)}</td><td><span style='background:#1565c0'>"
            f"{'&nbsp;' * (1 + 30 * n // peak)}</span> {n}</td></tr>"
            for i, n in enumerate(res.distribution)
        )
        flagged = "".join(
            f"<li>{r.candidate.full_name}: {results.integrity_label(r.integrity)}</li>"
            for r in res.flagged
        )
        items = "".join(
            f"<tr><td>{it.question_id}</td><td>{it.p_correct:.2f}</td>"
            f"<td>{'' if it.point_biserial is None else f'{it.point_biserial:.2f}'}</td>"
            f"<td>{'' if it.discrimination is None else f'{it.discrimination:.2f}'}</td></tr>"
            for it in res.items
        )
        self.results_view.setText(
            f"<h3>{tr('exams.results.chart_title')}</h3><table>{bars}</table>"
            + (
                f"<h3 style='color:#b00020'>{tr('exams.results.flagged')}</h3><ul>{flagged}</ul>"
                if flagged
                else ""
            )
            + f"<h3>{tr('exams.results.sheet_items')}</h3><table border=1 cellpadding=3>"
            f"<tr><th>{tr('exams.col.question')}</th><th>{tr('exams.col.p_correct')}</th>"
            f"<th>{tr('exams.col.point_biserial')}</th><th>{tr('exams.col.discrimination')}</th></tr>"
            f"{items}</table>"
        )

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _selected_or_warn(self) -> int | None:
        cid = self.selected_id()
        if cid is None:
            show_error(self, UserError(tr("exams.proctor.pick_candidate")))
        return cid

    def _guarded(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except UserError as exc:
            show_error(self, exc)
        self.refresh()

    # -- actions (the tests call these directly) ------------------------------------------
    def grant_extra_time(self, candidate_id: int, minutes: float, reason: str = "") -> None:
        sessions.grant_extra_time(self.db, candidate_id, minutes, reason=reason, clock=self.clock)
        self.refresh()

    def set_locked(self, candidate_id: int, locked: bool) -> None:
        sessions.set_locked(self.db, candidate_id, locked, clock=self.clock)
        self.refresh()

    def approve_move(self, candidate_id: int) -> None:
        sessions.approve_move(self.db, candidate_id, clock=self.clock)
        self.refresh()

    def add_incident(self, text: str, candidate_id: int | None = None) -> None:
        assert self.session_id is not None
        sessions.add_incident(
            self.db, self.session_id, text, candidate_id=candidate_id, clock=self.clock
        )
        self.refresh()

    def end_session(self) -> int:
        assert self.session_id is not None
        count = sessions.end_session(self.db, self.session_id, clock=self.clock)
        self.reload_sessions(self.session_id)
        return count

    def export(self, kind: str, path: Path) -> Path:
        assert self.session_id is not None
        if kind == "minutes_pdf":
            return export_minutes_pdf(self.db, self.session_id, path)
        if kind == "minutes_xlsx":
            return export_minutes_xlsx(self.db, self.session_id, path)
        return results.export_results_xlsx(results.session_results(self.db, self.session_id), path)

    # -- dialogs around the actions -----------------------------------------------------
    def extra_time_dialog(self) -> None:
        cid = self._selected_or_warn()
        if cid is None:
            return
        minutes, ok = QInputDialog.getInt(
            self, tr("exams.proctor.extra_time"), tr("exams.proctor.extra_minutes"), 5, 1, 240
        )
        if ok:
            reason, _ = QInputDialog.getText(
                self, tr("exams.proctor.extra_time"), tr("exams.proctor.reason")
            )
            self._guarded(lambda: self.grant_extra_time(cid, minutes, reason))

    def toggle_lock_selected(self) -> None:
        cid = self._selected_or_warn()
        if cid is not None:
            row = next(r for r in self.rows if r.id == cid)
            self._guarded(lambda: self.set_locked(cid, not row.locked))

    def approve_move_selected(self) -> None:
        cid = self._selected_or_warn()
        if cid is not None:
            self._guarded(lambda: self.approve_move(cid))

    def incident_dialog(self) -> None:
        if self.session_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, tr("exams.proctor.incident"), tr("exams.proctor.incident_prompt")
        )
        if ok:
            self._guarded(lambda: self.add_incident(text, self.selected_id()))

    def end_session_dialog(self) -> None:
        if self.session_id is None:
            return
        answer = QMessageBox.question(
            self, tr("exams.proctor.end_session"), tr("exams.proctor.end_confirm")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._guarded(self.end_session)

    def export_dialog(self, kind: str) -> None:
        if self.session_id is None:
            return
        suffix = ".pdf" if kind == "minutes_pdf" else ".xlsx"
        default = self.export_dir / f"{kind}-{self.session_id}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, tr("exams.proctor.export"), str(default))
        if name:
            self._guarded(
                lambda: self.status_label.setText(
                    tr("exams.proctor.exported", file=str(self.export(kind, Path(name))))
                )
            )
