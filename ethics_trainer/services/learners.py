"""Learner profiles: several officials can share one PC."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlmodel import Session, SQLModel, col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.text import nfc
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.services.profile_list import LEARNERS_SQL, LearnerInfo, learner_infos
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Learner


def _info(row: Learner) -> LearnerInfo:
    assert row.id is not None
    return LearnerInfo(row.id, row.full_name, row.employee_code, row.unit, row.position)


def create_learner(
    db: Database,
    *,
    full_name: str,
    employee_code: str = "",
    unit: str = "",
    position: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> LearnerInfo:
    name = " ".join(nfc(full_name).split())
    if not name:
        raise UserError(tr("errors.enter_full_name"))
    code = nfc(employee_code).strip()
    with db.session() as session:
        if code:
            clash = session.exec(
                select(Learner).where(
                    Learner.employee_code == code, col(Learner.archived).is_(False)
                )
            ).first()
            if clash is not None:
                raise UserError(tr("errors.employee_code_taken", code=code, name=clash.full_name))
        row = Learner(
            full_name=name,
            employee_code=code,
            unit=" ".join(nfc(unit).split()),
            position=" ".join(nfc(position).split()),
            created_at=clock.now(),
        )
        session.add(row)
        session.flush()
        return _info(row)


def list_learners(db: Database) -> list[LearnerInfo]:
    """The profiles people pick from (:data:`~ethics_trainer.services.profile_list.LEARNERS_SQL`,
    the one query for them, also read at the app's start without SQLAlchemy)."""
    with db.transaction() as connection:
        return learner_infos(connection.exec_driver_sql(LEARNERS_SQL).all())


def _existing(session: Session, learner_id: int) -> Learner:
    """The learner's row; a person-facing NotFoundError when the profile is gone."""
    row = session.get(Learner, learner_id)
    if row is None:
        raise NotFoundError(tr("errors.profile_not_found", id=learner_id))
    return row


def get_learner(db: Database, learner_id: int) -> LearnerInfo:
    with db.session() as session:
        return _info(_existing(session, learner_id))


def touch_learner(db: Database, learner_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    with db.session() as session:
        row = session.get(Learner, learner_id)
        if row is not None:
            row.last_used_at = clock.now()
            session.add(row)


# --- a person's request about their data (docs/security.md, "Personal data") ----------------


def find_person(db: Database, key: str) -> int:
    """A learner named by id or by employee code (erased people included, by id)."""
    key = nfc(key).strip()
    with db.session() as session:
        row = session.exec(
            select(Learner).where(Learner.employee_code == key, col(Learner.erased_at).is_(None))
        ).first()
        if row is None and key.isdigit():
            row = session.get(Learner, int(key))
        if row is None or row.id is None:
            raise NotFoundError(tr("security.person.not_found", key=key))
        return row.id


def _plain(row: SQLModel) -> dict[str, object]:
    """A table row as JSON-ready values (times as ISO text)."""
    values = row.model_dump()
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def person_record(db: Database, learner_id: int) -> dict[str, object]:
    """Everything stored about one person: profile, study, attempts with answers, exams."""
    from ethics_trainer.storage.models import (
        Answer,
        Attempt,
        Completion,
        ExamCandidate,
        ExamEvent,
        LessonProgress,
        ReviewItem,
    )

    with db.session() as session:
        learner = _existing(session, learner_id)
        attempts = session.exec(select(Attempt).where(Attempt.learner_id == learner_id)).all()
        attempt_ids = [a.id for a in attempts]
        answers = (
            session.exec(select(Answer).where(col(Answer.attempt_id).in_(attempt_ids))).all()
            if attempt_ids
            else []
        )
        candidacies = session.exec(
            select(ExamCandidate).where(ExamCandidate.learner_id == learner_id)
        ).all()
        candidate_ids = [c.id for c in candidacies]
        events = (
            session.exec(
                select(ExamEvent).where(col(ExamEvent.candidate_id).in_(candidate_ids))
            ).all()
            if candidate_ids
            else []
        )
        return {
            "learner": _plain(learner),
            "lesson_progress": [
                _plain(r)
                for r in session.exec(
                    select(LessonProgress).where(LessonProgress.learner_id == learner_id)
                ).all()
            ],
            "attempts": [
                {**_plain(a), "answers": [_plain(x) for x in answers if x.attempt_id == a.id]}
                for a in attempts
            ],
            "completions": [
                _plain(r)
                for r in session.exec(
                    select(Completion).where(Completion.learner_id == learner_id)
                ).all()
            ],
            "review_items": [
                _plain(r)
                for r in session.exec(
                    select(ReviewItem).where(ReviewItem.learner_id == learner_id)
                ).all()
            ],
            "exam_candidacies": [_plain(c) for c in candidacies],
            "exam_events": [{**_plain(e), "detail": e.detail.to_json()} for e in events],
        }


def export_person(db: Database, learner_id: int, path: Path) -> Path:
    """Write :func:`person_record` as UTF-8 JSON (what a person may ask to see)."""
    import json

    from ethics_trainer.fileio.safe_write import write_text

    record = person_record(db, learner_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(tr("security.person.export_failed", path=str(path)), str(exc)) from exc
    # Personal data: whole or not at all, and never through a planted link, into a FIFO or a device.
    write_text(path, json.dumps(record, ensure_ascii=False, indent=2))
    return path


def erase_person(db: Database, learner_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Anonymise one person: name, code, unit and position go, and so does every way back to
    them from the exam seals (their salts), in one transaction.

    Scores, answers and completions stay, under an anonymous name, so unit statistics, reports
    and the seals still add up: a seal signs a salted digest of the person, which still
    verifies, but with the salt gone nobody can test a name against it any more.
    """

    from sqlalchemy import update

    from ethics_trainer.storage.models import (
        Attempt,
        AttemptSignature,
        ExamCandidate,
        ExamEvent,
    )

    with db.session() as session:
        row = _existing(session, learner_id)
        anonymous = tr("security.person.erased_name", id=learner_id)
        row.full_name = anonymous
        row.employee_code = ""
        row.unit = ""
        row.position = ""
        row.archived = True
        row.erased_at = clock.now()
        session.add(row)
        attempt_ids = list(
            session.exec(select(Attempt.id).where(Attempt.learner_id == learner_id)).all()
        )
        if attempt_ids:
            session.execute(
                update(AttemptSignature)
                .where(col(AttemptSignature.attempt_id).in_(attempt_ids))
                .values(person_salt="")
                .execution_options(synchronize_session=False)
            )
        candidate_ids = list(
            session.exec(
                select(ExamCandidate.id).where(ExamCandidate.learner_id == learner_id)
            ).all()
        )
        if candidate_ids:
            for event in session.exec(
                select(ExamEvent).where(col(ExamEvent.candidate_id).in_(candidate_ids))
            ).all():
                if event.detail.name is not None:
                    event.detail = replace(event.detail, name=anonymous)
                    session.add(event)
