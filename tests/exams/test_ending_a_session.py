"""Ending a session: closed before submitting, never left open by one failed submission, and the candidate screen stops answering."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.clock import FixedClock

from .helpers import make_exam


def test_ending_closes_the_session_before_submitting(db, sample_content, monkeypatch) -> None:
    """A candidate starting while the end submits the others is refused, not left open."""
    from ethics_trainer.exams import (
        candidate_guard,
        checkin,
        exam_start,
        live_roster,
        session_end,
    )
    from ethics_trainer.services import attempts

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    an, binh = setup.candidates[0].id, setup.candidates[1].id
    checkin.check_in(db, an, setup.session.code, "pc-1", clock=clock)
    exam_start.start_exam(db, setup.library, an, "pc-1", clock=clock)
    checkin.check_in(db, binh, setup.session.code, "pc-2", clock=clock)
    real = attempts.submit_attempt
    late: list[object] = []

    def submit_while_binh_starts(*args, **kwargs):
        try:
            late.append(exam_start.start_exam(db, setup.library, binh, "pc-2", clock=clock))
        except candidate_guard.SessionEnded as error:
            late.append(error)
        return real(*args, **kwargs)

    monkeypatch.setattr(attempts, "submit_attempt", submit_while_binh_starts)
    assert session_end.end_session(db, setup.session.id, clock=clock) == 1
    assert len(late) == 1 and isinstance(late[0], candidate_guard.SessionEnded)
    statuses = {r.id: r.status for r in live_roster.roster(db, setup.session.id)}
    assert statuses[an] == live_roster.STATUS_SUBMITTED
    assert statuses[binh] == live_roster.STATUS_CHECKED_IN


def test_one_failed_submission_does_not_keep_the_session_open(
    db, sample_content, monkeypatch
) -> None:
    from ethics_trainer.exams import (
        checkin,
        events,
        exam_start,
        live_roster,
        session_end,
        sessions,
    )
    from ethics_trainer.services import attempts

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    ids = [c.id for c in setup.candidates]
    for n, cid in enumerate(ids):
        checkin.check_in(db, cid, setup.session.code, f"pc-{n}", clock=clock)
        exam_start.start_exam(db, setup.library, cid, f"pc-{n}", clock=clock)
    first_attempt = live_roster.roster(db, setup.session.id)[0].attempt_id
    real = attempts.submit_attempt

    def fail_first(database, attempt_id, *args, **kwargs):
        if attempt_id == first_attempt:
            raise RuntimeError("disk full")
        return real(database, attempt_id, *args, **kwargs)

    monkeypatch.setattr(attempts, "submit_attempt", fail_first)
    assert session_end.end_session(db, setup.session.id, clock=clock) == 2
    assert sessions.get_session(db, setup.session.id).ended
    rows = live_roster.roster(db, setup.session.id)
    assert [r.status for r in rows].count(live_roster.STATUS_SUBMITTED) == 2
    kinds = [e for e in events.list_events(db, setup.session.id)]
    failed = [e for e in kinds if e.kind == "end_submit_failed"]
    assert len(failed) == 1 and "disk full" in failed[0].describe()
    assert [e.kind for e in kinds].count("ended") == 1
    # ending again submits what is left, and the minutes say "ended" once
    monkeypatch.setattr(attempts, "submit_attempt", real)
    assert session_end.end_session(db, setup.session.id, clock=clock) == 1
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    assert kinds.count("ended") == 1 and kinds.count("submitted") == 3


def test_candidate_screen_stops_answering_when_the_session_ends(
    db, sample_content, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """Ended while this attempt is still open (its submission failed): no more answers."""
    from PySide6.QtCore import Qt

    from ethics_trainer.exams import (
        session_end,
    )
    from ethics_trainer.services import attempts
    from ethics_trainer.ui.exams.candidate import CandidateWindow

    from .helpers import correct_keys

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    window = CandidateWindow(db, setup.library, tmp_path / "pc-1", clock=clock, machine="pc-1")
    qtbot.addWidget(window)
    window.allow_close()
    with qtbot.waitSignal(window.tasks.idle, timeout=5000):
        window.sign_in_page.reload_names()
    window.names.setCurrentIndex(window.names.findText("Nguyễn", Qt.MatchFlag.MatchStartsWith))
    window.code.setText(setup.session.code)
    with qtbot.waitSignal(window.exam_started, timeout=5000):
        window.sign_in_page.sign_in()
    assert window.tick.isActive() and window.option_buttons[0].isEnabled()

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(attempts, "submit_attempt", fail)
    assert session_end.end_session(db, setup.session.id, clock=clock) == 0
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
