"""Room dry-run: N simulated candidates answer Q questions each, at once; every answer is proven.

The room is real rows: an exam session per room (100 candidates each by default), each
candidate checked in on its own simulated PC with its own attempt, so the answers take the
same single-statement path a candidate's PC takes (:mod:`ethics_trainer.exams.answer_write`).

The simulated PCs must cost little, or the simulator's own CPU (sharing the machine with the
server) sets the tail latency instead of the server. On PostgreSQL each worker process
(one per core) runs its candidates as asyncio tasks, each with its own connection, sending the
product's own statement and parameters; on SQLite, threads call the product's function.

The journal. Like a real PC, every answer is written to a local journal *before* it is sent,
and marked confirmed when the server acknowledges it. After the run, answers the server did not
confirm (an outage, a worker killed) are replayed through the full answer path once the server
answers again, as the candidate's PC would. Then every journalled answer is looked up:
``lost = sent − stored``, exactly, where *stored* means the database holds the last choice sent.

``via`` (PostgreSQL) is where the PCs connect instead of ``url``: a pooler in transaction
mode such as PgBouncer, which lets a centre of 500 PCs share a few server backends. Through it
(or when ``url`` itself names a pooler with ``?pooled=1``) the PCs do not prepare the statement (PgBouncer before 1.21 cannot carry prepared statements
from one server connection to the next); it stays one round trip per answer.

``pace`` is the mean number of seconds between a candidate's answers (each wait is drawn
between 0.5× and 1.5× of it, and each candidate starts at a random moment of the first
interval); 0 means as fast as they can. The rows it creates are removed afterwards unless
``keep``.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import queue
import random
import secrets
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import col

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.exams import answer_write, sessions
from ethics_trainer.i18n import current_language, tr
from ethics_trainer.quiz.snapshot import Snapshot
from ethics_trainer.storage.db import Database, make_engine, open_database, pooled_url
from ethics_trainer.storage.models import (
    Answer,
    Attempt,
    AttemptSeal,
    ExamCandidate,
    ExamDefinition,
    ExamEvent,
    ExamSession,
    Learner,
)

KIND_ROOM_CHECK = "room_check"
READY_TIMEOUT = 120.0  # seconds for the workers to start and connect (spawn imports the app)
RECONNECT_TIMEOUT = 300.0  # seconds the reconciliation waits for the server to answer again
PER_ROOM = 100


@dataclass(frozen=True)
class Seat:
    """One simulated PC: its candidate, machine name and attempt."""

    candidate_id: int
    machine: str
    attempt_id: int


@dataclass
class RoomCheckResult:
    written: int  # journalled answers the database holds (= stored)
    lost: int  # sent − stored, from the journal
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    workers: int = 1
    pace: float = 0.0
    seconds: float = 0.0
    sent: int = 0  # distinct answers in the journal
    confirmed: int = 0  # acknowledged by the server during the run
    replayed: int = 0  # not confirmed during the run, replayed by the reconciliation
    not_sent: int = 0  # planned but never sent (a worker died before)
    rooms: int = 1
    # how late each worker's event loop woke a 10 ms timer (ms): a simulator too busy to read
    # the server's answers in time shows here, not as server time
    loop_lag_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)

    def journal_line(self) -> str:
        return (
            f"journal: sent {self.sent}, confirmed {self.confirmed}, replayed {self.replayed}, "
            f"stored {self.written}, not sent {self.not_sent}; lost = sent − stored = {self.lost}"
        )

    def summary(self) -> str:
        """The contract line: ``written 1500, lost 0, p50 3.1 ms, p99 12.4 ms``."""
        return (
            f"written {self.written}, lost {self.lost}, "
            f"p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms"
        )

    def localized_journal_line(self) -> str:
        """:meth:`journal_line` in the interface language (the same text in English)."""
        return tr(
            "delivery.room_check.journal",
            sent=self.sent,
            confirmed=self.confirmed,
            replayed=self.replayed,
            stored=self.written,
            not_sent=self.not_sent,
            lost=self.lost,
        )

    def localized_summary(self) -> str:
        """The CLI's last line: exactly :meth:`summary` in English (scripts parse it), the
        same figures in Vietnamese, with a decimal comma."""
        return tr(
            "delivery.room_check.summary",
            written=self.written,
            lost=self.lost,
            p50=_milliseconds(self.p50),
            p99=_milliseconds(self.p99),
        )


def _milliseconds(value: float) -> str:
    """One decimal, as the English contract prints it; a decimal comma in Vietnamese."""
    text = f"{value:.1f}"
    return text if current_language() == "en" else text.replace(".", ",")


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(len(ordered), rank) - 1]


def _snapshot(questions: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"room-check-q{i + 1}",
            "title": f"Câu {i + 1}",
            "stem": "Câu hỏi thử phòng thi",
            "kind": "single",
            "explanation": "",
            "source": "",
            "lesson_id": "",
            "options": [
                {
                    "key": k,
                    "text": k.upper(),
                    "correct": k == "a",
                    "weight": 1.0 if k == "a" else 0.0,
                    "feedback": "",
                }
                for k in "abcd"
            ],
        }
        for i in range(questions)
    ]


def _prepare(db: Database, candidates: int, questions: int, rooms: int) -> tuple[list[Seat], int]:
    """Rooms (exam sessions) with checked-in candidates and their attempts; (seats, def id)."""
    now = SYSTEM_CLOCK.now()
    snapshot = Snapshot.of(_snapshot(questions))
    seats: list[Seat] = []
    tag = secrets.token_hex(4)
    with db.session() as session:
        definition = ExamDefinition(
            name=f"room-check {tag}", course_id="room-check", created_at=now, archived=True
        )
        session.add(definition)
        session.flush()
        room_ids = []
        for r in range(rooms):
            room = ExamSession(
                definition_id=definition.id or 0,
                code=f"RC{tag}{r}".upper(),
                room=f"room-check {r + 1}",
                opened_at=now,
            )
            session.add(room)
            session.flush()
            room_ids.append(room.id or 0)
        for i in range(candidates):
            learner = Learner(
                full_name=f"Thí sinh thử {i + 1}", unit="room-check", created_at=now, archived=True
            )
            session.add(learner)
            session.flush()
            attempt = Attempt(
                learner_id=learner.id or 0,
                course_id="room-check",
                kind=KIND_ROOM_CHECK,
                seed=i,
                questions=snapshot,
                started_at=now,
                deadline=now + timedelta(hours=2),
                question_count=questions,
            )
            session.add(attempt)
            session.flush()
            machine = f"room-check-{tag}-{i + 1}"
            cand = ExamCandidate(
                session_id=room_ids[i % rooms],
                learner_id=learner.id or 0,
                row_no=i // rooms + 1,
                attempt_id=attempt.id,
                checked_in_at=now,
                machine=machine,
            )
            session.add(cand)
            session.flush()
            seats.append(Seat(cand.id or 0, machine, attempt.id or 0))
    return seats, definition.id or 0


def default_workers(candidates: int) -> int:
    """One process per core, at least two, never more than candidates."""
    return max(1, min(candidates, max(2, os.cpu_count() or 2)))


# -- the journal -------------------------------------------------------------------------------
class Journal:
    """An append-only local file: ``S`` before an answer is sent, ``A`` once it is confirmed.

    One file per worker process, one line per event, written before the next step, so what
    a killed worker had sent is still known.
    """

    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8", buffering=1)

    def sent(self, seat: Seat, question_id: str, choice: str) -> None:
        self._file.write(f"S\t{seat.candidate_id}\t{question_id}\t{choice}\n")

    def confirmed(self, seat: Seat, question_id: str, choice: str) -> None:
        self._file.write(f"A\t{seat.candidate_id}\t{question_id}\t{choice}\n")

    def close(self) -> None:
        self._file.close()


@dataclass
class JournalState:
    last_sent: dict[tuple[int, str], str]  # (candidate, question) -> last choice sent
    confirmed: set[tuple[int, str]]  # whose last choice sent was confirmed


def read_journals(folder: Path) -> JournalState:
    last: dict[tuple[int, str], str] = {}
    confirmed: set[tuple[int, str]] = set()
    for path in sorted(folder.glob("*.journal")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 4:
                continue  # a line cut short by a kill: that answer stays unconfirmed
            kind, cid, qid, choice = parts
            key = (int(cid), qid)
            if kind == "S":
                last[key] = choice
                confirmed.discard(key)
            elif kind == "A" and last.get(key) == choice:
                confirmed.add(key)
    return JournalState(last, confirmed)


# -- the simulated PCs -------------------------------------------------------------------------
def _conninfo(url: str) -> str:
    parsed = pooled_url(url).url.set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


async def _async_candidate(
    conninfo: str,
    prepare: bool,
    seat: Seat,
    target: answer_write.Target,
    qids: list[str],
    seed: int,
    pace: float,
    journal: Journal,
    connected: asyncio.Event,
    go: asyncio.Event,
    out: dict[str, Any],
) -> None:
    """One PC on PostgreSQL: its own connection, the product's statement, its own pace."""
    import psycopg

    rng = random.Random(seed)
    conn: psycopg.AsyncConnection[Any] | None = None

    async def connect() -> psycopg.AsyncConnection[Any]:
        made = await psycopg.AsyncConnection.connect(conninfo, autocommit=True, connect_timeout=5)
        if not prepare:
            made.prepare_threshold = None
        return made

    try:
        conn = await connect()
    except psycopg.Error as exc:
        out["errors"].append(f"{seat.candidate_id}: {exc}")
    out["connected"] += 1
    if out["connected"] == out["seats"]:
        connected.set()
    await go.wait()
    if pace:
        await asyncio.sleep(rng.uniform(0, pace))
    for qid in qids:
        choice = rng.choice("abcd")
        params = answer_write.answer_params(
            target, seat.candidate_id, seat.machine, qid, [choice], SYSTEM_CLOCK.now()
        )
        journal.sent(seat, qid, choice)
        try:
            if conn is None or conn.closed:
                conn = await connect()
            started = time.perf_counter()
            cursor = await conn.execute(answer_write.ANSWER_SQL, params)
            row = await cursor.fetchone()
            elapsed = (time.perf_counter() - started) * 1000
        except psycopg.Error as exc:  # kept in the journal; replayed after the run
            out["errors"].append(f"{seat.candidate_id}/{qid}: {str(exc).strip()[:120]}")
            if conn is not None:
                await conn.close()
            conn = None
        else:
            if row is not None:
                journal.confirmed(seat, qid, choice)
                out["latencies"].append(elapsed)
            else:
                out["errors"].append(f"{seat.candidate_id}/{qid}: refused by the server")
        if pace:
            await asyncio.sleep(pace * rng.uniform(0.5, 1.5))
    if conn is not None:
        await conn.close()


