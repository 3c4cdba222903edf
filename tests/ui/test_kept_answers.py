"""The candidate PC shows the server's answers overlaid with those it kept and the server has
not shown back; once a sync reports a journal entry written (or refused), the server's view
counts again."""

from __future__ import annotations

from datetime import UTC, datetime

from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.quiz.state import AnswerState, AttemptState
from ethics_trainer.ui.exams.kept_answers import KeptAnswers


def _question(qid: str) -> QuestionSnapshot:
    return QuestionSnapshot(qid, qid, "", "single", "", "", "", ())


def _state(answers: dict[str, AnswerState]) -> AttemptState:
    return AttemptState(
        id=1,
        learner_id=1,
        course_id="mau",
        lesson_id="",
        kind="exam",
        questions=[_question("q1"), _question("q2"), _question("q3")],
        answers=answers,
        started_at=datetime(2026, 11, 24, 8, tzinfo=UTC),
        deadline=None,
        submitted_at=None,
        pass_percent=60,
    )


def test_kept_answers_show_until_the_server_has_them() -> None:
    server = _state({"q1": AnswerState(("a",)), "q2": AnswerState((), flagged=True)})
    kept = KeptAnswers()
    assert kept.marks(server) == [(True, False), (False, True), (False, False)]
    kept.keep_answer("q1", 7, ("b",))  # changed on this PC, not yet written
    kept.keep_answer("q3", 8, ("c",))
    kept.keep_flag("q2", 9, False)
    assert kept.answers(server) == {"q1": ("b",), "q2": (), "q3": ("c",)}
    assert kept.marks(server) == [(True, False), (False, False), (True, False)]
    kept.forget([7, 9])  # written (or refused): the server's view counts for these
    assert kept.answers(server) == {"q1": ("a",), "q2": (), "q3": ("c",)}
    assert kept.flagged(server, "q2") is True
    kept.clear()
    assert kept.answers(server) == {"q1": ("a",), "q2": ()}
    assert kept.flagged(None, "q2") is False
