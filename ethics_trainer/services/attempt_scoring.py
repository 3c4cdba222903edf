"""Closing an attempt: its score from its own snapshot of the questions, the time and
reason it ended, and the course completion a passed final quiz earns.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from ethics_trainer.quiz.scoring import ScoredOption, is_full_marks, score_question
from ethics_trainer.services.attempt_deadline import effective_deadline
from ethics_trainer.storage.models import Answer, Attempt, Completion


def score_and_close(session: Session, attempt: Attempt, now: datetime, reason: str) -> None:
    """Score every question from the attempt's snapshot (one left unanswered scores 0) and
    mark the attempt submitted, a time-out at its deadline rather than when it was noticed."""
    assert attempt.id is not None
    attempt_id = attempt.id
    questions = attempt.questions
    rows = {
        r.question_id: r
        for r in session.exec(select(Answer).where(Answer.attempt_id == attempt.id)).all()
    }
    total = 0.0
    correct = 0
    for position, question in enumerate(questions):
        options = [ScoredOption(o.key, bool(o.correct), float(o.weight)) for o in question.options]
        row = rows.get(question.id)
        selected = list(row.selected.keys) if row else []
        value = score_question(question.kind, options, selected)
        total += value
        correct += is_full_marks(value)
        if row is None:
            row = Answer(
                attempt_id=attempt_id,
                question_id=question.id,
                position=position,
                answered_at=now,
            )
        row.score = value
        session.add(row)
    count = len(questions) or 1
    attempt.score = round(100.0 * total / count, 2)
    attempt.correct_count = correct
    attempt.passed = attempt.score >= attempt.pass_percent
    # A time-out is recorded at the deadline, not when it was noticed.
    deadline = effective_deadline(attempt)
    attempt.submitted_at = min(now, deadline) if reason == "timeout" and deadline else now
    attempt.submit_reason = reason
    session.add(attempt)


def record_completion(session: Session, attempt: Attempt) -> None:
    existing = session.exec(
        select(Completion).where(
            Completion.learner_id == attempt.learner_id, Completion.course_id == attempt.course_id
        )
    ).first()
    if existing is not None:
        return  # the first pass counts; later attempts do not move the date
    assert attempt.id is not None and attempt.submitted_at is not None and attempt.score is not None
    session.add(
        Completion(
            learner_id=attempt.learner_id,
            course_id=attempt.course_id,
            attempt_id=attempt.id,
            completed_at=attempt.submitted_at,
            score=attempt.score,
            content_hash=attempt.content_hash,
        )
    )
