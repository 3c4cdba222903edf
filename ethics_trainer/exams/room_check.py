"""Room dry-run: N simulated candidates answer Q questions each, at once, then every answer is checked.

A room is many PCs, each with its own Python process and one connection to the server. The
simulation comes close to that: the candidates are spread over several worker *processes*
(``multiprocessing``, spawn start method, as on Windows), each candidate a thread of its worker
with its own engine and connection, so one interpreter's GIL does not set the latency of a
hundred PCs. Each answer goes through the real answer path
(:func:`ethics_trainer.services.attempts.record_answer`) and is timed around that call only;
the workers send their timings and what they wrote back to this process, which computes
p50/p99 and checks every answer against the database.

``pace`` is the mean number of seconds between a candidate's answers (each wait is drawn
between 0.5× and 1.5× of it, and each candidate starts at a random moment of the first
interval, as people in a room do not click in step); 0 means as fast as they can.
The rows it creates are marked as a room check and removed afterwards unless ``keep``.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlmodel import col, delete, select

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database, make_engine, open_database
from ethics_trainer.storage.models import Answer, Attempt, AttemptSeal, Learner

KIND_ROOM_CHECK = "room_check"
RETRIES = 5
READY_TIMEOUT = 120.0  # seconds for the workers to start and connect (spawn imports the app)

Plan = list[tuple[int, list[str]]]  # (attempt id, question ids) per simulated candidate


@dataclass
class RoomCheckResult:
    written: int
    lost: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    workers: int = 1
    pace: float = 0.0
    seconds: float = 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)

    def summary(self) -> str:
        """The contract line: ``written 1500, lost 0, p50 3.1 ms, p99 12.4 ms``."""
        return (
            f"written {self.written}, lost {self.lost}, "
            f"p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms"
        )


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


def _prepare(db: Database, candidates: int, questions: int) -> list[tuple[int, list[str]]]:
    """Create the simulated candidates' attempts; return (attempt id, question ids)."""
    now = SYSTEM_CLOCK.now()
    snapshot = _snapshot(questions)
    text = json.dumps(snapshot, ensure_ascii=False)
    made = []
    with db.session() as session:
        for i in range(candidates):
            learner = Learner(
                full_name=f"Thí sinh thử {i + 1}",
                employee_code="",
                unit="room-check",
                created_at=now,
                archived=True,
            )
            session.add(learner)
            session.flush()
            attempt = Attempt(
                learner_id=learner.id or 0,
                course_id="room-check",
                kind=KIND_ROOM_CHECK,
                seed=i,
                questions_json=text,
                started_at=now,
                deadline=now + timedelta(hours=2),
                question_count=questions,
            )
            session.add(attempt)
            session.flush()
            made.append((attempt.id or 0, [str(q["id"]) for q in snapshot]))
    return made


def default_workers(candidates: int) -> int:
    """One process per core, at least two, never more than candidates."""
    return max(1, min(candidates, max(2, os.cpu_count() or 2)))


def _candidate(
    url: str,
    attempt_id: int,
    question_ids: list[str],
    seed: int,
    pace: float,
    connected: threading.Barrier,
    go: threading.Event,
    out: dict[str, Any],
    lock: threading.Lock,
) -> None:
    """One simulated PC: its own engine and connection, answering at its own pace."""
    rng = random.Random(seed)
    db = Database(url, make_engine(url))
    mine: list[float] = []
    written: list[tuple[int, str, str]] = []
    try:
        with db.engine.connect():
            pass  # the connection is made before timing starts, as a PC signed in would have
        connected.wait(timeout=READY_TIMEOUT)
        go.wait(timeout=READY_TIMEOUT)
        if pace:
            time.sleep(rng.uniform(0, pace))
        for qid in question_ids:
            choice = rng.choice("abcd")
            for attempt_no in range(RETRIES):
                started = time.perf_counter()
                try:
                    attempts.record_answer(db, attempt_id, qid, [choice])
                except DatabaseUnavailable as exc:
                    if attempt_no == RETRIES - 1:
                        with lock:
                            out["errors"].append(f"{attempt_id}/{qid}: {exc.message}")
                    time.sleep(0.2 * (attempt_no + 1))
                    continue
                mine.append((time.perf_counter() - started) * 1000)
                written.append((attempt_id, qid, choice))
                break
            if pace:
                time.sleep(pace * rng.uniform(0.5, 1.5))
    except Exception as exc:  # a simulated PC failing is a finding, not a crash
        with lock:
            out["errors"].append(f"{attempt_id}: {exc!r}")
    finally:
        db.dispose()
        with lock:
            out["latencies"].extend(mine)
            out["written"].extend(written)


