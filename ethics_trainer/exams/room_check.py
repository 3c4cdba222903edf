"""Room dry-run: N simulated candidates answer Q questions each, at once; every answer is proven.

This module runs the check and proves its outcome; the parts are apart: the rooms and seats
(:mod:`~ethics_trainer.exams.room_seats`: an exam session per room, 100 candidates each by
default, each checked in on its own simulated PC with its own attempt), the simulated PCs
(:mod:`~ethics_trainer.exams.room_simulator`), their journals
(:mod:`~ethics_trainer.exams.room_journal`) and the result
(:mod:`~ethics_trainer.exams.room_result`).

After the run, answers the server did not confirm (an outage, a worker killed) are replayed
through the full answer path once the server answers again, as the candidate's PC would. Then
every journalled answer is looked up: ``lost = sent − stored``, exactly, where *stored* means
the database holds the last choice sent.

``via`` (PostgreSQL) is where the PCs connect instead of ``url``: a pooler in transaction
mode such as PgBouncer, which lets a centre of 500 PCs share a few server backends. Through it
(or when ``url`` itself names a pooler with ``?pooled=1``) the PCs do not prepare the statement
(PgBouncer before 1.21 cannot carry prepared statements from one server connection to the
next); it stays one round trip per answer.

``pace`` is the mean number of seconds between a candidate's answers (each wait is drawn
between 0.5× and 1.5× of it, and each candidate starts at a random moment of the first
interval); 0 means as fast as they can. The rows it creates are removed afterwards unless
``keep``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.exams import exam_answers
from ethics_trainer.exams.room_journal import Journal, read_journals
from ethics_trainer.exams.room_result import RoomCheckResult
from ethics_trainer.exams.room_seats import PER_ROOM, Seat, prepare_seats, remove_seats
from ethics_trainer.exams.room_simulator import default_workers, run_workers
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database, open_database, pooled_url
from ethics_trainer.storage.models import Answer

RECONNECT_TIMEOUT = 300.0  # seconds the reconciliation waits for the server to answer again


def _replay(
    db: Database,
    seats: dict[int, Seat],
    pending: list[tuple[tuple[int, str], str]],
    journal: Journal,
    timeout: float,
) -> tuple[int, list[str]]:
    """Send the unconfirmed answers again through the full path, waiting for the server."""
    done = 0
    errors: list[str] = []
    deadline = time.monotonic() + timeout
    for (cid, qid), choice in pending:
        seat = seats[cid]
        while True:
            try:
                exam_answers.save_answer(db, cid, seat.machine, qid, [choice])
            except DatabaseUnavailable:
                if time.monotonic() > deadline:
                    errors.append(tr("delivery.room_check.no_answer", answer=f"{cid}/{qid}"))
                    break
                time.sleep(0.5)  # waiting for the server to come back, as a PC retries
                continue
            except UserError as exc:
                errors.append(f"{cid}/{qid}: {exc.message}")
                break
            except Exception as exc:  # the server refused it some other way: it counts as lost
                errors.append(f"{cid}/{qid}: {str(exc).strip()[:200]}")
                break
            journal.confirmed(seat, qid, choice)
            done += 1
            break
    return done, errors


def _stored(db: Database, seats: list[Seat]) -> dict[tuple[int, str], list[str]]:
    by_attempt = {s.attempt_id: s.candidate_id for s in seats}
    with db.transaction() as conn:
        rows = conn.execute(
            select(col(Answer.attempt_id), col(Answer.question_id), col(Answer.selected)).where(
                col(Answer.attempt_id).in_(list(by_attempt))
            )
        ).all()
    return {(by_attempt[a], q): list(s.keys) for a, q, s in rows}


def run_room_check(
    url: str,
    candidates: int,
    questions: int,
    *,
    pace: float = 0.0,
    workers: int | None = None,
    rooms: int | None = None,
    keep: bool = False,
    progress: Callable[[str], None] | None = None,
    reconnect_timeout: float = RECONNECT_TIMEOUT,
    via: str | None = None,
) -> RoomCheckResult:
    """Run the simulated rooms, reconcile the journal, and prove every answer sent is stored."""
    if candidates < 1 or questions < 1:
        raise UserError(
            "Số thí sinh và số câu phải lớn hơn 0 / Candidates and questions must be at least 1"
        )
    say = progress or (lambda _text: None)
    count = default_workers(candidates) if workers is None else max(1, min(workers, candidates))
    rooms = max(1, min(candidates, rooms or -(-candidates // PER_ROOM)))
    qids = [f"room-check-q{i + 1}" for i in range(questions)]
    main_db = open_database(url)
    try:
        seats, definition_id = prepare_seats(main_db, candidates, questions, rooms)
        by_id = {s.candidate_id: s for s in seats}
        say(
            tr(
                "delivery.room_check.start",
                candidates=candidates,
                rooms=rooms,
                questions=questions,
                workers=count,
                pace=tr("delivery.room_check.pace", seconds=f"{pace:g}")
                if pace
                else tr("delivery.room_check.full_speed"),
                server=url.split("@")[-1],
            )
        )
        with tempfile.TemporaryDirectory(prefix="room-check-") as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            times, errors, lag, loads = run_workers(
                via or url,
                seats,
                qids,
                pace,
                count,
                folder,
                prepare=via is None and not pooled_url(url).pooled,
            )
            elapsed = time.perf_counter() - started
            state = read_journals(folder)
            pending = sorted(
                (key, choice)
                for key, choice in state.last_sent.items()
                if key not in state.confirmed
            )
            replayed = 0
            if pending:
                say(tr("delivery.room_check.reconciling", count=len(pending)))
                journal = Journal(folder / "reconcile.journal")
                try:
                    replayed, found = _replay(main_db, by_id, pending, journal, reconnect_timeout)
                finally:
                    journal.close()
                errors.extend(found)
            stored = _stored(main_db, seats)
        sent = len(state.last_sent)
        held = sum(1 for key, choice in state.last_sent.items() if stored.get(key) == [choice])
        if not keep:
            remove_seats(main_db, seats, definition_id)
        return RoomCheckResult(
            written=held,
            lost=sent - held,
            latencies_ms=times.reply,
            errors=errors,
            workers=count,
            pace=pace,
            seconds=elapsed,
            sent=sent,
            confirmed=len(state.confirmed),
            replayed=replayed,
            not_sent=candidates * questions - sent,
            rooms=rooms,
            loop_lag_ms=lag,
            times=times,
            loads=loads,
        )
    finally:
        main_db.dispose()
