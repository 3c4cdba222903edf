"""Tamper evidence for exam results: Ed25519 signatures made on the proctor's PC.

Why signatures and not an HMAC: an HMAC key has to be readable by whoever checks, so every PC
of a room sharing one PostgreSQL server could re-seal what it edited. Here the private key is a
file in the proctor PC's data folder (next to the SQLite file on a single PC); the database
holds only public keys, so a room PC can read everything and still not forge a seal.

What is signed (:func:`attempt_body`): the session, the definition's hash, the candidate, a
salted digest of the person, the question snapshot's hash, every answer and the score with its
times. The session's set of sealed attempts is signed as well (:class:`SessionManifest`), so
an edit, a move to another person, an insertion or a deletion is named by :func:`verify_session`.

Candidate PCs do not seal: the proctor's console seals submitted attempts on its next refresh
(every two seconds) and ``exam end`` seals everything. A re-seal refuses to extend a manifest
that no longer verifies, so sealing never launders an edit.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import update
from sqlmodel import Session, col, select

from ethics_trainer.clock import as_utc
from ethics_trainer.errors import UserError
from ethics_trainer.exams import seal_ledger
from ethics_trainer.i18n import tr
from ethics_trainer.storage import json_record
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

KEY_FILE_NAME = "ethics-trainer-seal.key"
TRUSTED_DIR_NAME = "trusted-seal-keys"  # other proctor PCs' public keys (hex, *.pub)

STATUS_OK = "ok"
STATUS_MISMATCH = "mismatch"  # edited after sealing
STATUS_UNSEALED = "unsealed"  # submitted, not (yet) sealed by a proctor
STATUS_MISSING = "missing"  # sealed, then deleted
STATUS_MOVED = "moved"  # sealed for one person, now shown for another
STATUS_INSERTED = "inserted"  # a seal the session's manifest does not list
STATUS_UNTRUSTED = "untrusted"  # signed by a key this PC does not trust
BAD_STATUSES = frozenset(
    {
        STATUS_MISMATCH,
        STATUS_UNSEALED,
        STATUS_MISSING,
        STATUS_MOVED,
        STATUS_INSERTED,
        STATUS_UNTRUSTED,
    }
)


class SealBroken(UserError):
    """The session's manifest no longer verifies with a trusted key: nothing more is sealed."""


_lock = threading.Lock()
_signers: dict[Path, Signer] = {}


# --- keys -------------------------------------------------------------------------------------


def key_id_of(public: bytes) -> str:
    """A key's fingerprint: the first 16 hex digits of SHA-256 of its raw public bytes."""
    return hashlib.sha256(public).hexdigest()[:16]


@dataclass(frozen=True)
class Signer:
    """The proctor PC's private key, and the folder it lives in (where its notes go too)."""

    private: Ed25519PrivateKey
    public: bytes
    folder: Path

    @property
    def key_id(self) -> str:
        return key_id_of(self.public)

    def sign(self, message: bytes) -> str:
        return self.private.sign(message).hex()


def key_folder(db: Database, data_dir: Path | None = None) -> Path:
    """Where this PC keeps its seal key, notes and trusted keys: beside a SQLite file, else in
    ``data_dir``, the data folder this run was given (``--data-dir``, the environment or the
    default, as resolved by the caller). A server database has no file to sit beside: every
    entry point of the app (CLI, proctor console) passes its ``data_dir``, so two profiles
    of one account never share a key. Without one (a script or test calling the library),
    the environment's data folder is used, as the CLI would without ``--data-dir``."""
    if db.engine.url.get_backend_name() == "sqlite":
        database = db.engine.url.database or ""
        if database and database != ":memory:":
            return Path(database).resolve().parent
    if data_dir is None:
        from ethics_trainer.paths import resolve_paths

        return resolve_paths().data_dir
    return Path(data_dir).expanduser().resolve()


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _read_key_file(path: Path) -> Signer:
    """The key in an existing file; a damaged file is refused (never replaced silently)."""
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
    except (OSError, ValueError, TypeError) as error:
        raise UserError(
            tr("security.seal.bad_key_file", path=str(path)),
            tr("security.seal.bad_key_file_hint"),
        ) from error
    return Signer(private, _raw_public(private), path.parent)


