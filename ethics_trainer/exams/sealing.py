"""Sealing a session's submitted attempts with the proctor PC's key.

Candidate PCs do not seal: the proctor's console seals submitted attempts on its next refresh
(every two seconds) and ``exam end`` seals everything. The session's set of sealed attempts is
signed as well (its manifest). A re-seal refuses to extend a manifest that no longer verifies,
so sealing never launders an edit.
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from ethics_trainer.errors import UserError
from ethics_trainer.exams import database_identity, seal_ledger
from ethics_trainer.exams.events import log_event
from ethics_trainer.exams.seal_body import (
    attempt_body,
    canonical,
    definition_digest,
    person_digest,
    sha,
)
from ethics_trainer.exams.seal_keys import Signer, proctor_signer, register_key, trusted_in
from ethics_trainer.exams.seal_verdict import BAD_STATUSES, STATUS_UNSEALED, SessionVerdict
from ethics_trainer.exams.seal_verify import (
    Manifest,
    has_submitted,
    legacy_tampered,
    read_manifest,
    renamed_text,
    session_facts,
    verify_here,
    verify_session,
)
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import (
    Answer,
    Attempt,
    AttemptSignature,
    ExamCandidate,
    ExamDefinition,
    ExamSession,
    Learner,
    SessionManifest,
)


class SealBroken(UserError):
    """The session's manifest no longer verifies with a trusted key: nothing more is sealed."""


def _lock_session(session: Session, session_id: int) -> None:
    """Take the session's row (PostgreSQL) or the write lock (SQLite) before reading, so two
    consoles sealing at once take turns."""
    session.execute(
        update(ExamSession)
        .where(col(ExamSession.id) == session_id)
        .values(code=ExamSession.code)
        .execution_options(synchronize_session=False)
    )


def seal_session(
    db: Database,
    session_id: int,
    signer: Signer,
    *,
    ended_now: bool = False,
    accept_unsealed: str | None = None,
) -> int:
    """Sign every submitted, not yet sealed attempt of the session and re-sign its manifest;
    return how many attempts were sealed.

    The manifest is extended from its signed text, never rebuilt from the result tables, so
    an attempt edited since its seal stays flagged. Refuses (UserError) when the manifest no
    longer verifies with a key this PC trusts, when this PC sealed the session under another
    code, and when a session with no seal list has ended with results or holds stray seals
    (its seals were wiped): that one is sealed only on an admin's explicit decision,
    ``accept_unsealed`` (the machine's name, written to the minutes). ``ended_now``: the
    caller (``exam end``) has just ended the session itself.
    """
    folder = signer.folder
    database = database_identity.database_id(db)
    trusted = {**trusted_in(folder), signer.key_id: signer.public}
    _check_before_first_seal_here(db, session_id, signer, trusted, database)
    now = datetime.now(UTC)
    record: tuple[str, int, str] | None = None  # (code, count, manifest text) to remember
    with db.session() as session:
        _lock_session(session, session_id)
        sess = session.get(ExamSession, session_id)
        assert sess is not None
        row = session.get(SessionManifest, session_id)
        old = Manifest("", {})
        renamed = seal_ledger.sealed_as(folder, session_id, sess.code, database)
        if renamed is not None:
            raise SealBroken(
                renamed_text(sess, renamed), tr("security.seal.broken_hint", code=sess.code)
            )
        note = seal_ledger.find_note(
            folder, session_id, sess.code, signer.public, session_facts(sess), database
        )
        broken = SealBroken(
            tr("security.seal.broken", code=sess.code),
            tr("security.seal.broken_hint", code=sess.code),
        )
        if row is None and note is not None:
            raise broken  # sealed here before: a vanished manifest is never rebuilt
        if row is None:
            _check_first_seal(session, sess, ended_now, accept_unsealed, now)
        if row is not None:
            check = SessionVerdict(session_id, sess.code)
            found = read_manifest(session, sess, trusted, check)
            if found is None or check.problems:
                raise broken
            if note is not None and len(found.entries) < note.count:
                raise broken  # an older manifest put back in place of the last one
            old = found
        definition = session.get(ExamDefinition, sess.definition_id)
        assert definition is not None
        definition_sha = old.definition_sha or definition_digest(definition)
        sealed_ids = set(
            session.exec(
                select(AttemptSignature.attempt_id).where(AttemptSignature.session_id == session_id)
            ).all()
        )
        pairs = session.exec(
            select(ExamCandidate, Attempt, Learner).where(
                ExamCandidate.session_id == session_id,
                ExamCandidate.attempt_id == Attempt.id,
                ExamCandidate.learner_id == Learner.id,
                col(Attempt.submitted_at).is_not(None),
            )
        ).all()
        entries = dict(old.entries)
        legacy_bad = legacy_tampered(session, {a.id for _c, a, _l in pairs if a.id is not None})
        added = 0
        for cand, attempt, learner in pairs:
            assert attempt.id is not None and cand.id is not None
            if attempt.id in entries or attempt.id in sealed_ids:
                continue  # sealed already (or a seal not in the manifest: left for verify)
            if attempt.learner_id != cand.learner_id:
                continue  # inconsistent rows are never sealed
            if attempt.id in legacy_bad:
                continue  # its 0002 HMAC seal did not verify at the upgrade: named, not sealed
            salt = secrets.token_hex(16)
            person = person_digest(salt, learner)
            answers = list(session.exec(select(Answer).where(Answer.attempt_id == attempt.id)))
            body = attempt_body(sess, definition_sha, cand.id, person, attempt, answers)
            register_key(session, signer)
            session.add(
                AttemptSignature(
                    attempt_id=attempt.id,
                    session_id=session_id,
                    candidate_id=cand.id,
                    person_digest=person,
                    person_salt=salt,
                    body_sha256=sha(body),
                    key_id=signer.key_id,
                    signature_hex=signer.sign(body),
                    sealed_at=now,
                )
            )
            entries[attempt.id] = (cand.id, attempt.learner_id, sha(body))
            added += 1
        if added:
            text = canonical(
                {
                    "v": 1,
                    "session": [sess.id, sess.code],
                    "definition_sha256": definition_sha,
                    "attempts": sorted([a, *entry] for a, entry in entries.items()),
                }
            ).decode("utf-8")
            if row is None:
                row = SessionManifest(
                    session_id=session_id,
                    manifest_json=text,
                    key_id=signer.key_id,
                    signature_hex="",
                    signed_at=now,
                )
            row.manifest_json = text
            row.key_id = signer.key_id
            row.signature_hex = signer.sign(text.encode("utf-8"))
            row.signed_at = now
            session.add(row)
        if row is not None and (note is None or note.count < len(entries)):
            record = (sess.code, len(entries), row.manifest_json)
        facts = session_facts(sess)
    if record is not None:  # after the commit: a note never claims more than the database holds
        code, count, text = record
        seal_ledger.write_note(folder, session_id, code, count, text, signer.sign, facts, database)
    return added


