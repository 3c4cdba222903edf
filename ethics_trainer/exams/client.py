"""One candidate's PC talking to the exam database, through the local journal.

Both the candidate window and the headless driver use this class, so the way answers are
kept (journal first, then the server, replayed in order after an outage or a crash) is the
same everywhere and tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError

from ethics_trainer.clock import SYSTEM_CLOCK, Clock, FixedClock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.exams import candidate_view, checkin, exam_answers, exam_start, submission
from ethics_trainer.exams.journal import DONE, PENDING, REJECTED, AnswerJournal, Entry
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.state import AttemptState

OFFLINE_ERRORS = (DatabaseUnavailable, OperationalError, InterfaceError)


def _option_keys(payload: object) -> list[str]:
    """An answer entry's payload: the chosen option keys (a flag entry holds a bool)."""
    if not isinstance(payload, list):
        raise TypeError(f"an answer entry holds {type(payload).__name__}, not option keys")
    return [str(key) for key in payload]


@dataclass
class FlushResult:
    written: int = 0
    pending: int = 0
    rejected: list[str] = field(default_factory=list)
    online: bool = True
    written_seqs: list[int] = field(default_factory=list)
    rejected_seqs: list[int] = field(default_factory=list)


@dataclass
class SyncResult:
    """One round trip of the candidate screen: kept answers written, then the server's view."""

    flushed: FlushResult
    view: candidate_view.CandidateView | None  # None when the server could not be reached


class CandidateClient:
    """Answers, flags and submission for one candidate on one PC."""

    def __init__(
        self,
        db: Any,
        candidate_id: int,
        machine: str,
        journal: AnswerJournal,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.db = db
        self.candidate_id = candidate_id
        self.machine = machine
        self.journal = journal
        self.clock = clock
        self.online = True

    # -- writing ---------------------------------------------------------------------------
    def answer(self, question_id: str, selected: list[str] | tuple[str, ...]) -> FlushResult:
        """Keep the answer on this PC, then try to write everything pending."""
        self.keep_answer(question_id, selected)
        return self.flush()

    def flag(self, question_id: str, flagged: bool) -> FlushResult:
        self.journal.append(
            self.candidate_id, self.machine, "flag", question_id, bool(flagged), self.clock.now()
        )
        return self.flush()

    def _write(self, entry: Entry) -> None:
        at_clock = FixedClock(entry.at)  # judged at the moment it was given, not replayed
        if entry.kind == "answer":
            exam_answers.save_answer(
                self.db,
                self.candidate_id,
                entry.machine,
                entry.question_id,
                _option_keys(entry.payload),
                clock=at_clock,
            )
        else:
            exam_answers.set_flag(
                self.db,
                self.candidate_id,
                entry.machine,
                entry.question_id,
                bool(entry.payload),
                clock=at_clock,
            )

    def flush(self) -> FlushResult:
        """Write pending entries in order; stop at the first sign the server is away."""
        result = FlushResult()
        for entry in self.journal.pending(self.candidate_id):
            try:
                self._write(entry)
            except OFFLINE_ERRORS:
                result.online = False
                break
            except UserError as exc:
                try:
                    if entry.kind == "answer":
                        exam_answers.note_rejected_answer(
                            self.db,
                            self.candidate_id,
                            entry.question_id,
                            exc.message,
                            machine=entry.machine,
                            given_at=entry.at,
                            clock=self.clock,
                        )
                except OFFLINE_ERRORS:
                    result.online = False  # stays pending: rejected and logged on the next try
                    break
                self.journal.mark(entry.seq, REJECTED, exc.message)
                result.rejected.append(exc.message)
                result.rejected_seqs.append(entry.seq)
                continue
            self.journal.mark(entry.seq, DONE)
            result.written += 1
            result.written_seqs.append(entry.seq)
        result.pending = self.journal.count(self.candidate_id, PENDING)
        self.online = result.online
        return result

    def keep_answer(self, question_id: str, selected: list[str] | tuple[str, ...]) -> int:
        """Only the local journal (fast, local disk): the screen calls this on its own thread."""
        return self.journal.append(
            self.candidate_id,
            self.machine,
            "answer",
            question_id,
            sorted(selected),
            self.clock.now(),
        )

    def keep_flag(self, question_id: str, flagged: bool) -> int:
        return self.journal.append(
            self.candidate_id, self.machine, "flag", question_id, bool(flagged), self.clock.now()
        )

    def sync(self) -> SyncResult:
        """Write what is kept, then read the server's view; meant for a background thread."""
        flushed = self.flush()
        if not flushed.online:
            return SyncResult(flushed, None)
        try:
            view = self.view()
        except OFFLINE_ERRORS:
            flushed.online = False
            return SyncResult(flushed, None)
        return SyncResult(flushed, view)

    def pending_answers(self) -> dict[str, tuple[str, ...]]:
        """Answers given on this PC and not yet on the server (newest wins)."""
        return {
            e.question_id: tuple(_option_keys(e.payload))
            for e in self.journal.pending(self.candidate_id)
            if e.kind == "answer"
        }

    # -- reading and the rest go straight to the server -----------------------------------
    def check_in(self, code: str) -> None:
        checkin.check_in(self.db, self.candidate_id, code, self.machine, clock=self.clock)

    def start(self, library: Library) -> AttemptState:
        self.flush()
        return exam_start.start_exam(
            self.db, library, self.candidate_id, self.machine, clock=self.clock
        )

    def view(self) -> candidate_view.CandidateView:
        try:
            result = candidate_view.candidate_view(self.db, self.candidate_id, self.machine)
        except OFFLINE_ERRORS:
            self.online = False
            raise
        self.online = True
        return result

    def submit(self) -> AttemptState:
        """Hand in once every pending answer is on the server."""
        flushed = self.flush()
        if flushed.pending:
            raise DatabaseUnavailable(tr("errors.database_unreachable"))
        return submission.submit(self.db, self.candidate_id, self.machine, clock=self.clock)

    def time_left(self, state: AttemptState, now: datetime | None = None) -> int:
        left = state.time_left(now or self.clock.now())
        return int(left.total_seconds()) if left is not None else 0
