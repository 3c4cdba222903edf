"""The proctor's console: open a session, load the roster, watch the room, act, export.

The list is re-read from the database every two seconds (QTimer), so several consoles and
every candidate PC stay in step through the database alone. Every database call (the refresh,
each action, the exports) runs on the window's :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`,
so a slow or unreachable server never freezes the console: it keeps painting, shows
"Đang kết nối lại…" and keeps trying. At most one refresh is in flight; a refresh asked for
meanwhile runs once when it comes back. Each action is a method taking the candidate id, so
the buttons and the tests go through the same code; its result arrives as ``action_done``.

Time is the server's (``exams.server_time.RoomClock``, the offset the candidate PCs use too)
counted on a steady clock, so a proctor PC whose clock is wrong, or is changed during the
session, shows the right time left and does not end attempts early or late.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
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
from ethics_trainer.exams import (
    checkin,
    definitions,
    live_roster,
    proctor_actions,
    results,
    seal_takeover,
    seal_verdict,
    sealing,
    session_end,
    sessions,
    submission,
)
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.exams.minutes_export import export_minutes_pdf, export_minutes_xlsx
from ethics_trainer.exams.server_time import RoomClock
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import formats, tr, trn
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import clock_text, show_error
from ethics_trainer.ui.exams.roster_import import RosterImport
from ethics_trainer.ui.theme import set_state, status_colours
from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)

REFRESH_MS = 2000
TICK_MS = 1000
COLUMNS = ("no", "name", "unit", "status", "answered", "time_left", "score", "machine")
TIME_LEFT_COLUMN = COLUMNS.index("time_left")
EXPORT_KINDS = ("minutes_pdf", "minutes_xlsx", "results_xlsx")


def size_columns(header: QHeaderView) -> None:
    """Name and unit share the spare width; every other column is as wide as its content
    (measured on the first rows, so a long roster does not slow each repaint)."""
    header.setResizeContentsPrecision(50)
    header.setMinimumSectionSize(40)
    for i, name in enumerate(COLUMNS):
        stretch = name in ("name", "unit")
        header.setSectionResizeMode(
            i,
            QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.ResizeToContents,
        )


@dataclass(frozen=True)
class Snapshot:
    """What one refresh read from the database (built off the GUI thread)."""

    session_id: int
    info: sessions.SessionInfo
    rows: list[live_roster.CandidateRow]
    results: results.SessionResults | None
    seal: seal_verdict.SessionVerdict | None = None


class OpenSessionDialog(QDialog):
    """Pick a definition, a date and a room (the definitions were read in the background)."""

    def __init__(
        self,
        choices: list[definitions.ExamDef],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("exams.proctor.open_session"))
        form = QFormLayout(self)
        self.definition = QComboBox()
        for d in choices:
            self.definition.addItem(d.name, d.id)
        # today (on the room's clock), not a date fixed in the code; picked from a calendar
        self.date = QDateEdit(QDate(today or datetime.now().astimezone().date()))
        self.date.setObjectName("examDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.room = QLineEdit()
        self.room.setPlaceholderText(tr("ui_admin.exam.room_placeholder"))
        form.addRow(tr("exams.proctor.definition"), self.definition)
        form.addRow(tr("exams.proctor.date"), self.date)
        form.addRow(tr("exams.proctor.room"), self.room)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def exam_date(self) -> str:
        """The chosen day as stored (ISO)."""
        day = cast(date, self.date.date().toPython())  # PySide6's stubs say object; it is a date
        return day.isoformat()


class ProctorWindow(QMainWindow):
    """Signals:
    refreshed: the list was re-read from the database and painted.
    connection_changed: False while the database cannot be reached, True when it is back.
    ticked: the time-left column was repainted (every second, without the database).
    action_done: an action came back from the database: its name and its result.
    action_failed: an action was refused or could not reach the server: name and message.
    action_cancelled: the person cancelled an action and nothing was stored: its name.
    """

    refreshed = Signal()
    connection_changed = Signal(bool)
    ticked = Signal()
    action_done = Signal(str, object)
    action_failed = Signal(str, str)
    action_cancelled = Signal(str)

    def __init__(
        self,
        db: Database,
        library: Library,
        *,
        clock: Clock = SYSTEM_CLOCK,
        export_dir: Path | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.db, self.library = db, library
        self.data_dir = data_dir  # where this PC's seal key is (a server database needs it)
        # the server's time on a steady clock; measured on the first refresh, again after an outage
        self.clock = RoomClock(db, clock)
        self._own_clock = clock  # until the server's time is known
        self.export_dir = export_dir or Path.home()
        self.session_id: int | None = None
        self.rows: list[live_roster.CandidateRow] = []
        self.online = True
        self.tasks = TaskRunner(self)
        self.tasks.default_error = self._task_failed
        self._refreshing = False
        self._refresh_again = False
        self._resync = True
        self._actions = 0
        self._exporting = False
        self._busy_text = ""
        self._sessions_loaded = False
        self._loading_sessions = False
        self._closed = False
        self.setWindowTitle(tr("exams.proctor.title"))
        central = QWidget()
        layout = QVBoxLayout(central)

        self.banner = QLabel("")
        self.banner.setObjectName("examBanner")  # colours: the theme's notice, light or dark
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
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
        code_row = QHBoxLayout()
        self.code_label = QLabel("")
        self.code_label.setObjectName("sessionCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_row.addWidget(self.code_label, 1)
        self.server_clock_label = QLabel("")
        self.server_clock_label.setObjectName("serverClock")
        code_row.addWidget(self.server_clock_label)
        layout.addLayout(code_row)
        self.status_label = QLabel("")
        self.status_label.setObjectName("statusLine")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        # what the take-over at opening refused to seal (issue #12): shown until closed
        self.takeover_label = QLabel("")
        self.takeover_label.setObjectName("takeoverAlarm")
        self.takeover_label.setWordWrap(True)
        self.takeover_label.setTextFormat(Qt.TextFormat.PlainText)
        self.takeover_label.hide()
        set_state(self.takeover_label, "alarm", True)
        layout.addWidget(self.takeover_label)

        self.tabs = QTabWidget()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(f"exams.proctor.col_{c}") for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        size_columns(self.table.horizontalHeader())
        self.tabs.addTab(self.table, tr("exams.proctor.tab_room"))
        self.results_view = QLabel("")
        self.results_view.setTextFormat(Qt.TextFormat.RichText)
        self.results_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.results_view.setWordWrap(True)
        self.tabs.addTab(self.results_view, tr("exams.proctor.tab_results"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("extra_time", tr("exams.proctor.extra_time"), self.extra_time_dialog),
            ("lock", tr("exams.proctor.lock"), self.toggle_lock_selected),
            ("approve_move", tr("exams.proctor.approve_move"), self.approve_move_selected),
            ("incident", tr("exams.proctor.incident"), self.incident_dialog),
            ("end_session", tr("exams.proctor.end_session"), self.end_session_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.action_buttons[name] = button
        layout.addLayout(actions)
        exports = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for text, kind in (
            (tr("exams.proctor.export_minutes_pdf"), "minutes_pdf"),
            (tr("exams.proctor.export_minutes_xlsx"), "minutes_xlsx"),
            (tr("exams.proctor.export_results"), "results_xlsx"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=kind: self.export_dialog(k))
            exports.addWidget(button)
            self.export_buttons[kind] = button
        exports.addStretch(1)
        layout.addLayout(exports)
        self.setCentralWidget(central)
        self.activity = QLabel("")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: the server gives no progress to show
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.statusBar().addWidget(self.activity, 1)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.action_failed.connect(self._action_failed_cleanup)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.on_tick)
        self.reload_sessions()
        self.timer.start()
        self.tick.start()

    # -- background work -------------------------------------------------------------------
    def _task_failed(self, exc: BaseException) -> None:
        """A background call failed: offline goes to the banner, a refusal to a message box."""
        if self._closed:
            return
        if isinstance(exc, OFFLINE_ERRORS):
            self.set_online(False)
        elif isinstance(exc, UserError):
            show_error(self, exc)
        else:
            log.error("proctor task failed", exc_info=exc)

    def _ensure_clock(self) -> None:
        """In the background: measure the server's time before the first timed call."""
        if not self.clock.synced:
            self.clock.sync()

    def _update_busy(self, text: str | None = None) -> None:
        """The busy bar and its text in the status bar, while actions or an export run."""
        busy = self._actions > 0 or self._exporting
        self.busy_bar.setVisible(busy)
        if text is not None:
            self._busy_text = text
            self.activity.setText(text)
        elif not busy and self.activity.text() == self._busy_text:
            self.activity.setText("")

    def notify(self, text: str) -> None:
        """A result for the proctor (roster loaded, file saved), kept until the next one."""
        self.activity.setText(text)

    def run_action(
        self,
        name: str,
        op: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        *,
        busy_text: str | None = None,
    ) -> int:
        """Run one action's database work in the background, then refresh the list.

        The console stays usable meanwhile; the result goes to ``then`` and ``action_done``,
        a refusal or a lost connection to a message and ``action_failed``.
        """
        ensure = self._ensure_clock

        def work() -> Any:
            ensure()
            return op()

        def done(result: Any) -> None:
            self._actions -= 1
            self._update_busy()
            if self._closed:
                return
            self.set_online(True)
            if then is not None:
                then(result)
            self.action_done.emit(name, result)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._actions -= 1
            self._update_busy()
            self._action_error(name, exc)

        self._actions += 1
        self._update_busy(busy_text or tr("exams.proctor.working"))
        return self.tasks.run_db(work, done, failed)

    def _action_error(self, name: str, exc: BaseException) -> None:
        """An action was refused or the server was lost: a message, ``action_failed``."""
        if self._closed:
            return
        if isinstance(exc, OFFLINE_ERRORS):
            self.set_online(False)
            error = UserError(tr("exams.proctor.action_offline"))
        elif isinstance(exc, UserError):
            error = exc
        else:
            log.error("proctor action %s failed", name, exc_info=exc)
            error = UserError(str(exc))
        show_error(self, error)
        self.action_failed.emit(name, error.message)
        self.refresh()

    # -- sessions --------------------------------------------------------------------------
    def reload_sessions(self, select_id: int | None = None) -> None:
        """Re-read the list of sessions in the background, then show ``select_id``."""
        db, data_dir, first = self.db, self.data_dir, not self._sessions_loaded
        self._loading_sessions = True

        alarms: list[str] = []

        def op() -> list[sessions.SessionInfo]:
            if first:  # sessions sealed before this PC kept seal notes: verified, taken over
                for outcome in seal_takeover.take_over_sessions(db, data_dir):
                    if not outcome.ok:  # not sealed, renamed, another database: an alarm
                        log.warning("%s", outcome.message)
                        alarms.append(outcome.message)
            return sessions.list_sessions(db)

        def done(found: list[sessions.SessionInfo]) -> None:
            self._loading_sessions = False
            if self._closed:
                return
            if alarms:
                self.takeover_label.setText("\n".join(alarms))
                self.takeover_label.show()
            self._sessions_loaded = True
            self.set_online(True)
            keep = select_id if select_id is not None else self.session_id
            self.session_box.blockSignals(True)
            self.session_box.clear()
            for info in found:
                ended = f" ({tr('exams.proctor.ended')})" if info.ended else ""
                self.session_box.addItem(
                    f"{info.definition.name} — {info.exam_date} — {info.room} [{info.code}]{ended}",
                    info.id,
                )
            if keep is not None and self.session_box.findData(keep) >= 0:
                self.session_box.setCurrentIndex(self.session_box.findData(keep))
            self.session_box.blockSignals(False)
            self.on_session_chosen()

        def failed(exc: BaseException) -> None:
            self._loading_sessions = False
            self._task_failed(exc)

        self.tasks.run_db(op, done, failed)

    def on_session_chosen(self, *_args: object) -> None:
        data = self.session_box.currentData()
        session_id = int(data) if data is not None else None
        if session_id != self.session_id:
            self.session_id = session_id
            self.rows = []
            self.table.setRowCount(0)
            self.results_view.setText("")
        self.refresh()

    def open_session(self, definition_id: int, exam_date: str = "", room: str = "") -> int:
        """Open a session (background); ``action_done("open_session", SessionInfo)``."""
        db, clock = self.db, self.clock
        return self.run_action(
            "open_session",
            lambda: sessions.open_session(
                db, definition_id, exam_date=exam_date, room=room, clock=clock
            ),
            lambda info: self.reload_sessions(info.id),
        )

    def today(self) -> date:
        """Today's date on the room's clock (this PC's until the server has answered)."""
        now = self.clock.now() if self.clock.synced else self._own_clock.now()
        return now.astimezone().date()

    def open_session_dialog(self) -> None:
        """Read the definitions in the background, then ask for exam, date and room."""
        db = self.db

        def ask(choices: list[definitions.ExamDef]) -> None:
            if self._closed:
                return
            dialog = OpenSessionDialog(choices, self, today=self.today())
            if (
                dialog.exec() != QDialog.DialogCode.Accepted
                or dialog.definition.currentData() is None
            ):
                return
            self.open_session(
                int(dialog.definition.currentData()), dialog.exam_date(), dialog.room.text()
            )

        self.tasks.run_db(lambda: definitions.list_definitions(db), ask, self._task_failed)

    def load_roster(self, path: Path) -> int:
        """Read the file and add its people in the background, with a percentage and Cancel
        (all or nothing, see :mod:`.roster_import`); then ``action_done("load_roster", n)``,
        or ``action_cancelled("load_roster")`` when nobody was stored."""
        if self.session_id is None:
            show_error(self, UserError(tr("exams.proctor.no_session")))
            return -1
        job = RosterImport(self.db, self.session_id, path, clock=self.clock)
        ensure = self._ensure_clock

        def start() -> Iterator[Progress]:
            ensure()
            return job.run()

        def done(added: int | None) -> None:
            if self._closed:
                return
            if added is None:
                cancelled()
                return
            self.set_online(True)
            self.notify(trn("exams.proctor.roster_loaded", added, count=added))
            self.action_done.emit("load_roster", added)
            self.refresh()

        def cancelled() -> None:
            if self._closed:
                return
            if job.added is not None:  # Cancel came after the commit had begun: all stored
                done(job.added)
                return
            self.notify(tr("exams.proctor.roster_cancelled"))
            self.action_cancelled.emit("load_roster")

        task = self.tasks.run(
            start,
            on_done=done,
            on_error=lambda exc: self._action_error("load_roster", exc),
            on_cancel=cancelled,
            title=tr("exams.proctor.roster_title", file=path.name),
            cancellable=True,
        )
        if task.dialog is not None:  # Cancel reaches the import at its next report
            task.dialog.canceled.connect(job.cancel)
        return task.id

    def load_roster_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr("exams.proctor.load_roster"),
            str(self.export_dir),
            "CSV / Excel (*.csv *.txt *.xlsx)",
        )
        if name:
            self.load_roster(Path(name))

    # -- the live list ---------------------------------------------------------------------
    def set_online(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        if online:
            self.banner.hide()
        else:
            self._resync = True  # measure the server's time again once it answers
            self.banner.setText(tr("exams.proctor.reconnecting"))
            self.banner.show()
        self.connection_changed.emit(online)

    def refresh(self) -> None:
        """Re-read the list in the background; never two at once (a later ask runs after)."""
        if self._closed:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        session_id = self.session_id
        if session_id is None and not self._sessions_loaded:
            if not self._loading_sessions:  # the server was down at start: try the list again
                self.reload_sessions()
            return
        if session_id is None:
            self.rows = []
            self.table.setRowCount(0)
            self.code_label.setText("")
            self.refreshed.emit()
            return
        db, clock, resync, data_dir = self.db, self.clock, self._resync, self.data_dir
        with_results = self.tabs.currentIndex() == 1

        def op() -> Snapshot:
            if resync or not clock.synced:
                clock.sync()
            info = sessions.get_session(db, session_id)
            if not info.ended:  # attempts whose time is up on the server's clock
                submission.finalize_session_expired(db, session_id, clock=clock)
            seal = sealing.seal_and_verify(db, session_id, data_dir)  # this PC holds the key
            rows = live_roster.roster(db, session_id)
            res = results.session_results(db, session_id, data_dir) if with_results else None
            return Snapshot(session_id, info, rows, res, seal)

        self._refreshing = True
        self.tasks.run_db(op, self._refreshed, self._refresh_failed)

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._refresh_again and not self._closed:
            self._refresh_again = False
            self.refresh()

    def _refresh_failed(self, exc: BaseException) -> None:
        if not self._closed:
            if isinstance(exc, OFFLINE_ERRORS):
                self.set_online(False)
            elif isinstance(exc, UserError):
                self.status_label.setText(exc.message)
            else:
                log.error("proctor refresh failed", exc_info=exc)
        self._refresh_done()

    def _refreshed(self, snap: Snapshot) -> None:
        if self._closed:
            self._refresh_done()
            return
        self._resync = False
        self.set_online(True)
        if snap.session_id == self.session_id:
            self.paint(snap)
            self.refreshed.emit()
        self._refresh_done()

    def paint(self, snap: Snapshot) -> None:
        """Show one snapshot: the code, the counts, the table and (on its tab) the results."""
        self.rows = snap.rows
        self.code_label.setText(tr("exams.proctor.code", code=snap.info.code))
        counts = {
            s: sum(1 for r in self.rows if r.status == s)
            for s in (
                live_roster.STATUS_CHECKED_IN,
                live_roster.STATUS_IN_PROGRESS,
                live_roster.STATUS_SUBMITTED,
            )
        }
        summary = tr(
            "exams.proctor.summary",
            total=len(self.rows),
            checked_in=counts["checked_in"],
            working=counts["in_progress"],
            submitted=counts["submitted"],
        )
        if snap.seal is not None:  # the seal check of the whole session, red when it fails
            seal_text = tr("security.proctor.seal_line", text=results.seal_summary(snap.seal))
            summary += " · " + seal_text
        self.status_label.setText(summary)
        bad = snap.seal is not None and not snap.seal.ok
        set_state(self.status_label, "alarm", bad)
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
                "",  # time left: painted by paint_time_left, every second
                formats.percent(row.score) if row.score is not None else "",
                row.machine,
            )
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.table.setItem(i, j, item)
            if row.id == selected:
                self.table.selectRow(i)
        self.paint_time_left()
        if snap.results is not None:
            self.paint_results(snap.results)

    def on_tick(self) -> None:
        """Every second, without the database: the server's time and each time left."""
        self.paint_time_left()
        self.ticked.emit()

    def paint_time_left(self) -> None:
        now = self.clock.now()
        self.server_clock_label.setText(
            tr("exams.proctor.server_clock", time=formats.local(now).strftime("%H:%M:%S"))
        )
        for i, row in enumerate(self.rows[: self.table.rowCount()]):
            item = self.table.item(i, TIME_LEFT_COLUMN)
            if item is None:
                continue
            left = row.seconds_left(now)
            item.setText(clock_text(left) if row.status == live_roster.STATUS_IN_PROGRESS else "")

    def refresh_results(self) -> None:
        """Kept for callers of the old API: the results tab is read with the next refresh."""
        self.refresh()

    def paint_results(self, res: results.SessionResults) -> None:
        peak = max(res.distribution) or 1
        bar = self.palette().color(QPalette.ColorRole.Highlight).name()
        alarm = status_colours(self.palette()).wrong.name()
        bars = "".join(
            f"<tr><td>{results.bin_label(i)}</td><td><span style='background:{bar}'>"
            f"{'&nbsp;' * (1 + 30 * n // peak)}</span> {n}</td></tr>"
            for i, n in enumerate(res.distribution)
        )
        flagged = "".join(
            # the name comes from the shared database: text, never markup (an unescaped
            # "<!--" from a room PC hid every flagged result after it)
            f"<li>{html.escape(r.candidate.full_name)}: {results.integrity_label(r.integrity)}</li>"
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
                f"<h3 style='color:{alarm}'>{tr('exams.results.flagged')}</h3><ul>{flagged}</ul>"
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

    # -- actions (the tests call these directly; each returns at once) --------------------
    def grant_extra_time(self, candidate_id: int, minutes: float, reason: str = "") -> int:
        db, clock = self.db, self.clock
        return self.run_action(
            "extra_time",
            lambda: proctor_actions.grant_extra_time(
                db, candidate_id, minutes, reason=reason, clock=clock
            ),
        )

    def set_locked(self, candidate_id: int, locked: bool) -> int:
        db, clock = self.db, self.clock
        return self.run_action(
            "lock" if locked else "unlock",
            lambda: proctor_actions.set_locked(db, candidate_id, locked, clock=clock),
        )

    def approve_move(self, candidate_id: int) -> int:
        db, clock = self.db, self.clock
        return self.run_action(
            "approve_move", lambda: checkin.approve_move(db, candidate_id, clock=clock)
        )

    def add_incident(self, text: str, candidate_id: int | None = None) -> int:
        if self.session_id is None:
            return -1
        db, session_id, clock = self.db, self.session_id, self.clock
        return self.run_action(
            "incident",
            lambda: proctor_actions.add_incident(
                db, session_id, text, candidate_id=candidate_id, clock=clock
            ),
        )

    def end_session(self) -> int:
        """Submit everyone still working, on the server's time; the count comes back."""
        if self.session_id is None:
            return -1
        db, session_id, clock, data_dir = self.db, self.session_id, self.clock, self.data_dir
        return self.run_action(
            "end_session",
            lambda: session_end.end_session(db, session_id, clock=clock, data_dir=data_dir),
            lambda _count: self.reload_sessions(session_id),
        )

    def export(self, kind: str, path: Path) -> int:
        """Write the minutes or the results in the background, with a busy bar meanwhile."""
        if self.session_id is None or self._exporting:
            return -1
        db, session_id, data_dir = self.db, self.session_id, self.data_dir

        def op() -> Path:
            if kind == "minutes_pdf":
                return export_minutes_pdf(db, session_id, path)
            if kind == "minutes_xlsx":
                return export_minutes_xlsx(db, session_id, path)
            res = results.session_results(db, session_id, data_dir)
            return results.export_results_xlsx(res, path)

        def done(written: Path) -> None:
            self._set_exporting(False)
            self.notify(tr("exams.proctor.exported", file=str(written)))

        self._set_exporting(True)
        task = self.run_action(
            "export", op, done, busy_text=tr("exams.proctor.exporting", file=path.name)
        )
        if task < 0:
            self._set_exporting(False)
        return task

    def _set_exporting(self, exporting: bool) -> None:
        """One export at a time: its buttons wait until the file is written."""
        self._exporting = exporting
        for button in self.export_buttons.values():
            button.setEnabled(not exporting)
        self._update_busy()

    def _action_failed_cleanup(self, name: str, _message: str) -> None:
        if name == "export":
            self._set_exporting(False)

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
            self.grant_extra_time(cid, minutes, reason)

    def toggle_lock_selected(self) -> None:
        cid = self._selected_or_warn()
        if cid is not None:
            row = next((r for r in self.rows if r.id == cid), None)
            if row is not None:
                self.set_locked(cid, not row.locked)

    def approve_move_selected(self) -> None:
        cid = self._selected_or_warn()
        if cid is not None:
            self.approve_move(cid)

    def incident_dialog(self) -> None:
        if self.session_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, tr("exams.proctor.incident"), tr("exams.proctor.incident_prompt")
        )
        if ok:
            self.add_incident(text, self.selected_id())

    def end_session_dialog(self) -> None:
        if self.session_id is None:
            return
        answer = QMessageBox.question(
            self, tr("exams.proctor.end_session"), tr("exams.proctor.end_confirm")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.end_session()

    def export_dialog(self, kind: str) -> None:
        if self.session_id is None:
            return
        suffix = ".pdf" if kind == "minutes_pdf" else ".xlsx"
        default = self.export_dir / f"{kind}-{self.session_id}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, tr("exams.proctor.export"), str(default))
        if name:
            self.export(kind, Path(name))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop polling; work already queued finishes in the background, its answer ignored."""
        self._closed = True
        self.timer.stop()
        self.tick.stop()
        super().closeEvent(event)