def _create_key_file(path: Path) -> Signer:
    """Write a new key to a synced temporary file, then link it into place: the key file never
    exists half-written, and of two processes racing, both use the one linked first."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".seal-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            return _read_key_file(path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    return Signer(private, _raw_public(private), path.parent)


def load_signer(folder: Path, *, create: bool = True) -> Signer | None:
    """This PC's seal key in ``folder`` (made on first use when ``create``)."""
    path = folder / KEY_FILE_NAME
    with _lock:
        cached = _signers.get(path)
        if cached is not None and path.exists():
            return cached
        if path.exists():
            signer = _read_key_file(path)
        elif create:
            signer = _create_key_file(path)
        else:
            return None
        _signers[path] = signer
        return signer


def proctor_signer(db: Database, data_dir: Path | None = None) -> Signer:
    """The key the proctor's console and commands seal with, created on first use."""
    signer = load_signer(key_folder(db, data_dir))
    assert signer is not None
    return signer


def trusted_keys(db: Database, data_dir: Path | None = None) -> dict[str, bytes]:
    """Public keys this PC trusts: its own seal key and ``trusted-seal-keys/*.pub`` (hex)."""
    return trusted_in(key_folder(db, data_dir))


def trusted_in(folder: Path) -> dict[str, bytes]:
    """The keys trusted by the PC whose key folder is ``folder``."""
    found: dict[str, bytes] = {}
    own = load_signer(folder, create=False)
    if own is not None:
        found[own.key_id] = own.public
    with contextlib.suppress(OSError):
        for path in sorted((folder / TRUSTED_DIR_NAME).glob("*.pub")):
            with contextlib.suppress(OSError, ValueError):
                public = bytes.fromhex(path.read_text(encoding="ascii").strip())
                if len(public) == 32:
                    found[key_id_of(public)] = public
    return found


def _register_key(session: Session, signer: Signer) -> None:
    if session.get(SealKey, signer.key_id) is None:
        session.add(
            SealKey(
                key_id=signer.key_id, public_hex=signer.public.hex(), created_at=datetime.now(UTC)
            )
        )
        session.flush()


# --- what is signed ---------------------------------------------------------------------------


def _utc_text(when: datetime | None) -> str:
    if when is None:
        return ""
    return as_utc(when).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _canonical(body: object) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def definition_digest(definition: ExamDefinition) -> str:
    """The hash of the definition's version a session was run with."""
    return _sha(
        _canonical(
            [
                definition.id,
                definition.name,
                definition.course_id,
                definition.parts_json,
                definition.minutes,
                _num(definition.pass_percent),
                definition.attempts_allowed,
                bool(definition.shuffle_questions),
                bool(definition.shuffle_options),
                definition.show_after,
            ]
        )
    )


def person_digest(salt_hex: str, learner: Learner) -> str:
    """Who the result belongs to, as a salted digest: the seal outlives an erased name."""
    return _sha(_canonical([salt_hex, learner.id, learner.full_name, learner.employee_code]))


def attempt_body(
    sess: ExamSession,
    definition_sha: str,
    candidate_id: int,
    person: str,
    attempt: Attempt,
    answers: list[Answer],
) -> bytes:
    """The canonical bytes signed for one attempt: everything that gives it meaning."""
    return _canonical(
        {
            "v": 1,
            "session": [sess.id, sess.code, sess.exam_date, sess.room, sess.definition_id],
            "definition_sha256": definition_sha,
            "candidate": candidate_id,
            "learner": attempt.learner_id,
            "person": person,
            "attempt": [
                attempt.id,
                attempt.kind,
                attempt.course_id,
                attempt.seed,
                _sha(json_record.encode(attempt.questions)),
                attempt.content_hash,
                attempt.question_count,
                _num(attempt.pass_percent),
                _utc_text(attempt.started_at),
                _utc_text(attempt.deadline),
                attempt.extra_seconds or 0,
                _utc_text(attempt.submitted_at),
                attempt.submit_reason,
                _num(attempt.score),
                attempt.correct_count,
                attempt.passed,
            ],
            "answers": [
                [
                    a.question_id,
                    a.position,
                    sorted(a.selected.keys),
                    _num(a.score),
                    _utc_text(a.answered_at),
                ]
                for a in sorted(answers, key=lambda a: a.question_id)
            ],
        }
    )


def _properly_erased(learner: Learner) -> bool:
    """Erased on request (services.learners.erase_person): no code, the anonymous name. A
    learner merely marked erased but carrying a name is checked like anyone else."""
    from ethics_trainer.i18n import LANGUAGES, catalog

    if learner.erased_at is None or learner.employee_code:
        return False
    names = {
        catalog(lang).gettext("security.person.erased_name").format(id=learner.id)
        for lang in LANGUAGES
    }
    return learner.full_name in names


