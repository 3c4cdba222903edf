"""The simulated PCs of a room check: worker processes answering as a room of candidates.

Why cheap: the simulated PCs share the machine with the server, so their own CPU must not set
the tail latency. On PostgreSQL each worker process (one per core) runs its candidates as
asyncio tasks, each with its own connection, sending the product's own statement and
parameters; on SQLite, threads call the product's answer function. Every answer goes to the
worker's journal (:mod:`ethics_trainer.exams.room_journal`) before it is sent, and is timed
apart from the simulator's own delays (:mod:`ethics_trainer.exams.room_timing`).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import queue
import random
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.exams import answer_write, exam_answers
from ethics_trainer.exams.room_journal import Journal
from ethics_trainer.exams.room_seats import Seat, room_snapshot
from ethics_trainer.exams.room_timing import AnswerTimes, ReplyClock, WorkerLoad
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database, make_engine, pooled_url

READY_TIMEOUT = 120.0  # seconds for the workers to start and connect (spawn imports the app)


def default_workers(candidates: int) -> int:
    """One process per core, at least two, never more than candidates."""
    return max(1, min(candidates, max(2, os.cpu_count() or 2)))


def conninfo(url: str) -> str:
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
    clock: ReplyClock,
) -> None:
    """One PC on PostgreSQL: its own connection, the product's statement, its own pace."""
    import psycopg

    rng = random.Random(seed)
    conn: psycopg.AsyncConnection[Any] | None = None

    async def connect() -> psycopg.AsyncConnection[Any]:
        made = await psycopg.AsyncConnection.connect(conninfo, autocommit=True, connect_timeout=5)
        made.prepare_threshold = answer_write.PREPARE_AT if prepare else None  # as the app's
        return made

    try:
        conn = await connect()
    except psycopg.Error as exc:
        out["errors"].append(f"{seat.candidate_id}: {exc}")
    out["connected"] += 1
    if out["connected"] == out["seats"]:
        connected.set()
    # the product's parameters of every (question, choice), made before the start: only the
    # time changes per answer (less Python per answer, so the simulator is not the tail)
    planned = {
        (qid, choice): answer_write.answer_params(
            target, seat.candidate_id, seat.machine, qid, [choice], SYSTEM_CLOCK.now()
        )
        for qid in qids
        for choice in "abcd"
    }
    times: AnswerTimes = out["times"]
    await go.wait()
    due = out["go_at"] + (rng.uniform(0, pace) if pace else 0.0)
    if pace:
        await asyncio.sleep(due - time.perf_counter())
    for qid in qids:
        choice = rng.choice("abcd")
        base = planned[qid, choice]
        if base is None:  # never: the room's attempts hold every question
            out["errors"].append(f"{seat.candidate_id}/{qid}: not in the attempt")
            continue
        params = {**base, "now": SYSTEM_CLOCK.now()}
        journal.sent(seat, qid, choice)
        try:
            if conn is None or conn.closed:
                conn = await connect()
            sock = conn.pgconn.socket
            sent = time.perf_counter()
            cursor = await conn.execute(answer_write.ANSWER_SQL, params)
            row = await cursor.fetchone()
            handled = time.perf_counter()
        except psycopg.Error as exc:  # kept in the journal; replayed after the run
            out["errors"].append(f"{seat.candidate_id}/{qid}: {str(exc).strip()[:120]}")
            if conn is not None:
                await conn.close()
            conn = None
            due = time.perf_counter()
        else:
            seen = clock.reply_seen(sock, sent, handled)
            if row is not None:
                journal.confirmed(seat, qid, choice)
                times.add(due, sent, seen, handled)
            else:
                out["errors"].append(f"{seat.candidate_id}/{qid}: refused by the server")
            due = seen  # with no pause, the candidate answers again as the reply comes
        if pace:
            due = time.perf_counter() + pace * rng.uniform(0.5, 1.5)
            await asyncio.sleep(due - time.perf_counter())
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
    clock: ReplyClock,
) -> None:
    connected, go = asyncio.Event(), asyncio.Event()
    out.update(connected=0, seats=len(seats))
    tasks = [
        asyncio.create_task(
            _async_candidate(
                conninfo(url),
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
                clock,
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
    load: WorkerLoad = out["load"]
    cpu, out["go_at"] = time.process_time(), time.perf_counter()
    go.set()
    lag = asyncio.create_task(_loop_lag(out.setdefault("lag", [])))
    await asyncio.gather(*tasks)
    lag.cancel()
    load.cpu_seconds = time.process_time() - cpu
    load.wall_seconds = time.perf_counter() - out["go_at"]


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
    due = time.perf_counter() + (rng.uniform(0, pace) if pace else 0.0)
    if pace:
        time.sleep(max(0.0, due - time.perf_counter()))
    for qid in qids:
        choice = rng.choice("abcd")
        with lock:
            journal.sent(seat, qid, choice)
        sent = time.perf_counter()
        try:
            exam_answers.save_answer(db, seat.candidate_id, seat.machine, qid, [choice])
        except (DatabaseUnavailable, UserError) as exc:
            with lock:
                out["errors"].append(f"{seat.candidate_id}/{qid}: {exc.message}")
        else:
            done = time.perf_counter()  # no network: the call returning is the reply
            with lock:
                journal.confirmed(seat, qid, choice)
                out["times"].add(due, sent, done, done)
        due = time.perf_counter()
        if pace:
            due += pace * rng.uniform(0.5, 1.5)
            time.sleep(max(0.0, due - time.perf_counter()))


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
    out: dict[str, Any] = {
        "times": AnswerTimes(),
        "errors": [],
        "lag": [],
        "load": WorkerLoad(),
    }
    journal = Journal(Path(journal_path))
    try:
        if url.startswith("postgresql"):
            keys = answer_write.keys_of(room_snapshot(len(qids)))
            clock = ReplyClock()
            with asyncio.Runner(loop_factory=lambda: asyncio.SelectorEventLoop(clock)) as runner:
                runner.run(
                    _async_worker(
                        url,
                        prepare,
                        seats,
                        seeds,
                        keys,
                        qids,
                        pace,
                        journal,
                        ready,
                        index,
                        start,
                        out,
                        clock,
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
            cpu, began = time.process_time(), time.perf_counter()
            go.set()
            for thread in threads:
                thread.join()
            out["load"] = WorkerLoad(time.process_time() - cpu, time.perf_counter() - began)
            db.dispose()
    except Exception as exc:  # a simulated PC failing is a finding, not a crash
        out["errors"].append(f"worker {index}: {exc!r}")
    finally:
        journal.close()
        results.put((index, out["times"], out["errors"], out["lag"], out["load"]))


def run_workers(
    url: str,
    seats: list[Seat],
    qids: list[str],
    pace: float,
    count: int,
    folder: Path,
    prepare: bool = True,
) -> tuple[AnswerTimes, list[str], list[float], list[WorkerLoad]]:
    """Spread the candidates over ``count`` processes; gather their answers' times, errors,
    event-loop lags (ms) and CPU loads."""
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
    times = AnswerTimes()
    errors: list[str] = []
    lag: list[float] = []
    loads: list[WorkerLoad] = []
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
                _index, found_times, found, late, load = results.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    errors.append(
                        tr("delivery.room_check.workers_died", count=len(processes) - gathered)
                    )
                    break
                continue
            gathered += 1
            times.extend(found_times)
            errors.extend(found)
            lag.extend(late)
            loads.append(load)
        for process in processes:
            process.join(timeout=10)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
    return times, errors, lag, loads