def _check_first_seal(
    session: Session,
    sess: ExamSession,
    ended_now: bool,
    accept_unsealed: str | None,
    now: datetime,
) -> None:
    """A session with no seal list and no note here is sealed from scratch only while it
    runs (or as ``exam end`` closes it). Ended with results, or with seals but no list, its
    seals were wiped or never made: sealing it now would vouch for whatever the tables say,
    so only an admin's named decision does it, and the minutes say so."""
    assert sess.id is not None
    stray = session.exec(
        select(AttemptSignature.attempt_id).where(AttemptSignature.session_id == sess.id)
    ).first()
    ended = sess.ended_at is not None and not ended_now
    if stray is None and not (ended and has_submitted(session, sess.id)):
        return
    if accept_unsealed is None:
        key = "security.seal.seals_missing" if stray is not None else "security.seal.not_sealed"
        raise SealBroken(tr(key, code=sess.code), tr("security.seal.accept_hint", code=sess.code))
    for sig in session.exec(
        select(AttemptSignature).where(AttemptSignature.session_id == sess.id)
    ).all():
        session.delete(sig)  # no seal list vouches for them: the admin's decision replaces them
    session.flush()
    when = now.strftime("%Y-%m-%d %H:%M UTC")
    log_event(
        session,
        sess.id,
        "sealed_unsealed",
        now,
        detail=EventDetail(when=when, machine=accept_unsealed),
    )


# problems that forbid taking over a session sealed before this PC kept notes; "unsealed"
# (handed in since) is normal and gets sealed
_TAMPERED = BAD_STATUSES - {STATUS_UNSEALED}


def _check_before_first_seal_here(
    db: Database, session_id: int, signer: Signer, trusted: dict[str, bytes], database: str
) -> None:
    """A session sealed before this PC kept notes (an older version, or another proctor PC):
    before it is extended and noted here for the first time, everything sealed must verify
    by the method it was sealed with. A session that does not is reported, never re-sealed:
    the next seal would otherwise make this PC vouch for an edit made before the upgrade."""
    with db.session() as session:
        sess = session.get(ExamSession, session_id)
        if sess is None or session.get(SessionManifest, session_id) is None:
            return
        code, facts = sess.code, session_facts(sess)
    if (
        seal_ledger.find_note(signer.folder, session_id, code, signer.public, facts, database)
        is not None
    ):
        return
    if seal_ledger.sealed_as(signer.folder, session_id, code, database) is not None:
        return  # refused by seal_session, with the old code named
    verdict = verify_session(db, session_id, trusted=trusted)
    tampered = [p for p in verdict.problems if p.status in _TAMPERED]
    if tampered:
        # A seal list signed by a trusted key is remembered as sealed (count unknown), so
        # deleting its seals cannot get it sealed from scratch later; nothing in it is signed
        # again. A seal list no trusted key signed (a room PC's) is not: it proves no seal.
        genuine = verdict.key_trusted and not any(p.attempt_id is None for p in tampered)
        if genuine:
            seal_ledger.write_note(
                signer.folder, session_id, code, 0, "", signer.sign, facts, database
            )
        raise SealBroken(
            tr("security.seal.upgrade_refused", code=code, count=len(tampered)),
            tr("security.seal.broken_hint", code=code),
        )


def seal_and_verify(db: Database, session_id: int, data_dir: Path | None = None) -> SessionVerdict:
    """What the proctor's console does on each refresh: seal what was handed in since the last
    one, then check the whole session. A manifest that no longer verifies is not extended;
    the verdict then names what is wrong."""
    with contextlib.suppress(SealBroken):
        seal_session(db, session_id, proctor_signer(db, data_dir))
    return verify_here(db, session_id, data_dir)