# --- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One tampered, missing, moved, inserted or unsealed attempt (or the manifest itself)."""

    status: str
    attempt_id: int | None
    candidate_id: int | None
    name: str
    detail: str = ""

    def line(self) -> str:
        """One line for the terminal or the console; the name comes from the (writable)
        database, so no control character of it reaches the screen."""
        from ethics_trainer.safe_cells import printable

        return tr(
            f"security.verify.line_{self.status}",
            attempt=self.attempt_id if self.attempt_id is not None else "—",
            name=printable(self.name) or "—",
            detail=printable(self.detail),
        )


@dataclass
class SessionVerdict:
    """The result of checking a session's seals."""

    session_id: int
    code: str
    key_id: str = ""
    key_trusted: bool = False
    verified: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    by_candidate: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


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
class _Manifest:
    definition_sha: str
    entries: dict[int, tuple[int, int, str]]  # attempt id -> (candidate id, learner id, body sha)


def _read_manifest(
    session: Session, sess: ExamSession, trusted: dict[str, bytes] | None, verdict: SessionVerdict
) -> _Manifest | None:
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
    return _Manifest(str(body.get("definition_sha256", "")), entries)


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
        manifest = _read_manifest(session, sess, trusted, verdict)
        entries = manifest.entries if manifest else {}
        note = _note(folder, sess) if folder is not None else None
        if manifest is None and (signatures or note is not None) and not verdict.problems:
            verdict.problems.append(
                Problem(STATUS_MISSING, None, None, tr("security.verify.manifest"))
            )
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

        legacy_bad = _legacy_tampered(session, wanted)
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
            erased = learner is not None and _properly_erased(learner)
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
            if _sha(body) != body_sha or not _signed(key, body, sig.signature_hex):
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


def _legacy_tampered(session: Session, attempt_ids: set[int]) -> set[int]:
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


# --- sealing ----------------------------------------------------------------------------------


def _lock_session(session: Session, session_id: int) -> None:
    """Take the session's row (PostgreSQL) or the write lock (SQLite) before reading, so two
    consoles sealing at once take turns."""
    session.execute(
        update(ExamSession)
        .where(col(ExamSession.id) == session_id)
        .values(code=ExamSession.code)
        .execution_options(synchronize_session=False)
    )


