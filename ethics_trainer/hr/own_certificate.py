"""A learner's own certificate, from the main window: exactly the one HR would issue.

Same numbering (a completion keeps its one number, whoever asks first), same signing key of
this installation and same drawing as :mod:`ethics_trainer.hr.certificates`, so the PDF the
official saves verifies with ``ethics-trainer verify`` like one HR printed.

On a first run nothing is set up yet. The certificate is still issued: the signing key is
made on first use (as for HR), and the organisation is the built-in default (Sở Nội vụ, UBND
Thành phố Hà Nội), which is what HR's own certificates print until HR stores its details.
``org_set_up`` tells the screen to say so, so nobody mistakes it for a tailored header.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Completion, Learner


@dataclass(frozen=True)
class OwnCertificate:
    pdf: bytes
    number: str
    file_name: str  # offered by Save: ascii, e.g. giay-chung-nhan-nguyen-thi-huong.pdf
    org_set_up: bool  # False: HR has not stored the organisation; the default is printed


def prepare() -> None:
    """Load what drawing a certificate needs (fpdf2, fontTools, Babel, the cut of the font),
    once per process. The screen runs it in the background as soon as a certificate is on offer, so
    the click itself costs only the drawing: cold, these imports and the font cut took several
    seconds on a busy 2-core PC (bench/own_certificate.py)."""
    import fpdf  # noqa: F401  (the imports are the work)

    from ethics_trainer.hr import (  # noqa: F401
        certificates,
        numbers,
        reports,
        verification,
    )
    from ethics_trainer.hr.org_settings import OrgSettings

    # one made-up certificate, drawn and thrown away: the rest of what drawing imports on
    # first use (Babel's number formats, fontTools' table modules) is loaded too
    certificates.render_certificate(certificates.sample_certificate(), OrgSettings())


def has_certificate(db: Database, learner_id: int, course_id: str) -> bool:
    """Whether the learner passed the course's final quiz (a completion is recorded)."""
    with db.session() as session:
        return (
            session.exec(
                select(Completion.id).where(
                    Completion.learner_id == learner_id, Completion.course_id == course_id
                )
            ).first()
            is not None
        )


def own_certificate(
    db: Database,
    data_dir: Path,
    *,
    learner_id: int,
    course_id: str,
    course_title: str,
    clock: Clock = SYSTEM_CLOCK,
) -> OwnCertificate:
    """Number (once), sign and render the learner's certificate for ``course_id``.

    Raises :class:`UserError` (in the person's language) before the final quiz is passed.
    """
    from ethics_trainer.clock import as_utc
    from ethics_trainer.hr import certificates
    from ethics_trainer.hr.numbers import assign_numbers
    from ethics_trainer.hr.org_settings import PREFIX, load_org_settings
    from ethics_trainer.hr.reports import COMPLETED, ReportRow
    from ethics_trainer.hr.settings_store import get_settings
    from ethics_trainer.hr.verification import load_signing_key

    with db.session() as session:
        found = session.exec(
            select(Completion, Learner)
            .join(Learner, col(Learner.id) == col(Completion.learner_id))
            .where(Completion.learner_id == learner_id, Completion.course_id == course_id)
        ).first()
    if found is None:
        raise UserError(tr("study.certificate.not_passed"), tr("study.certificate.not_passed_hint"))
    completion, learner = found
    assert completion.id is not None
    org = load_org_settings(db)
    org_set_up = bool(get_settings(db, [PREFIX + "org_name"]))
    numbers = assign_numbers(db, [completion.id], org.number_prefix, clock=clock)
    key = load_signing_key(db, data_dir)
    row = ReportRow(
        learner_id=learner.id,
        full_name=learner.full_name,
        employee_code=learner.employee_code,
        unit=learner.unit,
        position=learner.position,
        course_id=course_id,
        course_title=course_title,
        status=COMPLETED,
        completed_at=as_utc(completion.completed_at),
        score=completion.score,
        content_hash=completion.content_hash,
        completion_id=completion.id,
    )
    data = next(certificates.certificate_data([row], key, numbers))
    slug = certificates.ascii_slug(learner.full_name)
    return OwnCertificate(
        pdf=certificates.render_certificate(data, org),
        number=data.number,
        file_name=f"giay-chung-nhan-{slug}.pdf",
        org_set_up=org_set_up,
    )
