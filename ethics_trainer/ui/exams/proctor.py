"""The proctor's console: open a session, load the roster, watch the room, act, export.

The list is re-read from the database every two seconds (QTimer), so several consoles and
every candidate PC stay in step through the database alone. Every database call (the refresh,
each action, the exports) runs on the window's :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`,
so a slow or unreachable server never freezes the console: it keeps painting, shows
"Đang kết nối lại…" and keeps trying. At most one refresh is in flight; a refresh asked for
meanwhile runs once when it comes back. The console composes its parts: the session list
(``session_picker``), the room table (``room_table``), the results tab (``results_panel``), the
action buttons (``action_bar``) and exports (``proctor_export``); what the proctor does runs
in ``room_actions`` (each action a method the buttons and the tests share, its result
arriving as ``room_actions.action_done``).

Time is the server's (``exams.server_time.RoomClock``, the offset the candidate PCs use too)
counted on a steady clock, so a proctor PC whose clock is wrong, or is changed during the
session, shows the right time left and does not end attempts early or late.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import definitions, live_roster, sessions
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.exams.server_time import RoomClock
from ethics_trainer.i18n import formats, tr
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.action_bar import ActionBar
from ethics_trainer.ui.exams.common import show_error
from ethics_trainer.ui.exams.open_session_dialog import OpenSessionDialog
from ethics_trainer.ui.exams.proctor_dialogs import (
    ask_roster_file,
)
from ethics_trainer.ui.exams.proctor_export import ExportBar, ask_export_path
from ethics_trainer.ui.exams.results_panel import ResultsPanel
from ethics_trainer.ui.exams.room_actions import RoomActions
from ethics_trainer.ui.exams.room_snapshot import RoomSnapshot, read_room
from ethics_trainer.ui.exams.room_table import RoomTable
from ethics_trainer.ui.exams.session_picker import SessionList, SessionPicker, read_sessions
from ethics_trainer.ui.theme import set_state
from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)

REFRESH_MS = 2000
TICK_MS = 1000


class ProctorWindow(QMainWindow):
    """Signals:
    refreshed: the list was re-read from the database and painted.
    connection_changed: False while the database cannot be reached, True when it is back.
    ticked: the time-left column was repainted (every second, without the database).

    What the proctor does (and its signals) is ``self.room_actions``, a :class:`RoomActions`.
    """

    refreshed = Signal()
    connection_changed = Signal(bool)
    ticked = Signal()

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
        self.online = True
        self.tasks = TaskRunner(self)
        self.tasks.default_error = self._task_failed
        self.room_actions = RoomActions(self, db, self.clock, self.tasks, data_dir)
        self._refreshing = False
        self._refresh_again = False
        self._resync = True
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
        self.picker = SessionPicker()
        self.picker.changed.connect(self.on_session_chosen)
        self.picker.open_requested.connect(self.open_session_dialog)
        self.picker.load_roster_requested.connect(self.load_roster_dialog)
        self.session_box = self.picker.box
        layout.addWidget(self.picker)
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
        self.table = RoomTable()
        self.tabs.addTab(self.table, tr("exams.proctor.tab_room"))
        self.results_view = ResultsPanel()
        self.tabs.addTab(self.results_view, tr("exams.proctor.tab_results"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)

        self.action_bar = ActionBar(self.table, self.room_actions)
        self.action_buttons = self.action_bar.buttons
        layout.addWidget(self.action_bar)
        self.export_bar = ExportBar()
        self.export_bar.requested.connect(self.export_dialog)
        self.export_buttons = self.export_bar.buttons
        layout.addWidget(self.export_bar)
        self.setCentralWidget(central)
        self.activity = QLabel("")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: the server gives no progress to show
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.statusBar().addWidget(self.activity, 1)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.room_actions.action_done.connect(lambda _name, _result: self.refresh())
        self.room_actions.action_failed.connect(lambda _name, _message: self.refresh())
        self.room_actions.reached.connect(self.set_online)
        self.room_actions.status.connect(self.activity.setText)
        self.room_actions.busy_changed.connect(self.busy_bar.setVisible)
        self.room_actions.exporting_changed.connect(lambda busy: self.export_bar.set_busy(busy))
        self.room_actions.session_ended.connect(self.reload_sessions)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.on_tick)
        self.reload_sessions()
        self.timer.start()
        self.tick.start()

    @property
    def rows(self) -> list[live_roster.CandidateRow]:
        """The candidates shown (the table keeps them)."""
        return self.table.rows

    @property
    def session_id(self) -> int | None:
        """The session shown (the actions work on it too)."""
        return self.room_actions.session_id

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

    # -- sessions --------------------------------------------------------------------------
    def reload_sessions(self, select_id: int | None = None) -> None:
        """Re-read the list of sessions in the background, then show ``select_id``."""
        db, data_dir, first = self.db, self.data_dir, not self._sessions_loaded
        self._loading_sessions = True

        def done(listed: SessionList) -> None:
            self._loading_sessions = False
            if self._closed:
                return
            if listed.alarms:
                self.takeover_label.setText("\n".join(listed.alarms))
                self.takeover_label.show()
            self._sessions_loaded = True
            self.set_online(True)
            keep = select_id if select_id is not None else self.session_id
            self.picker.show_sessions(listed.found, keep)
            self.on_session_chosen()

        def failed(exc: BaseException) -> None:
            self._loading_sessions = False
            self._task_failed(exc)

        self.tasks.run_db(lambda: read_sessions(db, data_dir, take_over=first), done, failed)

    def on_session_chosen(self) -> None:
        session_id = self.picker.current_id()
        if session_id != self.session_id:
            self.room_actions.session_id = session_id
            self.table.show_rows([])
            self.results_view.setText("")
        self.refresh()

    def open_session(self, definition_id: int, exam_date: str = "", room: str = "") -> int:
        """Open a session (background); ``action_done("open_session", SessionInfo)``."""
        db, clock = self.db, self.clock
        return self.room_actions.run(
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

    def load_roster_dialog(self) -> None:
        path = ask_roster_file(self, self.export_dir)
        if path is not None:
            self.room_actions.load_roster(path)

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
            self.table.show_rows([])
            self.code_label.setText("")
            self.refreshed.emit()
            return
        db, clock, resync, data_dir = self.db, self.clock, self._resync, self.data_dir
        with_results = self.tabs.currentIndex() == 1

        self._refreshing = True
        self.tasks.run_db(
            lambda: read_room(
                db, session_id, clock, data_dir, resync=resync, with_results=with_results
            ),
            self._refreshed,
            self._refresh_failed,
        )

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

    def _refreshed(self, snap: RoomSnapshot) -> None:
        if self._closed:
            self._refresh_done()
            return
        self._resync = False
        self.set_online(True)
        if snap.session_id == self.session_id:
            self.paint(snap)
            self.refreshed.emit()
        self._refresh_done()

    def paint(self, snap: RoomSnapshot) -> None:
        """Show one snapshot: the code, the counts, the table and (on its tab) the results."""
        self.code_label.setText(tr("exams.proctor.code", code=snap.info.code))
        self.status_label.setText(snap.summary())
        set_state(self.status_label, "alarm", snap.seal_broken)
        self.table.show_rows(snap.rows)
        self.paint_time_left()
        if snap.results is not None:
            self.results_view.show_results(snap.results)

    def on_tick(self) -> None:
        """Every second, without the database: the server's time and each time left."""
        self.paint_time_left()
        self.ticked.emit()

    def paint_time_left(self) -> None:
        now = self.clock.now()
        self.server_clock_label.setText(
            tr("exams.proctor.server_clock", time=formats.local(now).strftime("%H:%M:%S"))
        )
        self.table.paint_time_left(now)

    def selected_id(self) -> int | None:
        return self.table.selected_id()

    def export_dialog(self, kind: str) -> None:
        if self.session_id is None:
            return
        path = ask_export_path(self, self.export_dir, kind, self.session_id)
        if path is not None:
            self.room_actions.export(kind, path)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop polling; work already queued finishes in the background, its answer ignored."""
        self._closed = True
        self.room_actions.close()
        self.timer.stop()
        self.tick.stop()
        super().closeEvent(event)
