"""The exam core on SQLite: sessions, check-in, moves, extra time, locks, end, minutes, results."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import (
    candidate_guard,
    checkin,
    events,
    exam_answers,
    exam_start,
    live_roster,
    proctor_actions,
    results,
    session_end,
    sessions,
    submission,
)
from ethics_trainer.exams.minutes_export import export_minutes_pdf, export_minutes_xlsx

from .candidate_pc import started_on_pc
from .helpers import correct_keys, make_exam


def test_full_session_flow(db, sample_content: Path, tmp_path: Path) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    code = setup.session.code
    assert len(code) == 6 and next(c.full_name for c in setup.candidates) == "Nguyễn Văn An"
    an, binh, cuong = (c.id for c in setup.candidates)

    with pytest.raises(UserError):
        checkin.check_in(db, an, "WRONG1", "pc-1", clock=clock)
    checkin.check_in(db, an, code.lower(), "pc-1", clock=clock)
    checkin.check_in(db, binh, code, "pc-2", clock=clock)
    state = exam_start.start_exam(db, setup.library, an, "pc-1", clock=clock)
    assert len(state.questions) == 4 and state.deadline == clock.now() + __import__(
        "datetime"
    ).timedelta(minutes=20)
    for q in state.questions:
        clock.advance(5)
        exam_answers.record_answer(db, an, "pc-1", q.id, correct_keys(q), clock=clock)
    state_b = exam_start.start_exam(db, setup.library, binh, "pc-2", clock=clock)
    exam_answers.record_answer(db, binh, "pc-2", state_b.questions[0].id, ["zz"], clock=clock)

    # Bình's PC dies; another PC must wait for the proctor
    with pytest.raises(candidate_guard.MoveNeedsApproval):
        checkin.check_in(db, binh, code, "pc-9", clock=clock)
    with pytest.raises(candidate_guard.MoveNeedsApproval):
        exam_answers.record_answer(db, binh, "pc-9", state_b.questions[1].id, ["a"], clock=clock)
    checkin.approve_move(db, binh, clock=clock)
    checkin.check_in(db, binh, code, "pc-9", clock=clock)
    again = exam_start.start_exam(db, setup.library, binh, "pc-9", clock=clock)
    assert again.id == state_b.id and again.deadline == state_b.deadline

    new_deadline = proctor_actions.grant_extra_time(db, binh, 5, reason="mất điện", clock=clock)
    assert new_deadline == state_b.deadline + __import__("datetime").timedelta(minutes=5)
    proctor_actions.set_locked(db, binh, True, clock=clock)
    with pytest.raises(candidate_guard.CandidateLocked):
        exam_answers.record_answer(db, binh, "pc-9", state_b.questions[1].id, ["a"], clock=clock)
    proctor_actions.set_locked(db, binh, False, clock=clock)
    # past the original deadline but inside the extra time: still accepted
    clock.advance(20 * 60)
    after = exam_answers.record_answer(
        db, binh, "pc-9", state_b.questions[1].id, ["a"], clock=clock
    )
    assert not after.finished

    done = submission.submit(db, an, "pc-1", clock=clock)
    assert done.score == 100.0 and done.passed
    proctor_actions.add_incident(
        db, setup.session.id, "Thí sinh Cường vắng mặt", candidate_id=cuong, clock=clock
    )
    assert session_end.end_session(db, setup.session.id, clock=clock) == 1
    rows = {r.full_name: r for r in live_roster.roster(db, setup.session.id)}
    assert rows["Trần Thị Bình"].submit_reason == "ended"
    assert rows["Lê Hoàng Cường"].status == live_roster.STATUS_REGISTERED
    with pytest.raises(candidate_guard.SessionEnded):
        checkin.check_in(db, cuong, code, "pc-3", clock=clock)

    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    for kind in (
        "opened",
        "roster",
        "checkin",
        "started",
        "move_requested",
        "move_approved",
        "extra_time",
        "locked",
        "unlocked",
        "submitted",
        "incident",
        "ended",
    ):
        assert kind in kinds, kind
    assert kinds.count("submitted") == 2

    res = results.session_results(db, setup.session.id)
    assert not res.flagged and sum(res.distribution) == 2
    assert {i.question_id for i in res.items} >= {q.id for q in state.questions}
    xlsx = results.export_results_xlsx(res, tmp_path / "kq.xlsx")
    book = load_workbook(xlsx)
    assert len(book.sheetnames) == 3
    pdf = export_minutes_pdf(db, setup.session.id, tmp_path / "bien-ban.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    minutes = load_workbook(export_minutes_xlsx(db, setup.session.id, tmp_path / "bb.xlsx"))
    text = " ".join(str(c.value) for row in minutes.active.iter_rows() for c in row if c.value)
    assert "Nguyễn Văn An" in text and "mất điện" in text


def test_attempts_allowed_is_enforced(db, sample_content: Path) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    an = setup.candidates[0].id
    checkin.check_in(db, an, setup.session.code, "pc-1", clock=clock)
    exam_start.start_exam(db, setup.library, an, "pc-1", clock=clock)
    submission.submit(db, an, "pc-1", clock=clock)
    second = sessions.open_session(db, setup.session.definition.id, room="P.302", clock=clock)
    from ethics_trainer.exams.roster import RosterRow

    sessions.add_roster(db, second.id, [RosterRow("Nguyễn Văn An", "HN001")], clock=clock)
    again = live_roster.roster(db, second.id)[0]
    assert again.learner_id == setup.candidates[0].learner_id
    checkin.check_in(db, again.id, second.code, "pc-1", clock=clock)
    with pytest.raises(UserError):
        exam_start.start_exam(db, setup.library, again.id, "pc-1", clock=clock)


def test_item_analysis_numbers() -> None:
    data = [
        (100.0, {"q1": 1.0, "q2": 1.0}),
        (50.0, {"q1": 1.0, "q2": 0.0}),
        (50.0, {"q1": 0.0, "q2": 1.0}),
        (0.0, {"q1": 0.0, "q2": 0.0}),
    ]
    items = {i.question_id: i for i in results.item_analysis(data, {})}
    assert items["q1"].p_correct == 0.5
    assert items["q1"].discrimination == 1.0
    assert items["q1"].point_biserial == pytest.approx(0.0)
    assert results.distribution([0, 9.9, 10, 99, 100]) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]


def test_journal_replays_after_a_crash_between_disk_and_server(
    db, sample_content, tmp_path
) -> None:
    """An answer on the PC's disk but not yet on the server is written on the next start."""
    from ethics_trainer.exams.client import CandidateClient
    from ethics_trainer.exams.journal import AnswerJournal
    from ethics_trainer.services import attempts

    clock = FixedClock()
    pc = started_on_pc(db, sample_content, clock, tmp_path / "pc")
    setup, cid, journal, state = pc.setup, pc.candidate_id, pc.journal, pc.state
    question = state.questions[0]
    # the process died right after the journal append
    journal.append(cid, "pc-1", "answer", question.id, correct_keys(question), clock.now())
    journal.close()
    clock.advance(60)
    reopened = CandidateClient(
        db, cid, "pc-1", AnswerJournal.in_folder(tmp_path / "pc"), clock=clock
    )
    again = reopened.start(setup.library)
    assert again.id == state.id and again.deadline == state.deadline
    stored = attempts.get_attempt(db, state.id).answers[question.id]
    assert list(stored.selected) == sorted(correct_keys(question))
    assert reopened.journal.count(cid) == 0


