"""The minutes (biên bản) of a session: every event with its time, written with the action.

An event is logged inside the same transaction as the change it records, so the minutes and
the data never disagree. ``detail`` (:class:`EventDetail`) holds the message's placeholders;
the text is produced in the reader's language by :func:`describe`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, get_args

from sqlmodel import Session, col, select

from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import ExamCandidate, ExamEvent, Learner

# Every kind of line the minutes hold; each has its sentence ``exams.event.<kind>``. A kind
# not listed here is refused by the type checker at the call that logs it.
EventKind = Literal[
    "opened",
    "roster",
    "checkin",
    "resumed",
    "started",
    "move_requested",
    "move_approved",
    "extra_time",
    "locked",
    "unlocked",
    "submitted",
    "incident",
    "ended",
    "answer_rejected",
    "end_submit_failed",
    "sealed_unsealed",
]
KINDS: tuple[EventKind, ...] = get_args(EventKind)


@dataclass(frozen=True)
class EventRow:
    id: int
    at: datetime
    kind: str
    candidate_id: int | None
    detail: EventDetail

    @property
    def params(self) -> dict[str, Any]:
        """The placeholders this line fills, by name."""
        return self.detail.to_json()

    def describe(self) -> str:
        return describe(self.kind, self.params)


def describe(kind: str, params: dict[str, Any]) -> str:
    """The event as one sentence in the current language."""
    from ethics_trainer.i18n import formats

    values = dict(params)
    if kind == "submitted":
        score = values.get("score")
        values["score"] = "—" if score is None else formats.percent(float(score))
        values["reason"] = tr(f"exams.reason.{values.get('reason') or 'user'}")
    if values.get("reason") == "" and kind in ("extra_time", "locked", "unlocked"):
        values["reason"] = "—"
    return tr(f"exams.event.{kind}", **values)


def log_event(
    session: Session,
    session_id: int,
    kind: EventKind,
    at: datetime,
    *,
    detail: EventDetail | None = None,
    candidate_id: int | None = None,
) -> None:
    """Add one event to the minutes inside the caller's transaction."""
    session.add(
        ExamEvent(
            session_id=session_id,
            candidate_id=candidate_id,
            at=at,
            kind=kind,
            detail=detail or EventDetail(),
        )
    )


def log_candidate_event(
    session: Session,
    candidate: ExamCandidate,
    learner: Learner,
    kind: EventKind,
    at: datetime,
    detail: EventDetail | None = None,
) -> None:
    """An event about one candidate, in their session, named as the roster names them now:
    the minutes keep the name the proctor saw, whatever the roster says later."""
    named = replace(detail or EventDetail(), name=learner.full_name)
    log_event(session, candidate.session_id, kind, at, detail=named, candidate_id=candidate.id)


def list_events(db: Database, session_id: int) -> list[EventRow]:
    with db.session() as session:
        rows = session.exec(
            select(ExamEvent)
            .where(ExamEvent.session_id == session_id)
            .order_by(col(ExamEvent.at), col(ExamEvent.id))
        ).all()
        return [EventRow(r.id or 0, r.at, r.kind, r.candidate_id, r.detail) for r in rows]
