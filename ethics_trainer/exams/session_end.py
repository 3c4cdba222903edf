"""Ending a session: close it, hand in every open attempt, then seal on the proctor's PC."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlmodel import select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import NotFoundError
from ethics_trainer.exams.events import log_event
from ethics_trainer.exams.live_roster import STATUS_IN_PROGRESS, CandidateRow, roster
from ethics_trainer.exams.submission import note_submission
from ethics_trainer.i18n import tr
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import ExamEvent, ExamSession

log = logging.getLogger(__name__)


def end_session(
    db: Database, session_id: int, *, clock: Clock = SYSTEM_CLOCK, data_dir: Path | None = None
) -> int:
    """Close the session, submit everyone still working, then seal (this is the proctor's
    PC); return how many were submitted.

    ``ended_at`` is set first, in its own transaction: from then on :func:`guard_seat` refuses new
    starts and answers, so nobody can begin while the open attempts are being handed in. Each
    attempt is then submitted on its own; one that fails is put in the minutes and the others
    are still submitted (calling this again submits what is left).
    """
    with db.session() as session:
        sess = session.get(ExamSession, session_id)
        if sess is None:
            raise NotFoundError(tr("exams.session.not_found", id=session_id))
        ended_now = sess.ended_at is None
        if ended_now:
            sess.ended_at = clock.now()
            session.add(sess)
    count = 0
    for row in roster(db, session_id):
        if row.status != STATUS_IN_PROGRESS or row.attempt_id is None:
            continue
        try:
            attempts.submit_attempt(db, row.attempt_id, reason="ended", clock=clock)
            note_submission(db, row.id, clock=clock)
            count += 1
        except Exception as error:  # one attempt must not keep the others open
            log.exception("ending session %s: submitting attempt %s failed", session_id, row.id)
            _note_end_failure(db, session_id, row, error, clock)
    with db.session() as session:
        seen = session.exec(
            select(ExamEvent).where(ExamEvent.session_id == session_id, ExamEvent.kind == "ended")
        ).first()
        if seen is None:
            log_event(
                session, session_id, "ended", clock.now(), detail=EventDetail(submitted=count)
            )
    _seal(db, session_id, data_dir, ended_now)
    return count


def _seal(db: Database, session_id: int, data_dir: Path | None, ended_now: bool) -> None:
    """Seal what was handed in, with this (the proctor's) PC's key. A seal that no longer
    verifies is not extended (``exam verify`` names why); the end itself still stands.
    ``ended_now``: this call ended the session, so a first seal is still the live one."""
    from ethics_trainer.exams import seal_keys, sealing

    try:
        sealing.seal_session(
            db, session_id, seal_keys.proctor_signer(db, data_dir), ended_now=ended_now
        )
    except sealing.SealBroken:
        log.warning("session %s ended but not sealed: its seal no longer verifies", session_id)


def _note_end_failure(
    db: Database, session_id: int, row: CandidateRow, error: BaseException, clock: Clock
) -> None:
    """Put an attempt the end could not submit in the minutes (if the database allows)."""
    try:
        with db.session() as session:
            log_event(
                session,
                session_id,
                "end_submit_failed",
                clock.now(),
                detail=EventDetail(name=row.full_name, text=str(error) or type(error).__name__),
                candidate_id=row.id,
            )
    except Exception:
        log.exception("ending session %s: could not log the failure", session_id)
