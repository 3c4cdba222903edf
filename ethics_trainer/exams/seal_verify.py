"""Checking a session's seals: every sealed attempt against its signature and the
signed manifest, so an edit, a move to another person, an insertion or a deletion is named.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import Session, col, select

from ethics_trainer.exams import database_identity, seal_ledger
from ethics_trainer.exams.seal_body import (
    attempt_body,
    definition_digest,
    person_digest,
    properly_erased,
    sha,
)
from ethics_trainer.exams.seal_keys import key_folder, key_id_of, load_signer, trusted_in
from ethics_trainer.exams.seal_verdict import (
    STATUS_INSERTED,
    STATUS_MISMATCH,
    STATUS_MISSING,
    STATUS_MOVED,
    STATUS_NOT_SEALED,
    STATUS_OK,
    STATUS_RENAMED,
    STATUS_UNSEALED,
    STATUS_UNTRUSTED,
    Problem,
    SessionVerdict,
)
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import (
    Answer,
    Attempt,
    AttemptSignature,
    ExamCandidate,
    ExamDefinition,
    ExamSession,
    Learner,
    LegacySeal,
    SealKey,
    SessionManifest,
)


def _public_key(
    session: Session, key_id: str, trusted: dict[str, bytes] | None
) -> tuple[Ed25519PublicKey | None, bool]:
    """The key named ``key_id`` and whether it is trusted here. A trusted key is taken from
    this PC, never from the database (which a room PC may write); an untrusted one only if its
    stored bytes match its fingerprint."""
    if trusted and key_id in trusted:
        return Ed25519PublicKey.from_public_bytes(trusted[key_id]), True
    row = session.get(SealKey, key_id)
    if row is None:
        return None, False
    try:
        public = bytes.fromhex(row.public_hex)
        if key_id_of(public) != key_id:
            return None, False
        return Ed25519PublicKey.from_public_bytes(public), False
    except ValueError:
        return None, False


def _signed(key: Ed25519PublicKey | None, message: bytes, signature_hex: str) -> bool:
    if key is None:
        return False
    try:
        key.verify(bytes.fromhex(signature_hex), message)
        return True
    except (InvalidSignature, ValueError):
        return False


@dataclass(frozen=True)
class Manifest:
    definition_sha: str
    entries: dict[int, tuple[int, int, str]]  # attempt id -> (candidate id, learner id, body sha)


def read_manifest(
    session: Session, sess: ExamSession, trusted: dict[str, bytes] | None, verdict: SessionVerdict
) -> Manifest | None:
    """The session's manifest if its signature holds; a problem is noted otherwise."""
    row = session.get(SessionManifest, sess.id)
    if row is None:
        return None
    key, is_trusted = _public_key(session, row.key_id, trusted)
    verdict.key_id, verdict.key_trusted = row.key_id, is_trusted
    body: dict[str, object] = {}
    if _signed(key, row.manifest_json.encode("utf-8"), row.signature_hex):
        with contextlib.suppress(ValueError):
            body = json.loads(row.manifest_json)
    if not body or body.get("session") != [sess.id, sess.code]:
        verdict.problems.append(
            Problem(STATUS_MISMATCH, None, None, tr("security.verify.manifest"))
        )
        return None
    if trusted and not is_trusted:
        verdict.problems.append(
            Problem(STATUS_UNTRUSTED, None, None, tr("security.verify.manifest"), row.key_id)
        )
    listed = body.get("attempts", [])
    entries = {
        int(a): (int(c), int(learner), str(sha))
        for a, c, learner, sha in (listed if isinstance(listed, list) else [])
    }
    return Manifest(str(body.get("definition_sha256", "")), entries)


