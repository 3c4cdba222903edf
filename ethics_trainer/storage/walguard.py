"""Noticing a deleted ``-wal`` file, which would otherwise lose committed answers silently.

In WAL mode a commit is on disk in ``<db>-wal`` until a checkpoint copies it into the database
file. After a crash or a power cut the ``-wal`` is left behind and the next open recovers it;
if someone deletes it first (a cleaning tool, copying only the ``.db``), those commits are gone
and SQLite cannot tell. So each process that opens the file leaves a marker beside it,
``<db>-open-<token>``, locked while it runs and removed when it closes cleanly. At the next open
a marker that can be locked belongs to a process that died; if such a marker exists and the
``-wal`` does not, committed data may be lost, and :class:`WalMissing` says so — once: the stale
markers are cleared, so the next open proceeds with what the database file holds.
"""

from __future__ import annotations

import atexit
import contextlib
import secrets
import weakref
from pathlib import Path
from typing import IO

from ethics_trainer.errors import UserError
from ethics_trainer.fileio.file_lock import try_lock
from ethics_trainer.i18n import tr

MARKER = "-open-"
# Guards still open at a normal interpreter exit are closed then: only a process that dies
# (killed, crashed, power cut) leaves its marker behind.
_open_guards: weakref.WeakSet[WalGuard] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for guard in list(_open_guards):
        guard.close()


class WalMissing(UserError):
    """The last session ended abruptly and its ``-wal`` file is gone."""


def _markers(db_path: Path) -> list[Path]:
    prefix = db_path.name + MARKER
    try:
        return [p for p in db_path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []


def _stale(marker: Path) -> bool:
    """True when no running process holds ``marker`` (its owner ended without closing)."""
    try:
        with marker.open("rb") as handle:
            return try_lock(handle)
    except OSError:
        return False


def wal_lost(db_path: Path) -> bool:
    """Peek, changing nothing: did a process die with this database open, and is its -wal gone?"""
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() or not db_path.exists():
        return False
    return any(_stale(marker) for marker in _markers(db_path))


def missing_error(db_path: Path) -> WalMissing:
    return WalMissing(
        tr("faults.db.wal_missing", path=str(db_path)), tr("faults.db.wal_missing_hint")
    )


class WalGuard:
    """This process's marker beside an SQLite file; :meth:`close` on a clean shutdown."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.marker: Path | None = None
        self._handle: IO[bytes] | None = None

    @classmethod
    def open(cls, db_path: Path) -> WalGuard:
        """Check for a lost -wal (raising :class:`WalMissing` once), then leave our marker."""
        guard = cls(db_path)
        lost = wal_lost(db_path)
        for marker in _markers(db_path):
            if _stale(marker):
                with contextlib.suppress(OSError):
                    marker.unlink()
        guard._claim()
        if lost:
            guard.close()
            raise missing_error(db_path)
        _open_guards.add(guard)
        return guard

    def _claim(self) -> None:
        marker = self.db_path.with_name(f"{self.db_path.name}{MARKER}{secrets.token_hex(4)}")
        try:
            handle = marker.open("wb")
        except OSError:
            return  # a read-only folder: SQLite could not write there either
        if not try_lock(handle):
            handle.close()
            return
        self.marker, self._handle = marker, handle

    def __del__(self) -> None:  # the program let go of the database: not a crash
        self.close()

    def close(self) -> None:
        """After the engine let go of the file: a clean end, nothing to recover."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.marker is not None:
            with contextlib.suppress(OSError):
                self.marker.unlink()
            self.marker = None
