"""Mistakes review ("Ôn lại câu sai"): questions answered wrong come back on a Leitner schedule.

- A wrong answer (in any quiz, practice or review) puts the question in box 1, due at once.
- A right answer to a *due* question moves it up one box; box ``b`` waits ``INTERVALS[b]``.
  A right answer to a question in the last box retires it: it was answered right
  ``len(INTERVALS)`` times in a row, spaced out over about four weeks.
- A right answer before the question is due changes nothing (no cramming), and a right answer
  to a question never got wrong creates nothing.

One row per learner and question (``ReviewItem``). Time comes from an injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ethics_trainer.quiz.scoring import is_full_marks
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Answer, Attempt, ReviewItem

# How long a question rests in each box before it is asked again.
INTERVALS: dict[int, timedelta] = {
    1: timedelta(0),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=14),
}
LAST_BOX = max(INTERVALS)
# Attempts whose answers feed the review one by one, as they are given (see practice.py).
LIVE_KINDS = frozenset({"practice", "review"})


@dataclass(frozen=True)
class ReviewCard:
    """Where one question stands in the learner's review."""

    question_id: str
    course_id: str
    box: int
    due_at: datetime
    last_result_at: datetime | None
    retired: bool

    def is_due(self, now: datetime) -> bool:
        return not self.retired and self.due_at <= now


def _card(row: ReviewItem) -> ReviewCard:
    return ReviewCard(
        question_id=row.question_id,
        course_id=row.course_id,
        box=row.box,
        due_at=row.due_at,
        last_result_at=row.last_result_at,
        retired=row.retired,
    )


def _item(session: Session, learner_id: int, question_id: str) -> ReviewItem | None:
    return session.exec(
        select(ReviewItem).where(
            ReviewItem.learner_id == learner_id, ReviewItem.question_id == question_id
        )
    ).first()


def _apply(
    session: Session,
    learner_id: int,
    course_id: str,
    question_id: str,
    correct: bool,
    now: datetime,
) -> ReviewItem | None:
    """The Leitner step for one answer, on an open session."""
    row = _item(session, learner_id, question_id)
    if not correct:
        if row is None:
            row = ReviewItem(
                learner_id=learner_id, course_id=course_id, question_id=question_id, due_at=now
            )
        row.box = 1
        row.due_at = now
        row.retired = False
        row.last_result_at = now
        session.add(row)
        return row
    if row is None or row.retired or row.due_at > now:
        return row
    row.last_result_at = now
    if row.box >= LAST_BOX:
        row.retired = True
    else:
        row.box += 1
        row.due_at = now + INTERVALS[row.box]
    session.add(row)
    return row


def record_review(
    db: Database,
    learner_id: int,
    question_id: str,
    correct: bool,
    now: datetime,
    *,
    course_id: str = "",
) -> ReviewCard | None:
    """Apply one answer to the schedule; the card afterwards (None: not in review)."""
    with db.session() as session:
        row = _apply(session, learner_id, course_id, question_id, correct, now)
        return _card(row) if row is not None else None


def sync_from_attempt(db: Database, attempt_id: int) -> list[ReviewCard]:
    """Feed a submitted quiz into the review: wrong answers to box 1, due right ones move up.

    Safe to call more than once: an answer older than the card's last result is skipped.
    Practice and review attempts are skipped, they were fed answer by answer. Unanswered
    questions (e.g. at a time-out) are left out: they were not answered wrong.
    """
    changed: list[ReviewCard] = []
    with db.session() as session:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None or attempt.submitted_at is None or attempt.kind in LIVE_KINDS:
            return changed
        when = attempt.submitted_at
        rows = session.exec(select(Answer).where(Answer.attempt_id == attempt_id)).all()
        for answer in sorted(rows, key=lambda r: r.position):
            if answer.score is None or not answer.selected:
                continue
            existing = _item(session, attempt.learner_id, answer.question_id)
            seen = existing.last_result_at if existing is not None else None
            if seen is not None and seen >= when:
                continue  # already fed (this attempt synced before, or a later answer)
            row = _apply(
                session,
                attempt.learner_id,
                attempt.course_id,
                answer.question_id,
                is_full_marks(answer.score),
                when,
            )
            if row is not None and row.last_result_at == when:
                changed.append(_card(row))
    return changed


def due_questions(
    db: Database, learner_id: int, now: datetime, *, course_id: str | None = None
) -> list[ReviewCard]:
    """Cards to ask now, lowest box first, then the longest overdue."""
    with db.session() as session:
        query = select(ReviewItem).where(
            ReviewItem.learner_id == learner_id,
            ReviewItem.retired == False,  # noqa: E712
        )
        if course_id is not None:
            query = query.where(ReviewItem.course_id == course_id)
        rows = session.exec(query).all()
        cards = [_card(r) for r in rows]
    due = [c for c in cards if c.is_due(now)]
    due.sort(key=lambda c: (c.box, c.due_at, c.question_id))
    return due


@dataclass(frozen=True)
class ReviewSummary:
    """Counts for a badge or a home-screen card: due now, waiting per box, learned."""

    due: int
    waiting: int
    retired: int
    by_box: dict[int, int]
    next_due_at: datetime | None


def review_summary(
    db: Database, learner_id: int, now: datetime, *, course_id: str | None = None
) -> ReviewSummary:
    with db.session() as session:
        query = select(ReviewItem).where(ReviewItem.learner_id == learner_id)
        if course_id is not None:
            query = query.where(ReviewItem.course_id == course_id)
        cards = [_card(r) for r in session.exec(query).all()]
    active = [c for c in cards if not c.retired]
    later = [c.due_at for c in active if not c.is_due(now)]
    by_box = {box: 0 for box in INTERVALS}
    for card in active:
        by_box[card.box] = by_box.get(card.box, 0) + 1
    return ReviewSummary(
        due=sum(1 for c in active if c.is_due(now)),
        waiting=len(later),
        retired=len(cards) - len(active),
        by_box=by_box,
        next_due_at=min(later) if later else None,
    )
