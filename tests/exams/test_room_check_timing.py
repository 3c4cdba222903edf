"""The room check's accounting: the candidate's latency (sent → reply seen) apart from the
simulator's own delays (reply waiting in a busy worker, falling behind its schedule, its CPU)."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from ethics_trainer.exams.room_timing import AnswerTimes, ReplyClock


def test_the_loop_notes_when_a_reply_arrived_not_when_it_was_handled() -> None:
    """A reply that waits behind other work in the loop keeps the moment the loop saw it."""
    clock = ReplyClock()
    loop = asyncio.SelectorEventLoop(clock)
    ours, server = socket.socketpair()
    try:
        ours.setblocking(False)
        handled: list[float] = []

        async def run() -> None:
            got = loop.create_future()
            loop.add_reader(ours.fileno(), lambda: got.done() or got.set_result(None))
            sent = time.perf_counter()
            server.send(b"reply")
            await got
            # the PC is busy with another candidate's answer before it reads this reply
            busy_until = time.perf_counter() + 0.05
            while time.perf_counter() < busy_until:
                pass
            loop.remove_reader(ours.fileno())
            ours.recv(16)
            handled.extend([sent, time.perf_counter()])

        loop.run_until_complete(run())
        sent, done = handled
        seen = clock.reply_seen(ours.fileno(), sent, done)
        assert sent <= seen < done - 0.04  # the busy 50 ms are the simulator's, not the reply's
        # nothing readable since ``later``: the conservative moment, when it was handled
        later = time.perf_counter()
        assert clock.reply_seen(ours.fileno(), later, later + 1) == later + 1
        assert clock.reply_seen(12345, sent, done) == done  # a socket never seen
    finally:
        loop.close()
        ours.close()
        server.close()


def test_answer_times_split_each_answer() -> None:
    times = AnswerTimes()
    times.add(due=10.000, sent=10.020, seen=10.050, handled=10.110)
    times.add(due=11.000, sent=10.990, seen=11.000, handled=11.000)  # sent before it was due
    assert times.reply == pytest.approx([30.0, 10.0])
    assert times.handled == pytest.approx([90.0, 10.0])
    assert times.waited == pytest.approx([60.0, 0.0])
    assert times.behind == pytest.approx([20.0, 0.0])
    other = AnswerTimes()
    other.extend(times)
    assert other == times


@pytest.mark.postgres
def test_room_check_reports_the_simulator_apart(postgres_url: str) -> None:
    """Every confirmed answer has its four moments; each worker its CPU over its time."""
    from ethics_trainer.exams.room_check import run_room_check

    result = run_room_check(postgres_url, 6, 5, pace=0.02, workers=2)
    assert (result.written, result.lost) == (30, 0) and not result.errors
    times = result.times
    assert result.latencies_ms == times.reply
    assert len(times.reply) == len(times.handled) == len(times.waited) == len(times.behind) == 30
    assert all(r <= h + 1e-9 for r, h in zip(times.reply, times.handled, strict=True))
    assert all(w >= 0 and b >= 0 for w, b in zip(times.waited, times.behind, strict=True))
    assert len(result.loads) == 2
    assert all(load.wall_seconds > 0 and load.cpu_seconds > 0 for load in result.loads)
    line = result.simulator_line()
    assert "behind its schedule p99" in line and "CPU of a core per worker" in line


def test_sqlite_room_check_times_its_answers_too(db_url: str) -> None:
    from ethics_trainer.exams.room_check import run_room_check

    result = run_room_check(db_url, 3, 2, workers=1)
    assert (result.written, result.lost) == (6, 0)
    assert len(result.times.reply) == len(result.times.behind) == 6
    assert result.times.waited == [0.0] * 6  # no network: the call returning is the reply
    assert len(result.loads) == 1