def _worker(
    index: int,
    url: str,
    plan: Plan,
    seeds: list[int],
    pace: float,
    ready: Any,
    start: Any,
    results: Any,
) -> None:
    """A worker process: its candidates connect, report ready, wait for the start, answer."""
    out: dict[str, Any] = {"latencies": [], "written": [], "errors": []}
    lock = threading.Lock()
    connected = threading.Barrier(len(plan) + 1)
    go = threading.Event()
    threads = [
        threading.Thread(
            target=_candidate,
            args=(url, aid, qids, seed, pace, connected, go, out, lock),
            daemon=True,
        )
        for (aid, qids), seed in zip(plan, seeds, strict=True)
    ]
    try:
        for thread in threads:
            thread.start()
        try:
            connected.wait(timeout=READY_TIMEOUT)
        except threading.BrokenBarrierError:
            out["errors"].append(f"worker {index}: candidates could not connect in time")
        ready.put(index)
        start.wait(timeout=READY_TIMEOUT)
        go.set()
        for thread in threads:
            thread.join()
    finally:
        results.put((index, out["written"], out["latencies"], out["errors"]))


def _run_workers(
    url: str, plan: Plan, pace: float, count: int
) -> tuple[dict[tuple[int, str], str], list[float], list[str]]:
    """Spread the candidates over ``count`` processes; gather what each wrote and its timings."""
    ctx = mp.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    start = ctx.Event()
    chunks = [list(range(i, len(plan), count)) for i in range(count)]
    processes = [
        ctx.Process(
            target=_worker,
            args=(n, url, [plan[i] for i in chunk], chunk, pace, ready, start, results),
            daemon=True,
        )
        for n, chunk in enumerate(chunks)
    ]
    expected: dict[tuple[int, str], str] = {}
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
                _index, written, times, found = results.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    errors.append(f"{len(processes) - gathered} worker(s) died without results")
                    break
                continue
            gathered += 1
            for aid, qid, choice in written:
                expected[(aid, qid)] = choice
            latencies.extend(times)
            errors.extend(found)
        for process in processes:
            process.join(timeout=10)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
    return expected, latencies, errors


def _cleanup(db: Database, attempt_ids: list[int]) -> None:
    with db.session() as session:
        learner_ids = list(
            session.exec(select(Attempt.learner_id).where(col(Attempt.id).in_(attempt_ids))).all()
        )
        session.exec(delete(Answer).where(col(Answer.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        session.exec(delete(AttemptSeal).where(col(AttemptSeal.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        session.exec(delete(Attempt).where(col(Attempt.id).in_(attempt_ids)))  # type: ignore[call-overload]
        session.exec(delete(Learner).where(col(Learner.id).in_(learner_ids)))  # type: ignore[call-overload]


def run_room_check(
    url: str,
    candidates: int,
    questions: int,
    *,
    pace: float = 0.0,
    workers: int | None = None,
    keep: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RoomCheckResult:
    """Run the simulated room and verify every answer against what the database holds."""
    if candidates < 1 or questions < 1:
        raise UserError(
            "Số thí sinh và số câu phải lớn hơn 0 / Candidates and questions must be at least 1"
        )
    say = progress or (lambda _text: None)
    count = default_workers(candidates) if workers is None else max(1, min(workers, candidates))
    main_db = open_database(url)
    try:
        plan = _prepare(main_db, candidates, questions)
        say(
            f"{candidates} candidates × {questions} questions in {count} processes, "
            f"{'full speed' if not pace else f'one answer every ~{pace:g} s'} "
            f"→ {url.split('@')[-1]}"
        )
        started = time.perf_counter()
        expected, latencies, errors = _run_workers(url, plan, pace, count)
        elapsed = time.perf_counter() - started
        attempt_ids = [aid for aid, _ in plan]
        with main_db.session() as session:
            stored = {
                (a.attempt_id, a.question_id): json.loads(a.selected_json)
                for a in session.exec(
                    select(Answer).where(col(Answer.attempt_id).in_(attempt_ids))
                ).all()
            }
        written = sum(
            1
            for aid, qids in plan
            for qid in qids
            if (aid, qid) in expected and stored.get((aid, qid)) == [expected[(aid, qid)]]
        )
        total = candidates * questions
        if not keep:
            _cleanup(main_db, attempt_ids)
        return RoomCheckResult(
            written=written,
            lost=total - written,
            latencies_ms=latencies,
            errors=errors,
            workers=count,
            pace=pace,
            seconds=elapsed,
        )
    finally:
        main_db.dispose()
