"""Learner profiles: several officials can share one PC."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.text import nfc
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Learner


@dataclass(frozen=True)
class LearnerInfo:
    id: int
    full_name: str
    employee_code: str
    unit: str
    position: str

    @property
    def label(self) -> str:
        parts = [self.full_name]
        if self.unit:
            parts.append(self.unit)
        return " — ".join(parts)


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


# Made-up people (``ethics-trainer demo-data``) carry codes starting with this; they fill the
# HR screens but are nobody's profile, so the profile list leaves them out.
DEMO_CODE_PREFIX = "DEMO-"


def list_learners(db: Database) -> list[LearnerInfo]:
    """The profiles people pick from: real, not archived, most recently used first."""
    with db.session() as session:
        rows = session.exec(
            select(Learner)
            .where(col(Learner.archived).is_(False))
            .where(~col(Learner.employee_code).startswith(DEMO_CODE_PREFIX, autoescape=True))
            .order_by(col(Learner.last_used_at).desc(), col(Learner.full_name))
        ).all()
        return [_info(r) for r in rows]


def get_learner(db: Database, learner_id: int) -> LearnerInfo:
    with db.session() as session:
        row = session.get(Learner, learner_id)
        if row is None:
            raise NotFoundError(tr("errors.profile_not_found", id=learner_id))
        return _info(row)


def touch_learner(db: Database, learner_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    with db.session() as session:
        row = session.get(Learner, learner_id)
        if row is not None:
            row.last_used_at = clock.now()
            session.add(row)
