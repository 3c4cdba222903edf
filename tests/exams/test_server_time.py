"""A candidate PC's deadline follows the server's clock, not its own."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.server_time import OffsetClock, room_clock, server_offset

from .helpers import make_exam


def test_offset_clock_and_sqlite_has_no_offset(db) -> None:
    clock = FixedClock()
    assert server_offset(db, clock) == timedelta(0)
    assert room_clock(db, clock) is clock
    moved = OffsetClock(clock, timedelta(minutes=-7))
    assert moved.now() == clock.now() - timedelta(minutes=7)
    clock.advance(60)
    assert moved.now() == clock.now() - timedelta(minutes=7)


@pytest.mark.postgres
def test_server_time_sets_the_deadline_whatever_the_pc_clock(
    postgres_url: str, sample_content, tmp_path: Path
) -> None:
    """A PC whose clock is 2 hours ahead still gets the server's deadline."""
    from ethics_trainer.clock import SYSTEM_CLOCK
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        setup = make_exam(db, sample_content, SYSTEM_CLOCK)
        wrong = OffsetClock(SYSTEM_CLOCK, timedelta(hours=2))
        offset = server_offset(db, wrong)
        assert abs(offset + timedelta(hours=2)) < timedelta(seconds=5)
        clock = room_clock(db, wrong)
        client = CandidateClient(
            db, setup.candidates[0].id, "pc-1", AnswerJournal.in_folder(tmp_path), clock=clock
        )
        client.check_in(setup.session.code)
        state = client.start(setup.library)
        expected = SYSTEM_CLOCK.now() + timedelta(minutes=20)
        assert abs(state.deadline - expected) < timedelta(seconds=5)
        assert 19 * 60 < client.time_left(state) <= 20 * 60
    finally:
        db.dispose()