def verify_session(
    db: Database,
    session_id: int,
    *,
    trusted: dict[str, bytes] | None = None,
    folder: Path | None = None,
) -> SessionVerdict:
    """Check every sealed attempt of a session against its signature and the manifest.

    ``trusted``: fingerprint -> public key of the keys this PC trusts (:func:`trusted_keys`).
    Empty or None: no key is known here, so the keys stored in the database are used and the
    verdict says the signer is not confirmed. ``folder``: this PC's key folder, whose notes
    say which sessions it sealed (a vanished or shrunk manifest is then named).
    """
    with db.session() as session:
        sess = session.get(ExamSession, session_id)
        if sess is None:
            from ethics_trainer.errors import NotFoundError

            raise NotFoundError(tr("exams.session.not_found", id=session_id))
        verdict = SessionVerdict(session_id, sess.code)
        definition = session.get(ExamDefinition, sess.definition_id)
        candidates = {
            c.id: c
            for c in session.exec(
                select(ExamCandidate).where(ExamCandidate.session_id == session_id)
            ).all()
        }
        learners = {
            lr.id: lr
            for lr in session.exec(
                select(Learner).where(
                    col(Learner.id).in_([c.learner_id for c in candidates.values()])
                )
            ).all()
        }
        signatures = {
            s.attempt_id: s
            for s in session.exec(
                select(AttemptSignature).where(AttemptSignature.session_id == session_id)
            ).all()
        }
        manifest = read_manifest(session, sess, trusted, verdict)
        entries = manifest.entries if manifest else {}
        database = database_identity.database_id(db) if folder is not None else ""
        note = _note(folder, sess, database) if folder is not None else None
        renamed = (
            seal_ledger.sealed_as(folder, session_id, sess.code, database)
            if folder is not None
            else None
        )
        sealed_here = note is not None or renamed is not None
        if manifest is None and (signatures or sealed_here) and not verdict.problems:
            verdict.problems.append(
                Problem(STATUS_MISSING, None, None, tr("security.verify.manifest"))
            )
        if renamed is not None:
            verdict.problems.append(
                Problem(STATUS_RENAMED, None, None, "", renamed_text(sess, renamed))
            )
        elif (
            manifest is None
            and not signatures
            and note is None
            and sess.ended_at is not None
            and has_submitted(session, session_id)
        ):
            verdict.problems.append(Problem(STATUS_NOT_SEALED, None, None, "", sess.code))
        if (
            manifest is not None
            and definition is not None
            and definition_digest(definition) != manifest.definition_sha
        ):
            verdict.notes.append(tr("security.verify.definition_changed"))
        if manifest is not None and note is not None and len(entries) < note.count:
            verdict.problems.append(  # an older signed manifest put back: attempts dropped
                Problem(STATUS_MISSING, None, None, tr("security.verify.manifest"))
            )
        linked = {c.attempt_id: c for c in candidates.values() if c.attempt_id is not None}
        wanted = set(entries) | set(signatures) | set(linked)
        attempts = (
            {
                a.id: a
                for a in session.exec(select(Attempt).where(col(Attempt.id).in_(wanted))).all()
            }
            if wanted
            else {}
        )

        legacy_bad = legacy_tampered(session, wanted)
        answers_of: dict[int, list[Answer]] = {}
        if entries:  # one query for every sealed attempt's answers (the console asks every 2 s)
            for answer in session.exec(
                select(Answer).where(col(Answer.attempt_id).in_(list(entries)))
            ).all():
                answers_of.setdefault(answer.attempt_id, []).append(answer)

        def name_of(candidate_id: int | None, learner_id: int | None = None) -> str:
            cand = candidates.get(candidate_id) if candidate_id is not None else None
            learner = learners.get(cand.learner_id if cand else learner_id)
            if learner is None and learner_id is not None:
                learner = session.get(Learner, learner_id)
            return learner.full_name if learner else ""

        def flag(
            status: str,
            attempt_id: int | None,
            candidate_id: int | None,
            name: str,
            detail: str = "",
        ) -> None:
            verdict.problems.append(Problem(status, attempt_id, candidate_id, name, detail))
            if candidate_id is not None and candidate_id in candidates:
                verdict.by_candidate.setdefault(candidate_id, status)

        for attempt_id, (candidate_id, learner_id, body_sha) in sorted(entries.items()):
            name = name_of(candidate_id, learner_id)
            attempt = attempts.get(attempt_id)
            sig = signatures.get(attempt_id)
            if attempt is None:
                flag(STATUS_MISSING, attempt_id, candidate_id, name)
                continue
            if sig is None or sig.body_sha256 != body_sha or sig.candidate_id != candidate_id:
                flag(STATUS_MISMATCH, attempt_id, candidate_id, name)
                continue
            cand = candidates.get(candidate_id)
            if (
                cand is None
                or cand.attempt_id != attempt_id
                or cand.learner_id != learner_id
                or attempt.learner_id != learner_id
            ):
                flag(STATUS_MOVED, attempt_id, candidate_id, name)
                continue
            learner = learners.get(learner_id)
            erased = learner is not None and properly_erased(learner)
            if learner is None or (
                not erased
                and (
                    not sig.person_salt
                    or person_digest(sig.person_salt, learner) != sig.person_digest
                )
            ):
                flag(STATUS_MOVED, attempt_id, candidate_id, name)
                continue
            answers = answers_of.get(attempt_id, [])
            body = attempt_body(
                sess, manifest.definition_sha if manifest else "", candidate_id,
                sig.person_digest, attempt, answers,
            )  # fmt: skip
            key, is_trusted = _public_key(session, sig.key_id, trusted)
            if sha(body) != body_sha or not _signed(key, body, sig.signature_hex):
                flag(STATUS_MISMATCH, attempt_id, candidate_id, name)
                continue
            if trusted and not is_trusted:  # consistent, but signed where this PC cannot vouch
                flag(STATUS_UNTRUSTED, attempt_id, candidate_id, name, sig.key_id)
                continue
            verdict.verified += 1
            verdict.by_candidate[candidate_id] = STATUS_OK

        for attempt_id, sig in sorted(signatures.items()):
            if attempt_id not in entries:
                flag(STATUS_INSERTED, attempt_id, sig.candidate_id, name_of(sig.candidate_id))
        for attempt_id, cand in sorted(linked.items(), key=lambda kv: kv[0] or 0):
            if attempt_id in entries:
                if entries[attempt_id][0] != cand.id:  # another person's sealed attempt
                    flag(STATUS_MOVED, attempt_id, cand.id, name_of(cand.id))
                continue
            attempt = attempts.get(attempt_id)
            if attempt is None:
                flag(STATUS_MISSING, attempt_id, cand.id, name_of(cand.id))
            elif attempt_id in legacy_bad and attempt_id not in signatures:
                detail = tr("security.verify.legacy_detail")
                flag(STATUS_MISMATCH, attempt_id, cand.id, name_of(cand.id), detail)
            elif attempt.submitted_at is not None and attempt_id not in signatures:
                flag(STATUS_UNSEALED, attempt_id, cand.id, name_of(cand.id))
        return verdict


