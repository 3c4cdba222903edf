"""Taking over sessions sealed before this PC kept its notes (an older version,
or another proctor PC): each is verified by the method it was sealed with, then sealed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from ethics_trainer.exams import database_identity, seal_ledger
from ethics_trainer.exams.seal_keys import Signer, load_signer, proctor_signer, trusted_in
from ethics_trainer.exams.seal_verify import has_submitted, verify_session
from ethics_trainer.exams.sealing import SealBroken, seal_session
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import AttemptSignature, ExamSession, SessionManifest


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade_sessions` did with one session sealed before this PC's notes."""

    session_id: int
    code: str
    ok: bool
    message: str


def sessions_without_note(db: Database, folder: Path) -> list[tuple[int, str]]:
    """(id, code) of the sessions that have a seal list, or stray seals, or have ended with
    results, but no note on this PC: what an automatic take-over looks at."""
    own = load_signer(folder, create=False)
    database = database_identity.database_id(db)
    with db.session() as session:
        found = session.exec(
            select(col(ExamSession.id), col(ExamSession.code)).where(
                col(ExamSession.id).in_(select(SessionManifest.session_id))
                | col(ExamSession.id).in_(select(AttemptSignature.session_id))
                | col(ExamSession.ended_at).is_not(None)
            )
        ).all()
        rows = [(sid, code) for sid, code in found if sid is not None]  # stored rows have ids
        ended_empty = {
            sid
            for sid, _code in rows
            if session.get(SessionManifest, sid) is None
            and session.exec(
                select(AttemptSignature.attempt_id).where(AttemptSignature.session_id == sid)
            ).first()
            is None
            and not has_submitted(session, sid)
        }  # ended with nothing handed in: nothing to seal, nothing to report
    return [
        (int(sid), str(code))
        for sid, code in rows
        if sid not in ended_empty
        and seal_ledger.read_note(
            folder, int(sid), str(code), own.public if own else None, database
        )
        is None
    ]


def upgrade_sessions(
    db: Database, signer: Signer, session_ids: list[int], *, accept_unsealed: str | None = None
) -> list[Upgrade]:
    """Take over sessions sealed before this PC kept notes: verify each by the method it was
    sealed with, then seal what was handed in since and write this PC's note. A session that
    does not verify is reported (``ok`` False) and left as it is."""
    done: list[Upgrade] = []
    for session_id in session_ids:
        with db.session() as session:
            sess = session.get(ExamSession, session_id)
            code = sess.code if sess is not None else str(session_id)
        try:
            sealed = seal_session(db, session_id, signer, accept_unsealed=accept_unsealed)
        except SealBroken as broken:
            done.append(Upgrade(session_id, code, False, broken.message))
            continue
        after = verify_session(
            db, session_id, trusted=trusted_in(signer.folder), folder=signer.folder
        )
        if not after.ok:  # noted before, and edited since: said, never "verified"
            summary = tr("security.verify.summary_bad", count=len(after.problems), code=code)
            done.append(Upgrade(session_id, code, False, summary))
            continue
        done.append(
            Upgrade(session_id, code, True, tr("security.seal.upgraded", code=code, count=sealed))
        )
    return done


def database_alarm(db: Database, folder: Path) -> Upgrade | None:
    """Said once when this database's identity is not the one this PC last worked with
    (a replaced or rewritten database): its notes of the old one no longer apply."""
    changed = database_identity.changed_since_last_seen(db, folder)
    if changed is None:
        return None
    old, new = changed
    return Upgrade(0, "", False, tr("security.seal.database_changed", old=old, new=new))


def take_over_sessions(db: Database, data_dir: Path | None = None) -> list[Upgrade]:
    """What the proctor console does when it opens: every session sealed before this PC kept
    notes is verified and taken over at once, not only when someone selects it. A session
    without seals that has ended, or with seals but no list, or renamed since this PC sealed
    it, is reported, never sealed (see :func:`seal_session`)."""
    signer = proctor_signer(db, data_dir)
    alarm = database_alarm(db, signer.folder)
    ids = [sid for sid, _code in sessions_without_note(db, signer.folder)]
    return ([alarm] if alarm else []) + upgrade_sessions(db, signer, ids)
