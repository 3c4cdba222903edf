"""What the proctor does to one candidate or the session while it runs: extra time,
lock and unlock, an incident note. Each is logged in the minutes with the change.
"""

from __future__ import annotations

from datetime import datetime

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.exams.candidate_guard import load_candidate
from ethics_trainer.exams.events import log_candidate_event, log_event
from ethics_trainer.i18n import tr
from ethics_trainer.services.attempt_deadline import effective_deadline
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import Attempt


def grant_extra_time(
    db: Database,
    candidate_id: int,
    minutes: float,
    *,
    reason: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> datetime:
    """Add minutes to one candidate's stored deadline; return the new deadline."""
    if minutes <= 0:
        raise UserError(tr("exams.extra.bad_minutes"))
    with db.session() as session:
        cand, _sess, learner = load_candidate(session, candidate_id)
        attempt = session.get(Attempt, cand.attempt_id) if cand.attempt_id else None
        if attempt is None:
            raise UserError(tr("exams.candidate.not_started"))
        if attempt.submitted_at is not None:
            raise UserError(tr("exams.candidate.already_submitted"))
        attempt.extra_seconds = (attempt.extra_seconds or 0) + round(minutes * 60)
        session.add(attempt)
        log_candidate_event(
            session,
            cand,
            learner,
            "extra_time",
            clock.now(),
            EventDetail(minutes=minutes, reason=reason),
        )
        deadline = effective_deadline(attempt)
        assert deadline is not None
        return deadline


def set_locked(
    db: Database, candidate_id: int, locked: bool, *, reason: str = "", clock: Clock = SYSTEM_CLOCK
) -> None:
    with db.session() as session:
        cand, _sess, learner = load_candidate(session, candidate_id)
        if cand.locked == locked:
            return
        cand.locked = locked
        session.add(cand)
        log_candidate_event(
            session,
            cand,
            learner,
            "locked" if locked else "unlocked",
            clock.now(),
            EventDetail(reason=reason),
        )


def add_incident(
    db: Database,
    session_id: int,
    text: str,
    *,
    candidate_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """A note typed by the proctor, kept in the minutes."""
    if not text.strip():
        raise UserError(tr("exams.incident.empty"))
    with db.session() as session:
        name = ""
        if candidate_id is not None:
            _c, _s, learner = load_candidate(session, candidate_id)
            name = learner.full_name
        log_event(
            session,
            session_id,
            "incident",
            clock.now(),
            detail=EventDetail(text=text.strip(), name=name),
            candidate_id=candidate_id,
        )
