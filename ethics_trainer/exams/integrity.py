"""Tamper evidence: an HMAC over each submitted exam attempt's answers and score.

The key is created once per installation (SQLite: a file next to the database, outside the
database itself) or per shared server (PostgreSQL: its own table, apart from the result tables).
A result edited by hand no longer matches its seal, and reports flag it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.models import Answer, Attempt, AttemptSeal, IntegrityKey

KEY_FILE_NAME = "ethics-trainer-integrity.key"
STATUS_OK = "ok"
STATUS_MISMATCH = "mismatch"
STATUS_UNSEALED = "unsealed"

_keys: dict[str, bytes] = {}
_lock = threading.Lock()


def key_file_for(engine: Engine) -> Path | None:
    """Where a SQLite installation keeps its key; None for a server database."""
    if engine.url.get_backend_name() != "sqlite":
        return None
    database = engine.url.database or ""
    if not database or database == ":memory:":
        return None
    return Path(database).resolve().parent / KEY_FILE_NAME


KEY_HEX_LENGTH = 64


def _read_key_file(path: Path) -> bytes:
    """The key in an existing key file; refuses anything but exactly 64 hex characters, since
    an empty or cut-off key would make every seal meaningless."""
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) != KEY_HEX_LENGTH:
            raise ValueError(text)
        return bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise UserError(
            tr("exams.integrity.bad_key_file", path=str(path)),
            tr("exams.integrity.bad_key_file_hint"),
        ) from error


def _file_key(path: Path) -> bytes:
    """The installation's key file, created on first use.

    The key is written and synced to a temporary file first, then linked into place:
    ``os.link`` fails if the key file exists, so the key file never exists half-written, and
    when two processes race, both end up with the one that was linked first.
    """
    if path.exists():
        return _read_key_file(path)
    key = secrets.token_bytes(32)
    fd, tmp_name = tempfile.mkstemp(prefix=".integrity-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key.hex())
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
    _sync_folder(path.parent)
    return key


def _sync_folder(folder: Path) -> None:
    """Make the new directory entry durable too (not possible on Windows: skipped)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _table_key(session: Session) -> bytes:
    row = session.get(IntegrityKey, 1)
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    IntegrityKey(id=1, key_hex=secrets.token_hex(32), created_at=datetime.now(UTC))
                )
        except IntegrityError:
            pass  # another PC created it first
        row = session.get(IntegrityKey, 1)
    assert row is not None
    return bytes.fromhex(row.key_hex)


def installation_key(session: Session) -> bytes:
    """The HMAC key for the database this session talks to (created on first use)."""
    engine = session.get_bind()
    assert isinstance(engine, Engine) or hasattr(engine, "url")
    cache_key = str(engine.url)
    with _lock:
        cached = _keys.get(cache_key)
        if cached is not None:
            return cached
        path = key_file_for(engine)  # type: ignore[arg-type]
        key = _file_key(path) if path is not None else _table_key(session)
        _keys[cache_key] = key
        return key


def _utc_text(when: datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def canonical_message(attempt: Attempt, answers: list[Answer]) -> bytes:
    """What is signed: who, when, the score and every answer with its score."""
    body = {
        "attempt": attempt.id,
        "learner": attempt.learner_id,
        "kind": attempt.kind,
        "submitted_at": _utc_text(attempt.submitted_at),
        "score": None if attempt.score is None else round(float(attempt.score), 4),
        "correct": attempt.correct_count,
        "passed": attempt.passed,
        "answers": [
            [
                a.question_id,
                sorted(json.loads(a.selected_json or "[]")),
                None if a.score is None else round(float(a.score), 4),
            ]
            for a in sorted(answers, key=lambda a: a.question_id)
        ],
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")


def compute_mac(session: Session, attempt: Attempt) -> str:
    answers = list(session.exec(select(Answer).where(Answer.attempt_id == attempt.id)).all())
    return hmac.new(
        installation_key(session), canonical_message(attempt, answers), hashlib.sha256
    ).hexdigest()


def seal_in_session(session: Session, attempt: Attempt) -> None:
    """Store the attempt's seal inside the submitting transaction."""
    assert attempt.id is not None
    mac = compute_mac(session, attempt)
    row = session.get(AttemptSeal, attempt.id)
    if row is None:
        row = AttemptSeal(attempt_id=attempt.id, mac_hex=mac, sealed_at=datetime.now(UTC))
    row.mac_hex = mac
    session.add(row)
    session.flush()


def check_attempt(session: Session, attempt: Attempt) -> str:
    """``ok``, ``mismatch`` (edited after submission) or ``unsealed`` (no seal at all)."""
    seal = session.get(AttemptSeal, attempt.id)
    if seal is None:
        return STATUS_UNSEALED
    expected = compute_mac(session, attempt)
    return STATUS_OK if hmac.compare_digest(expected, seal.mac_hex) else STATUS_MISMATCH


def check_attempts(session: Session, attempt_ids: list[int]) -> dict[int, str]:
    """The integrity status of each submitted attempt among ``attempt_ids``."""
    if not attempt_ids:
        return {}
    rows = session.exec(
        select(Attempt).where(
            col(Attempt.id).in_(attempt_ids), col(Attempt.submitted_at).is_not(None)
        )
    ).all()
    return {a.id: check_attempt(session, a) for a in rows if a.id is not None}
