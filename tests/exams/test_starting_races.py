"""Check-in and start races: two PCs, one name, one attempt; a crash while starting leaves nothing behind."""

from __future__ import annotations

import time

import pytest

from ethics_trainer.clock import FixedClock

from .helpers import make_exam


def test_two_pcs_picking_the_same_name_at_once_admit_only_one(
    db, sample_content, monkeypatch
) -> None:
    """PC 1 reads the candidate (no PC yet); PC 2 checks in before PC 1 writes."""
    from ethics_trainer.exams import candidate_guard, checkin, live_roster

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    real = checkin.load_candidate
    raced = []

    def candidate_then_race(session, candidate_id):
        found = real(session, candidate_id)
        if not raced:
            raced.append(True)
            checkin.check_in(db, cid, setup.session.code, "pc-2", clock=clock)
        return found

    monkeypatch.setattr(checkin, "load_candidate", candidate_then_race)
    with pytest.raises(candidate_guard.MoveNeedsApproval):
        checkin.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    row = live_roster.roster(db, setup.session.id)[0]
    assert row.machine == "pc-2" and row.move_to == "pc-1"


def _attempt_count(db) -> int:
    from sqlmodel import func, select

    from ethics_trainer.storage.models import Attempt

    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(Attempt)).one())


def test_a_crash_while_starting_leaves_no_orphan_attempt(db, sample_content, monkeypatch) -> None:
    from ethics_trainer.exams import checkin, events, exam_start, live_roster

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    checkin.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    real = events.log_event

    def crash_on_start(session, session_id, kind, *args, **kwargs):
        if kind == "started":
            raise RuntimeError("power cut")
        return real(session, session_id, kind, *args, **kwargs)

    monkeypatch.setattr(events, "log_event", crash_on_start)
    with pytest.raises(RuntimeError):
        exam_start.start_exam(db, setup.library, cid, "pc-1", clock=clock)
    assert _attempt_count(db) == 0
    assert live_roster.roster(db, setup.session.id)[0].attempt_id is None
    monkeypatch.setattr(events, "log_event", real)
    state = exam_start.start_exam(db, setup.library, cid, "pc-1", clock=clock)
    assert live_roster.roster(db, setup.session.id)[0].attempt_id == state.id
    assert _attempt_count(db) == 1


def _double_start(db, sample_content, monkeypatch) -> tuple[list[object], object, int]:
    import threading

    from ethics_trainer.exams import checkin, definitions, exam_start, live_roster

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    checkin.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    real = definitions.build_snapshot

    def slow_snapshot(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(definitions, "build_snapshot", slow_snapshot)
    results: list[object] = []

    def start() -> None:
        try:
            results.append(exam_start.start_exam(db, setup.library, cid, "pc-1", clock=clock).id)
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    linked = live_roster.roster(db, setup.session.id)[0].attempt_id
    return results, linked, _attempt_count(db)


def test_two_starts_at_once_give_one_attempt(db, sample_content, monkeypatch) -> None:
    results, linked, count = _double_start(db, sample_content, monkeypatch)
    assert results == [linked, linked] and count == 1


@pytest.mark.postgres
def test_two_starts_at_once_give_one_attempt_on_postgres(
    postgres_url: str, sample_content, monkeypatch
) -> None:
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        results, linked, count = _double_start(db, sample_content, monkeypatch)
    finally:
        db.dispose()
    assert results == [linked, linked] and count == 1
