"""One reading of a session's room for the proctor's console, made off the GUI thread.

The console polls every two seconds; each poll is this one function on the task runner: it
ends the attempts whose time is up on the server's clock, checks the session's seal (this PC
holds the key), and reads the roster and, when the results tab is open, the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.exams import live_roster, results, seal_verdict, sealing, sessions, submission
from ethics_trainer.exams.server_time import RoomClock
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database


@dataclass(frozen=True)
class RoomSnapshot:
    """What one refresh read from the database."""

    session_id: int
    info: sessions.SessionInfo
    rows: list[live_roster.CandidateRow]
    results: results.SessionResults | None
    seal: seal_verdict.SessionVerdict | None = None

    def summary(self) -> str:
        """The status line: how many are checked in, working, submitted; and the seal check."""
        counts = {
            s: sum(1 for r in self.rows if r.status == s)
            for s in (
                live_roster.STATUS_CHECKED_IN,
                live_roster.STATUS_IN_PROGRESS,
                live_roster.STATUS_SUBMITTED,
            )
        }
        text = tr(
            "exams.proctor.summary",
            total=len(self.rows),
            checked_in=counts["checked_in"],
            working=counts["in_progress"],
            submitted=counts["submitted"],
        )
        if self.seal is not None:  # the seal check of the whole session
            text += " · " + tr("security.proctor.seal_line", text=results.seal_summary(self.seal))
        return text

    @property
    def seal_broken(self) -> bool:
        """The seal check failed: the status line turns red."""
        return self.seal is not None and not self.seal.ok


def read_room(
    db: Database,
    session_id: int,
    clock: RoomClock,
    data_dir: Path | None,
    *,
    resync: bool,
    with_results: bool,
) -> RoomSnapshot:
    if resync or not clock.synced:
        clock.sync()
    info = sessions.get_session(db, session_id)
    if not info.ended:  # attempts whose time is up on the server's clock
        submission.finalize_session_expired(db, session_id, clock=clock)
    seal = sealing.seal_and_verify(db, session_id, data_dir)  # this PC holds the key
    rows = live_roster.roster(db, session_id)
    res = results.session_results(db, session_id, data_dir) if with_results else None
    return RoomSnapshot(session_id, info, rows, res, seal)