def seal_session(db: Database, session_id: int, signer: Signer) -> int:
    """Sign every submitted, not yet sealed attempt of the session and re-sign its manifest;
    return how many attempts were sealed.

    The manifest is extended from its signed text, never rebuilt from the result tables, so
    an attempt edited since its seal stays flagged. Refuses (UserError) when the manifest no
    longer verifies with a key this PC trusts.
    """
    folder = signer.folder
    trusted = {**trusted_in(folder), signer.key_id: signer.public}
    _check_before_first_seal_here(db, session_id, signer, trusted)
    now = datetime.now(UTC)
    record: tuple[str, int, str] | None = None  # (code, count, manifest text) to remember
    with db.session() as session:
        _lock_session(session, session_id)
        sess = session.get(ExamSession, session_id)
        assert sess is not None
        row = session.get(SessionManifest, session_id)
        old = _Manifest("", {})
        note = seal_ledger.find_note(folder, session_id, sess.code, signer.public, _facts(sess))
        broken = SealBroken(
            tr("security.seal.broken", code=sess.code),
            tr("security.seal.broken_hint", code=sess.code),
        )
        if row is None and note is not None:
            raise broken  # sealed here before: a vanished manifest is never rebuilt
        if row is not None:
            check = SessionVerdict(session_id, sess.code)
            found = _read_manifest(session, sess, trusted, check)
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
        legacy_bad = _legacy_tampered(session, {a.id for _c, a, _l in pairs if a.id is not None})
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
            _register_key(session, signer)
            session.add(
                AttemptSignature(
                    attempt_id=attempt.id,
                    session_id=session_id,
                    candidate_id=cand.id,
                    person_digest=person,
                    person_salt=salt,
                    body_sha256=_sha(body),
                    key_id=signer.key_id,
                    signature_hex=signer.sign(body),
                    sealed_at=now,
                )
            )
            entries[attempt.id] = (cand.id, attempt.learner_id, _sha(body))
            added += 1
        if added:
            text = _canonical(
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
        facts = _facts(sess)
    if record is not None:  # after the commit: a note never claims more than the database holds
        code, count, text = record
        seal_ledger.write_note(folder, session_id, code, count, text, signer.sign, facts)
    return added


# problems that forbid taking over a session sealed before this PC kept notes; "unsealed"
# (handed in since) is normal and gets sealed
_TAMPERED = BAD_STATUSES - {STATUS_UNSEALED}


def _check_before_first_seal_here(
    db: Database, session_id: int, signer: Signer, trusted: dict[str, bytes]
) -> None:
    """A session sealed before this PC kept notes (an older version, or another proctor PC):
    before it is extended and noted here for the first time, everything sealed must verify
    by the method it was sealed with. A session that does not is reported, never re-sealed:
    the next seal would otherwise make this PC vouch for an edit made before the upgrade."""
    with db.session() as session:
        sess = session.get(ExamSession, session_id)
        if sess is None or session.get(SessionManifest, session_id) is None:
            return
        code, facts = sess.code, _facts(sess)
    if seal_ledger.find_note(signer.folder, session_id, code, signer.public, facts) is not None:
        return
    verdict = verify_session(db, session_id, trusted=trusted)
    tampered = [p for p in verdict.problems if p.status in _TAMPERED]
    if tampered:
        # A seal list signed by a trusted key is remembered as sealed (count unknown), so
        # deleting its seals cannot get it sealed from scratch later; nothing in it is signed
        # again. A seal list no trusted key signed (a room PC's) is not: it proves no seal.
        genuine = verdict.key_trusted and not any(p.attempt_id is None for p in tampered)
        if genuine:
            seal_ledger.write_note(signer.folder, session_id, code, 0, "", signer.sign, facts)
        raise SealBroken(
            tr("security.seal.upgrade_refused", code=code, count=len(tampered)),
            tr("security.seal.broken_hint", code=code),
        )


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade_sessions` did with one session sealed before this PC's notes."""

    session_id: int
    code: str
    ok: bool
    message: str


def sessions_without_note(db: Database, folder: Path) -> list[tuple[int, str]]:
    """(id, code) of the sessions that have a seal list but no note on this PC."""
    own = load_signer(folder, create=False)
    with db.session() as session:
        rows = session.exec(
            select(ExamSession.id, ExamSession.code).where(
                col(ExamSession.id).in_(select(SessionManifest.session_id))
            )
        ).all()
    return [
        (int(sid), str(code))
        for sid, code in rows
        if seal_ledger.read_note(folder, int(sid), str(code), own.public if own else None) is None
    ]


def upgrade_sessions(db: Database, signer: Signer, session_ids: list[int]) -> list[Upgrade]:
    """Take over sessions sealed before this PC kept notes: verify each by the method it was
    sealed with, then seal what was handed in since and write this PC's note. A session that
    does not verify is reported (``ok`` False) and left as it is."""
    done: list[Upgrade] = []
    for session_id in session_ids:
        with db.session() as session:
            sess = session.get(ExamSession, session_id)
            code = sess.code if sess is not None else str(session_id)
        try:
            sealed = seal_session(db, session_id, signer)
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


def take_over_sessions(db: Database, data_dir: Path | None = None) -> list[Upgrade]:
    """What the proctor console does when it opens: every session sealed before this PC kept
    notes is verified and taken over at once, not only when someone selects it."""
    signer = proctor_signer(db, data_dir)
    ids = [sid for sid, _code in sessions_without_note(db, signer.folder)]
    return upgrade_sessions(db, signer, ids)


def _facts(sess: ExamSession) -> list[object]:
    """What tells a session apart besides its number and code (seal_ledger.find_note)."""
    return [str(sess.exam_date), str(sess.room), sess.definition_id]


def _note(folder: Path, sess: ExamSession) -> seal_ledger.SealNote | None:
    """This PC's note of having sealed ``sess`` (None when it never did)."""
    own = load_signer(folder, create=False)
    assert sess.id is not None
    return seal_ledger.find_note(
        folder, sess.id, sess.code, own.public if own else None, _facts(sess)
    )


def verify_here(db: Database, session_id: int, data_dir: Path | None = None) -> SessionVerdict:
    """Check a session as this PC sees it: with the keys it trusts and the notes it keeps."""
    folder = key_folder(db, data_dir)
    return verify_session(db, session_id, trusted=trusted_in(folder), folder=folder)


def check_attempts(db: Database, session_id: int, data_dir: Path | None = None) -> dict[int, str]:
    """Candidate id -> seal status for the results table (trusting this PC's keys)."""
    return verify_here(db, session_id, data_dir).by_candidate


def seal_and_verify(db: Database, session_id: int, data_dir: Path | None = None) -> SessionVerdict:
    """What the proctor's console does on each refresh: seal what was handed in since the last
    one, then check the whole session. A manifest that no longer verifies is not extended;
    the verdict then names what is wrong."""
    with contextlib.suppress(SealBroken):
        seal_session(db, session_id, proctor_signer(db, data_dir))
    return verify_here(db, session_id, data_dir)