def legacy_tampered(session: Session, attempt_ids: set[int]) -> set[int]:
    """Attempts whose 0002 HMAC seal did not verify when 0004 replaced it (legacy_seal.py)."""
    if not attempt_ids:
        return set()
    return set(
        session.exec(
            select(LegacySeal.attempt_id).where(
                col(LegacySeal.attempt_id).in_(attempt_ids), col(LegacySeal.verified).is_(False)
            )
        ).all()
    )


def has_submitted(session: Session, session_id: int) -> bool:
    return (
        session.exec(
            select(Attempt.id).where(
                col(Attempt.id).in_(
                    select(ExamCandidate.attempt_id).where(ExamCandidate.session_id == session_id)
                ),
                col(Attempt.submitted_at).is_not(None),
            )
        ).first()
        is not None
    )


def renamed_text(sess: ExamSession, old_code: str) -> str:
    from ethics_trainer.safe_cells import printable

    return tr(
        "security.seal.renamed", id=sess.id, old=printable(old_code), new=printable(sess.code)
    )


def session_facts(sess: ExamSession) -> list[object]:
    """What tells a session apart besides its number and code (seal_ledger.find_note)."""
    return [str(sess.exam_date), str(sess.room), sess.definition_id]


def _note(folder: Path, sess: ExamSession, database: str) -> seal_ledger.SealNote | None:
    """This PC's note of having sealed ``sess`` (None when it never did)."""
    own = load_signer(folder, create=False)
    assert sess.id is not None
    return seal_ledger.find_note(
        folder, sess.id, sess.code, own.public if own else None, session_facts(sess), database
    )


def verify_here(db: Database, session_id: int, data_dir: Path | None = None) -> SessionVerdict:
    """Check a session as this PC sees it: with the keys it trusts and the notes it keeps."""
    folder = key_folder(db, data_dir)
    return verify_session(db, session_id, trusted=trusted_in(folder), folder=folder)


def check_attempts(db: Database, session_id: int, data_dir: Path | None = None) -> dict[int, str]:
    """Candidate id -> seal status for the results table (trusting this PC's keys)."""
    return verify_here(db, session_id, data_dir).by_candidate