async def _async_worker(
    url: str,
    prepare: bool,
    seats: list[Seat],
    seeds: list[int],
    target_keys: answer_write.Keys,
    qids: list[str],
    pace: float,
    journal: Journal,
    ready: Any,
    index: int,
    start: Any,
    out: dict[str, Any],
) -> None:
    connected, go = asyncio.Event(), asyncio.Event()
    out.update(connected=0, seats=len(seats))
    tasks = [
        asyncio.create_task(
            _async_candidate(
                _conninfo(url),
                prepare,
                seat,
                answer_write.Target(seat.attempt_id, target_keys),
                qids,
                seed,
                pace,
                journal,
                connected,
                go,
                out,
            )
        )
        for seat, seed in zip(seats, seeds, strict=True)
    ]
    try:
        await asyncio.wait_for(connected.wait(), READY_TIMEOUT)
    except TimeoutError:
        out["errors"].append(f"worker {index}: candidates could not connect in time")
    ready.put(index)
    await asyncio.get_running_loop().run_in_executor(None, start.wait, READY_TIMEOUT)
    go.set()
    lag = asyncio.create_task(_loop_lag(out.setdefault("lag", [])))
    await asyncio.gather(*tasks)
    lag.cancel()


async def _loop_lag(found: list[float], every: float = 0.01) -> None:
    """How late this event loop wakes: the simulator's own share of a latency."""
    while True:
        planned = time.perf_counter() + every
        await asyncio.sleep(every)
        found.append(max(0.0, (time.perf_counter() - planned) * 1000))


