"""Reviewer's findings: ending a session, starting, check-in races, server time, the seal key,
and translated messages."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from ethics_trainer.clock import SYSTEM_CLOCK, FixedClock
from ethics_trainer.errors import DatabaseUnavailable
from ethics_trainer.exams.client import CandidateClient, FlushResult
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.server_time import server_offset
from ethics_trainer.i18n import current_language, set_language, tr

from .helpers import make_exam


@pytest.fixture
def english():
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_submit_with_pending_answers_says_so_in_the_current_language(
    db, sample_content, tmp_path: Path, english, monkeypatch
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    client = CandidateClient(
        db, setup.candidates[0].id, "pc-1", AnswerJournal.in_folder(tmp_path), clock=clock
    )
    monkeypatch.setattr(client, "flush", lambda: FlushResult(pending=1, online=False))
    with pytest.raises(DatabaseUnavailable) as caught:
        client.submit()
    assert caught.value.message == tr("errors.database_unreachable")
    assert "Không" not in str(caught.value)


@pytest.mark.postgres
def test_server_offset_does_not_count_a_slow_connect(postgres_url: str) -> None:
    """Checking a connection out of the pool takes 2 s: the offset stays about zero."""
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:

        def slow_checkout(*_args: object) -> None:
            time.sleep(2)

        event.listen(db.engine, "checkout", slow_checkout)
        assert server_offset(db, SYSTEM_CLOCK) == timedelta(0)
    finally:
        db.dispose()


def test_an_empty_or_cut_off_key_file_is_refused(tmp_path: Path) -> None:
    """A key file created but never written (the process died) must not become a new key."""
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import integrity

    path = tmp_path / integrity.KEY_FILE_NAME
    path.write_text("", encoding="ascii")
    with pytest.raises(UserError):
        integrity.load_signer(tmp_path)
    path.write_text("-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n", encoding="ascii")
    with pytest.raises(UserError):
        integrity.load_signer(tmp_path)


def test_a_new_key_file_is_complete_and_kept(tmp_path: Path) -> None:
    from ethics_trainer.exams import integrity

    signer = integrity.load_signer(tmp_path)
    assert signer is not None and len(signer.public) == 32
    integrity._signers.clear()
    again = integrity.load_signer(tmp_path, create=False)
    assert again is not None and again.public == signer.public
    assert sorted(p.name for p in tmp_path.iterdir()) == [integrity.KEY_FILE_NAME]


def test_two_pcs_picking_the_same_name_at_once_admit_only_one(
    db, sample_content, monkeypatch
) -> None:
    """PC 1 reads the candidate (no PC yet); PC 2 checks in before PC 1 writes."""
    from ethics_trainer.exams import sessions

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    real = sessions._candidate
    raced = []

    def candidate_then_race(session, candidate_id):
        found = real(session, candidate_id)
        if not raced:
            raced.append(True)
            sessions.check_in(db, cid, setup.session.code, "pc-2", clock=clock)
        return found

    monkeypatch.setattr(sessions, "_candidate", candidate_then_race)
    with pytest.raises(sessions.MoveNeedsApproval):
        sessions.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    row = sessions.roster(db, setup.session.id)[0]
    assert row.machine == "pc-2" and row.move_to == "pc-1"


def _attempt_count(db) -> int:
    from sqlmodel import func, select

    from ethics_trainer.storage.models import Attempt

    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(Attempt)).one())


def test_a_crash_while_starting_leaves_no_orphan_attempt(db, sample_content, monkeypatch) -> None:
    from ethics_trainer.exams import sessions

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    sessions.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    real = sessions.log_event

    def crash_on_start(session, session_id, kind, *args, **kwargs):
        if kind == "started":
            raise RuntimeError("power cut")
        return real(session, session_id, kind, *args, **kwargs)

    monkeypatch.setattr(sessions, "log_event", crash_on_start)
    with pytest.raises(RuntimeError):
        sessions.start_exam(db, setup.library, cid, "pc-1", clock=clock)
    assert _attempt_count(db) == 0
    assert sessions.roster(db, setup.session.id)[0].attempt_id is None
    monkeypatch.setattr(sessions, "log_event", real)
    state = sessions.start_exam(db, setup.library, cid, "pc-1", clock=clock)
    assert sessions.roster(db, setup.session.id)[0].attempt_id == state.id
    assert _attempt_count(db) == 1


def _double_start(db, sample_content, monkeypatch) -> tuple[list[object], object, int]:
    import threading

    from ethics_trainer.exams import definitions, sessions

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    sessions.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    real = definitions.build_snapshot

    def slow_snapshot(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(definitions, "build_snapshot", slow_snapshot)
    results: list[object] = []

    def start() -> None:
        try:
            results.append(sessions.start_exam(db, setup.library, cid, "pc-1", clock=clock).id)
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    linked = sessions.roster(db, setup.session.id)[0].attempt_id
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


def test_ending_closes_the_session_before_submitting(db, sample_content, monkeypatch) -> None:
    """A candidate starting while the end submits the others is refused, not left open."""
    from ethics_trainer.exams import sessions
    from ethics_trainer.services import attempts

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    an, binh = setup.candidates[0].id, setup.candidates[1].id
    sessions.check_in(db, an, setup.session.code, "pc-1", clock=clock)
    sessions.start_exam(db, setup.library, an, "pc-1", clock=clock)
    sessions.check_in(db, binh, setup.session.code, "pc-2", clock=clock)
    real = attempts.submit_attempt
    late: list[object] = []

    def submit_while_binh_starts(*args, **kwargs):
        try:
            late.append(sessions.start_exam(db, setup.library, binh, "pc-2", clock=clock))
        except sessions.SessionEnded as error:
            late.append(error)
        return real(*args, **kwargs)

    monkeypatch.setattr(attempts, "submit_attempt", submit_while_binh_starts)
    assert sessions.end_session(db, setup.session.id, clock=clock) == 1
    assert len(late) == 1 and isinstance(late[0], sessions.SessionEnded)
    statuses = {r.id: r.status for r in sessions.roster(db, setup.session.id)}
    assert statuses[an] == sessions.STATUS_SUBMITTED
    assert statuses[binh] == sessions.STATUS_CHECKED_IN


def test_one_failed_submission_does_not_keep_the_session_open(
    db, sample_content, monkeypatch
) -> None:
    from ethics_trainer.exams import events, sessions
    from ethics_trainer.services import attempts

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    ids = [c.id for c in setup.candidates]
    for n, cid in enumerate(ids):
        sessions.check_in(db, cid, setup.session.code, f"pc-{n}", clock=clock)
        sessions.start_exam(db, setup.library, cid, f"pc-{n}", clock=clock)
    first_attempt = sessions.roster(db, setup.session.id)[0].attempt_id
    real = attempts.submit_attempt

    def fail_first(database, attempt_id, *args, **kwargs):
        if attempt_id == first_attempt:
            raise RuntimeError("disk full")
        return real(database, attempt_id, *args, **kwargs)

    monkeypatch.setattr(attempts, "submit_attempt", fail_first)
    assert sessions.end_session(db, setup.session.id, clock=clock) == 2
    assert sessions.get_session(db, setup.session.id).ended
    rows = sessions.roster(db, setup.session.id)
    assert [r.status for r in rows].count(sessions.STATUS_SUBMITTED) == 2
    kinds = [e for e in events.list_events(db, setup.session.id)]
    failed = [e for e in kinds if e.kind == "end_submit_failed"]
    assert len(failed) == 1 and "disk full" in failed[0].describe()
    assert [e.kind for e in kinds].count("ended") == 1
    # ending again submits what is left, and the minutes say "ended" once
    monkeypatch.setattr(attempts, "submit_attempt", real)
    assert sessions.end_session(db, setup.session.id, clock=clock) == 1
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    assert kinds.count("ended") == 1 and kinds.count("submitted") == 3


def test_candidate_screen_stops_answering_when_the_session_ends(
    db, sample_content, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """Ended while this attempt is still open (its submission failed): no more answers."""
    from PySide6.QtCore import Qt

    from ethics_trainer.exams import sessions
    from ethics_trainer.services import attempts
    from ethics_trainer.ui.exams.candidate import CandidateWindow

    from .helpers import correct_keys

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    window = CandidateWindow(db, setup.library, tmp_path / "pc-1", clock=clock, machine="pc-1")
    qtbot.addWidget(window)
    window.allow_close()
    with qtbot.waitSignal(window.tasks.idle, timeout=5000):
        window.reload_names()
    window.names.setCurrentIndex(window.names.findText("Nguyễn", Qt.MatchFlag.MatchStartsWith))
    window.code.setText(setup.session.code)
    with qtbot.waitSignal(window.exam_started, timeout=5000):
        window.sign_in()
    assert window.tick.isActive() and window.option_buttons[0].isEnabled()

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(attempts, "submit_attempt", fail)
    assert sessions.end_session(db, setup.session.id, clock=clock) == 0
    with qtbot.waitSignal(window.tasks.idle, timeout=5000):
        window.refresh()
    assert window.session_ended and not window.ended_label.isHidden()
    assert not window.tick.isActive()
    assert not any(b.isEnabled() for b in window.option_buttons)
    assert not window.submit_button.isEnabled()
    assert window.client is not None
    kept = window.client.journal.count(window.client.candidate_id, "pending")
    window.choose(correct_keys(window.state.questions[0]))
    assert window.client.journal.count(window.client.candidate_id, "pending") == kept
