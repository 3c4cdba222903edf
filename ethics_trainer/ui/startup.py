"""Start-up of the main window (a controller it owns): content first, then the database
after the first paint.

The library is painted before SQLAlchemy is even imported; the database file is checked
(offering the newest good backup when damaged) on the database worker. A current SQLite file
then only has its profiles read (``services/profile_list.py``) and is opened and migrated on
first use, so the idle window does not hold SQLAlchemy (issue #17); anything else (a new,
old, shared, read-only or busy database, a quiz left open) is opened now, as before. Backups
then run every half hour.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.toolkit.tasks import Lane, TaskRunner

if TYPE_CHECKING:
    # named only: a damaged database is rare, and importing these sets up their enums
    # before the first paint (issue #17)
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox

    from ethics_trainer.clock import Clock
    from ethics_trainer.content.model import Library
    from ethics_trainer.paths import AppPaths
    from ethics_trainer.services.profile_list import LearnerInfo
    from ethics_trainer.storage.db import Database

log = logging.getLogger(__name__)

# A window that shows the library but is not painted by then (started minimised, hidden
# behind a modal box) still gets what waits for the paint: the database, the menus' screens.
PAINT_AT_LATEST_MS = 2000

BACKUP_EVERY = timedelta(minutes=30)

PROBLEMS_KEYS = "Ctrl+Shift+E"  # the list of skipped content files


PROGRESS_STEPS = 50  # at most this many bar updates per load (plus the last one)


class _Progress(QObject):
    """Carries progress from a worker thread to the GUI thread (queued signal)."""

    changed = Signal(int, int)


def progress_relay(relay: _Progress) -> Callable[[int, int], None]:
    """The loader's progress callback, passing on only each 1/PROGRESS_STEPS of the way and
    the end: ``QProgressBar.setValue`` repaints at once, and a first load of 2,000 files
    would otherwise repaint the bar 2,000 times on the GUI thread."""
    last = -1

    def report(done: int, total: int) -> None:
        nonlocal last
        step = done * PROGRESS_STEPS // max(total, 1)
        if step != last or done >= total:
            last = step
            relay.changed.emit(done, total)

    return report


def _open_and_list(paths: AppPaths, clock: Clock) -> tuple[Any, list[LearnerInfo]]:
    """Open (and migrate) the database, submit quizzes that timed out while the app was closed,
    and list the profiles. Runs on the database worker."""
    from ethics_trainer.services import attempts, learners
    from ethics_trainer.storage.db import open_database
    from ethics_trainer.study import review

    db = open_database(paths.database_url)
    if db.url.startswith("sqlite"):
        # One PC, one clock: its quizzes that timed out while the app was closed are submitted
        # now. On a shared server each learner's are, when they pick their profile.
        for attempt_id in attempts.finalize_expired(db, clock=clock):
            review.sync_from_attempt(db, attempt_id)
    return db, learners.list_learners(db)


def _open_deferred(paths: AppPaths) -> Database:
    """The database for its first use after a light start (migrations and checks first)."""
    from ethics_trainer.storage.db import open_database

    return open_database(paths.database_url)


class Startup(QObject):
    """Loads the content and opens the database for the window, off the GUI thread.

    Signals: ``library_loaded(Library)`` as soon as the content is read (painted before the
    database is opened); ``painted_with_library``; ``loaded(learners)`` when both are ready;
    ``took_over(learners)`` when starting from another window's context (language switch);
    ``quit_requested`` when the person chose to quit over a damaged database.
    """

    library_loaded = Signal(object)
    painted_with_library = Signal()
    loaded = Signal(list)
    took_over = Signal(list)
    quit_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        runner: TaskRunner,
        label: QLabel,
        bar: QProgressBar,
        library_painted: SignalInstance,
    ) -> None:
        """``library_painted``: emitted by the view that shows the library each time it has
        painted (the course tree); the first such paint after loading is the one waited for."""
        super().__init__(window)
        self.window, self.ctx, self.runner = window, ctx, runner
        self.loading_label, self.loading_bar = label, bar
        self.library_painted = library_painted
        self._awaiting_paint = False
        self.restore_box: QMessageBox | None = None
        self.password_dialog: QDialog | None = None  # the restore's admin password, while asked
        self.backup_timer: QTimer | None = None
        self._library_ready = False
        self._db_ready = False
        self._db_requested = False
        self._learners: list[LearnerInfo] = []

    def start(self) -> None:
        """Load content and open the database in the background."""
        if self.ctx.library is not None and self.ctx.db_known:
            self._take_over()
            return
        content_dir = self.ctx.paths.content_dir
        cache_dir = self.ctx.paths.cache_dir
        # A current cache is read here, on the GUI thread (≈ 10 ms), so that a window not
        # yet shown opens on the library, painted once, instead of on the loading page and
        # again when a worker has read the same file (issue #17). Anything else (a first
        # start, edited content) loads in the background with the loading page's progress.
        from ethics_trainer.content.cache import load_library_if_cached

        cached = load_library_if_cached(content_dir, cache_dir)
        if cached is not None:
            self._library_loaded(cached)
            return
        relay = _Progress(self)
        relay.changed.connect(self._loading_progress)
        report = progress_relay(relay)

        def load() -> Library:
            from ethics_trainer.content.cache import load_library_cached

            return load_library_cached(content_dir, cache_dir, report)

        self.runner.run(load, on_done=self._library_loaded, on_error=self._failed, lane=Lane.IO)
        # The database (and SQLAlchemy's imports) waits until the library is on screen: see
        # _after_library_paint. Opening it in parallel slowed the first paint (shared GIL).

    def _open_database(self) -> None:
        """Check the file (offering the newest good backup if damaged), then open it."""
        if self._db_requested:
            return
        self._db_requested = True
        paths = self.ctx.paths

        def op() -> tuple[Any, ...]:
            from ethics_trainer.storage.health import Health, startup_check

            paths.ensure()
            health = startup_check(paths)
            if health.health is Health.UNREADABLE:
                if health.check is not None and health.check.state == "no_space":
                    raise UserError(*health.messages[:2])  # a full disk: never "damaged"
                raise UserError(tr("app.database_unreadable"), health.message())
            if health.health is Health.CORRUPT:
                return ("corrupt", health)
            if paths.sqlite_path is not None:
                from ethics_trainer.services.profile_list import startup_learners

                found = startup_learners(paths.sqlite_path)
                if found is not None:
                    return ("light", found)
            return ("ok", *_open_and_list(paths, self.ctx.clock))

        self.runner.run(op, on_done=self._database_checked, on_error=self._failed)

    def _database_checked(self, result: tuple[Any, ...]) -> None:
        if result[0] == "ok":
            self._db_opened((result[1], result[2]))
        elif result[0] == "light":
            paths = self.ctx.paths
            self.ctx.defer_db(lambda: _open_deferred(paths))
            self._listed(result[1])
        else:
            self._offer_restore(result[1])

    def _offer_restore(self, health: Any) -> None:
        """A damaged database: restore the newest good backup, start afresh, or quit."""
        from PySide6.QtWidgets import QMessageBox

        self.loading_label.setText(tr("app.database_damaged_title"))
        self.loading_bar.hide()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("app.database_damaged_title"),
            health.message(),
            parent=self.window,
        )
        box.setObjectName("restoreBox")
        restore = None
        if health.backup is not None:
            restore = box.addButton(tr("app.restore_backup"), QMessageBox.ButtonRole.AcceptRole)
        fresh = box.addButton(tr("app.start_fresh"), QMessageBox.ButtonRole.DestructiveRole)
        quit_now = box.addButton(tr("app.quit_now"), QMessageBox.ButtonRole.RejectRole)
        # Enter or Esc must keep every file as it is: quitting changes nothing on disk.
        box.setDefaultButton(quit_now)
        box.setEscapeButton(quit_now)
        self.restore_box = box
        paths, clock = self.ctx.paths, self.ctx.clock

        def chosen(button: QAbstractButton) -> None:
            self.restore_box = None
            box.deleteLater()  # answered: nothing may find and press it again
            if button is not restore and button is not fresh:
                self.quit_requested.emit()
                return

            if button is restore:
                self._restore_gated(health)
                return

            def op() -> tuple[Any, list[LearnerInfo]]:
                from ethics_trainer.storage.backup import move_aside

                move_aside(health.db_path)  # kept beside the database, never deleted
                return _open_and_list(paths, clock)

            self.loading_label.setText(tr("app.loading"))
            self.loading_bar.show()
            self.runner.run(op, on_done=self._db_opened, on_error=self._failed)

        box.buttonClicked.connect(chosen)
        box.open()

    def _restore_gated(self, health: Any) -> None:
        """Restore the offered backup, asking the admin password first whenever ``db restore``
        would (exams.restore_guard): damaging the file must not open the admin role."""
        paths, clock = self.ctx.paths, self.ctx.clock

        def gate_op() -> Any:
            from ethics_trainer.exams.restore_guard import restore_gate
            from ethics_trainer.storage.health import backup_dirs

            return restore_gate(
                health.db_path, paths.database_url, health.backup, backup_dirs(paths)
            )

        def restore_with(gate: Any) -> None:
            def op() -> tuple[Any, list[LearnerInfo]]:
                from ethics_trainer.storage.health import recover

                recover(health, keep_passwords=gate.keep)
                return _open_and_list(paths, clock)

            self.loading_label.setText(tr("app.loading"))
            self.loading_bar.show()
            self.runner.run(op, on_done=self._db_opened, on_error=self._failed)

        def gated(gate: Any) -> None:
            if not gate.needs_password:
                restore_with(gate)
                return
            from ethics_trainer.ui.restore_password import RestorePasswordDialog

            dialog = RestorePasswordDialog(gate, self.window)
            self.password_dialog = dialog

            def finished(code: int) -> None:
                self.password_dialog = None
                dialog.deleteLater()
                if code == RestorePasswordDialog.DialogCode.Accepted:
                    restore_with(gate)
                else:
                    self._offer_restore(health)  # nothing changed: the same three choices

            dialog.finished.connect(finished)
            dialog.open()

        def refused(exc: BaseException) -> None:
            show_error(self.window, exc)
            self._offer_restore(health)

        self.runner.run(gate_op, on_done=gated, on_error=refused)

    def _start_backup_timer(self) -> None:
        """A copy of an SQLite database every half hour (skipped when one is recent)."""
        db_path = self.ctx.paths.sqlite_path
        if db_path is None:
            return
        backup_dir = self.ctx.paths.backup_dir

        def backup() -> None:
            def op() -> None:
                from ethics_trainer.storage.backup import auto_backup

                auto_backup(db_path, backup_dir, min_interval=BACKUP_EVERY, reason="periodic")

            self.runner.run(op, on_error=lambda exc: log.warning("periodic backup failed: %s", exc))

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(int(BACKUP_EVERY.total_seconds() * 1000))
        self.backup_timer.timeout.connect(backup)
        self.backup_timer.start()

    def _loading_progress(self, done: int, total: int) -> None:
        self.loading_bar.setRange(0, max(total, 1))
        self.loading_bar.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self.loading_label.setText(tr("app.start_failed"))
        self.loading_bar.hide()
        show_error(self.window, exc)

    def _library_loaded(self, library: Library) -> None:
        self.ctx.library = library
        self._library_ready = True
        self.library_loaded.emit(library)  # the tree is filled now; its next paint shows it
        self._awaiting_paint = True
        self.library_painted.connect(self._library_painted)
        QTimer.singleShot(PAINT_AT_LATEST_MS, self._library_painted)
        self._maybe_ready()

    def _take_over(self) -> None:
        """Start from a context another window already loaded (after a language switch)."""
        ctx = self.ctx

        def op() -> list[LearnerInfo]:
            from ethics_trainer.services import learners

            return learners.list_learners(ctx.open_db())  # opens it if start-up deferred it

        def done(found: list[LearnerInfo]) -> None:
            self._learners = found
            self._library_ready = self._db_ready = self._db_requested = True
            self._start_backup_timer()
            self.took_over.emit(found)

        self.runner.run(op, on_done=done, on_error=self._failed)

    def _library_painted(self) -> None:
        """The first paint of the filled tree (or the time limit): what waited for it runs
        once the frame is on screen, after this event, as the bare window's stamp does
        (``bench/bare_qt.py``). Waiting for the real paint matters: a window shown but not
        yet exposed paints nothing when asked, and the work after the paint (the database,
        the optional screens' imports) would otherwise delay the very frame it waits for."""
        if not self._awaiting_paint:
            return
        self._awaiting_paint = False
        self.library_painted.disconnect(self._library_painted)
        QTimer.singleShot(0, self._after_library_paint)

    def _after_library_paint(self) -> None:
        self.painted_with_library.emit()
        self._open_database()

    def _db_opened(self, result: tuple[Any, list[LearnerInfo]]) -> None:
        self.ctx.db = result[0]
        self._listed(result[1])

    def _listed(self, learners: list[LearnerInfo]) -> None:
        self._learners = learners
        self._db_ready = True
        self._start_backup_timer()
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if not (self._library_ready and self._db_ready):
            return
        self.loaded.emit(self._learners)
