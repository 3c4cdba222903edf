"""Withdrawn certificates: HR revokes one with a reason; verification and the offline
verification page then say so.

A revocation is kept by certificate number (the number is what every copy of the
certificate carries). Revoking twice keeps the first date and updates the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import CertificateRevocation, Completion


@dataclass(frozen=True)
class Revocation:
    number: str
    reason: str
    revoked_at: datetime  # timezone-aware UTC
    revoked_by: str = ""


def _of(row: CertificateRevocation) -> Revocation:
    return Revocation(row.certificate_no, row.reason, row.revoked_at, row.revoked_by)


def revoke(
    db: Database, number: str, reason: str, *, by: str = "", clock: Clock = SYSTEM_CLOCK
) -> Revocation:
    """Withdraw the certificate ``number`` (it must exist in this database)."""
    from ethics_trainer.hr.certificate_numbers import number_variants

    reason = " ".join(nfc(reason).split())
    if not reason:
        raise UserError(tr("interop.revoke.reason_required"))
    with db.session() as session:
        completion = session.exec(
            select(Completion).where(col(Completion.certificate_no).in_(number_variants(number)))
        ).one_or_none()
        if completion is None:
            raise UserError(tr("interop.revoke.unknown", number=number))
        row = session.get(CertificateRevocation, completion.certificate_no)
        if row is None:
            row = CertificateRevocation(
                certificate_no=completion.certificate_no,
                reason=reason,
                revoked_at=clock.now(),
                revoked_by=by,
            )
        else:
            row.reason = reason
        session.add(row)
        session.commit()
        session.refresh(row)
        return _of(row)


def revocation_of(db: Database, number: str) -> Revocation | None:
    with db.session() as session:
        row = session.get(CertificateRevocation, number)
        return _of(row) if row is not None else None


def all_revocations(db: Database) -> list[Revocation]:
    """Every revocation, oldest first."""
    with db.session() as session:
        rows = session.exec(
            select(CertificateRevocation).order_by(col(CertificateRevocation.revoked_at))
        )
        return [_of(row) for row in rows]