def _thread_candidate(
    db: Database,
    seat: Seat,
    qids: list[str],
    seed: int,
    pace: float,
    journal: Journal,
    go: threading.Event,
    out: dict[str, Any],
    lock: threading.Lock,
) -> None:
    """One PC on SQLite (no network): the product's answer function, timed around the call."""
    rng = random.Random(seed)
    go.wait(timeout=READY_TIMEOUT)
    if pace:
        time.sleep(rng.uniform(0, pace))
    for qid in qids:
        choice = rng.choice("abcd")
        with lock:
            journal.sent(seat, qid, choice)
        started = time.perf_counter()
        try:
            sessions.save_answer(db, seat.candidate_id, seat.machine, qid, [choice])
        except (DatabaseUnavailable, UserError) as exc:
            with lock:
                out["errors"].append(f"{seat.candidate_id}/{qid}: {exc.message}")
        else:
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                journal.confirmed(seat, qid, choice)
                out["latencies"].append(elapsed)
        if pace:
            time.sleep(pace * rng.uniform(0.5, 1.5))


def _die_with_parent(parent: int) -> None:
    """Linux: a worker whose room-check was killed ends too, instead of answering on."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # killed while this process was still starting
        os._exit(1)


def _worker(
    index: int,
    url: str,
    prepare: bool,
    seats: list[Seat],
    seeds: list[int],
    qids: list[str],
    pace: float,
    journal_path: str,
    ready: Any,
    start: Any,
    results: Any,
    parent: int,
) -> None:
    """A worker process: its candidates connect, report ready, wait for the start, answer."""
    _die_with_parent(parent)
    out: dict[str, Any] = {"latencies": [], "errors": [], "lag": []}
    journal = Journal(Path(journal_path))
    try:
        if url.startswith("postgresql"):
            keys = answer_write.keys_of(_snapshot(len(qids)))
            asyncio.run(
                _async_worker(
                    url, prepare, seats, seeds, keys, qids, pace, journal, ready, index, start, out
                )
            )
        else:
            db = Database(url, make_engine(url))
            lock, go = threading.Lock(), threading.Event()
            threads = [
                threading.Thread(
                    target=_thread_candidate,
                    args=(db, seat, qids, seed, pace, journal, go, out, lock),
                    daemon=True,
                )
                for seat, seed in zip(seats, seeds, strict=True)
            ]
            for thread in threads:
                thread.start()
            ready.put(index)
            start.wait(timeout=READY_TIMEOUT)
            go.set()
            for thread in threads:
                thread.join()
            db.dispose()
    except Exception as exc:  # a simulated PC failing is a finding, not a crash
        out["errors"].append(f"worker {index}: {exc!r}")
    finally:
        journal.close()
        results.put((index, out["latencies"], out["errors"], out["lag"]))


def _run_workers(
    url: str,
    seats: list[Seat],
    qids: list[str],
    pace: float,
    count: int,
    folder: Path,
    prepare: bool = True,
    lag: list[float] | None = None,
) -> tuple[list[float], list[str]]:
    """Spread the candidates over ``count`` processes; gather their timings and errors."""
    ctx = mp.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    start = ctx.Event()
    chunks = [list(range(i, len(seats), count)) for i in range(count)]
    processes = [
        ctx.Process(
            target=_worker,
            args=(
                n,
                url,
                prepare,
                [seats[i] for i in chunk],
                chunk,
                qids,
                pace,
                str(folder / f"worker-{n}.journal"),
                ready,
                start,
                results,
                os.getpid(),
            ),
            daemon=True,
        )
        for n, chunk in enumerate(chunks)
    ]
    latencies: list[float] = []
    errors: list[str] = []
    try:
        for process in processes:
            process.start()
        deadline = time.monotonic() + READY_TIMEOUT
        waiting = len(processes)
        while waiting and time.monotonic() < deadline:
            try:
                ready.get(timeout=1.0)
                waiting -= 1
            except queue.Empty:
                if not any(p.is_alive() for p in processes):
                    break
        start.set()  # every PC of the room starts together
        gathered = 0
        while gathered < len(processes):
            try:
                _index, times, found, late = results.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    errors.append(
                        tr("delivery.room_check.workers_died", count=len(processes) - gathered)
                    )
                    break
                continue
            gathered += 1
            latencies.extend(times)
            errors.extend(found)
            if lag is not None:
                lag.extend(late)
        for process in processes:
            process.join(timeout=10)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
    return latencies, errors


# -- reconciliation ----------------------------------------------------------------------------
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
                sessions.save_answer(db, cid, seat.machine, qid, [choice])
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


def _cleanup(db: Database, seats: list[Seat], definition_id: int) -> None:
    attempt_ids = [s.attempt_id for s in seats]
    cand_ids = [s.candidate_id for s in seats]
    with db.transaction() as conn:
        learner_ids = list(
            conn.execute(
                select(col(Attempt.learner_id)).where(col(Attempt.id).in_(attempt_ids))
            ).scalars()
        )
        room_ids = list(
            conn.execute(
                select(col(ExamSession.id)).where(col(ExamSession.definition_id) == definition_id)
            ).scalars()
        )
        conn.execute(delete(ExamEvent).where(col(ExamEvent.session_id).in_(room_ids)))
        conn.execute(delete(ExamCandidate).where(col(ExamCandidate.id).in_(cand_ids)))
        conn.execute(delete(ExamSession).where(col(ExamSession.id).in_(room_ids)))
        conn.execute(delete(ExamDefinition).where(col(ExamDefinition.id) == definition_id))
        conn.execute(delete(Answer).where(col(Answer.attempt_id).in_(attempt_ids)))
        conn.execute(delete(AttemptSeal).where(col(AttemptSeal.attempt_id).in_(attempt_ids)))
        conn.execute(delete(Attempt).where(col(Attempt.id).in_(attempt_ids)))
        conn.execute(delete(Learner).where(col(Learner.id).in_(learner_ids)))


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
        seats, definition_id = _prepare(main_db, candidates, questions, rooms)
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
            lag: list[float] = []
            latencies, errors = _run_workers(
                via or url,
                seats,
                qids,
                pace,
                count,
                folder,
                prepare=via is None and not pooled_url(url).pooled,
                lag=lag,
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
            _cleanup(main_db, seats, definition_id)
        return RoomCheckResult(
            written=held,
            lost=sent - held,
            latencies_ms=latencies,
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
        )
    finally:
        main_db.dispose()