def test_timeout_noticed_elsewhere_still_reaches_the_minutes(db, sample_content) -> None:
    from ethics_trainer.services import attempts

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    checkin.check_in(db, cid, setup.session.code, "pc-1", clock=clock)
    exam_start.start_exam(db, setup.library, cid, "pc-1", clock=clock)
    clock.advance(3600)
    # A learner PC on the same server sweeps only self-study quizzes: exams are the room's.
    assert attempts.finalize_expired(db, clock=clock) == []
    # Submitted elsewhere all the same (e.g. an explicit sweep), it reaches the minutes once.
    assert attempts.finalize_expired(db, kinds=(attempts.KIND_EXAM,), clock=clock)
    submission.finalize_session_expired(db, setup.session.id, clock=clock)
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    assert kinds.count("submitted") == 1


def test_room_check_exits_1_when_anything_is_lost(monkeypatch, capsys) -> None:
    from ethics_trainer.cli.main import main
    from ethics_trainer.exams import room_check

    def fake(*_a, **kw):  # the contract of the command, not the simulation
        assert kw["workers"] == 2 and kw["pace"] == 1.5
        return room_check.RoomCheckResult(written=9, lost=1, latencies_ms=[3.0, 12.0])

    monkeypatch.setattr(room_check, "run_room_check", fake)
    argv = ["room-check", "--database", "sqlite:///x.db", "--workers", "2", "--pace", "1.5"]
    code = main(["--lang", "en", *argv])  # the English line is the contract
    assert code == 1
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "written 9, lost 1, p50 3.0 ms, p99 12.0 ms"
    )
