"""The PC's own answer journal: every answer is on local disk before it goes to the server.

A small SQLite file in the data folder (``exam-journal.sqlite3``, synchronous=FULL). Each
answer is appended as *pending*, then written to the database and marked *done*. If the
server cannot be reached the entry stays pending and is replayed, in order, when it is back;
after a crash the next start replays it too. Nothing given on this PC is lost.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

JOURNAL_NAME = "exam-journal.sqlite3"
PENDING = "pending"
DONE = "done"
REJECTED = "rejected"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL,
    machine TEXT NOT NULL,
    kind TEXT NOT NULL,
    question_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS entry_pending ON entry (candidate_id, state, seq);
"""


@dataclass(frozen=True)
class Entry:
    seq: int
    candidate_id: int
    machine: str
    kind: str  # answer | flag
    question_id: str
    payload: object  # list of option keys, or a bool for a flag
    at: datetime


class AnswerJournal:
    """Append-only local log of answers, safe across crashes and power loss."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)

    @classmethod
    def in_folder(cls, data_dir: Path) -> AnswerJournal:
        return cls(data_dir / JOURNAL_NAME)

    def append(
        self,
        candidate_id: int,
        machine: str,
        kind: str,
        question_id: str,
        payload: object,
        at: datetime,
    ) -> int:
        with self._lock:
            cursor = self._conn.execute(
                "INSERT INTO entry (candidate_id, machine, kind, question_id, payload, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    candidate_id,
                    machine,
                    kind,
                    question_id,
                    json.dumps(payload),
                    at.astimezone(UTC).isoformat(),
                ),
            )
            return int(cursor.lastrowid or 0)

    def pending(self, candidate_id: int) -> list[Entry]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, candidate_id, machine, kind, question_id, payload, at FROM entry"
                " WHERE candidate_id = ? AND state = 'pending' ORDER BY seq",
                (candidate_id,),
            ).fetchall()
        return [
            Entry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), datetime.fromisoformat(r[6]))
            for r in rows
        ]

    def mark(self, seq: int, state: str, note: str = "") -> None:
        with self._lock:
            self._conn.execute(
                "UPDATE entry SET state = ?, note = ? WHERE seq = ?", (state, note, seq)
            )

    def count(self, candidate_id: int, state: str = PENDING) -> int:
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM entry WHERE candidate_id = ? AND state = ?",
                (candidate_id, state),
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
