"""The HMAC seals of schema 0002/0003, checked once, when migration 0004 replaces them.

Before 0004 each submitted exam attempt carried an HMAC (``attempt_seal``) made with a key in
a file beside the SQLite database, or in the ``integrity_key`` table of a shared server.
0004 drops the key (every room PC could read it) and the HMACs. Dropping them unchecked made
every old session look "never sealed" to the new seal, which would then sign whatever the
rows said at that moment. So the migration first checks each HMAC the way the old version
did, and keeps only the verdict (``legacy_seal``): an attempt whose old seal does not verify
is named as tampered and never sealed again; one that verifies is sealed with Ed25519 when
the proctor's PC takes the session over.

This module must keep computing exactly what the old version computed: do not "improve" it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

KEY_FILE_NAME = "ethics-trainer-integrity.key"  # the 0002 key file beside a SQLite database

_meta = sa.MetaData()
_attempt = sa.Table(
    "attempt",
    _meta,
    sa.Column("id", sa.Integer),
    sa.Column("learner_id", sa.Integer),
    sa.Column("kind", sa.String),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("score", sa.Float),
    sa.Column("correct_count", sa.Integer),
    sa.Column("passed", sa.Boolean),
)
_answer = sa.Table(
    "answer",
    _meta,
    sa.Column("attempt_id", sa.Integer),
    sa.Column("question_id", sa.String),
    sa.Column("selected_json", sa.Text),
    sa.Column("score", sa.Float),
)


def _utc_text(when: datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def canonical_message(attempt: sa.Row, answers: list[sa.Row]) -> bytes:  # type: ignore[type-arg]
    """What the 0002 seal covered: who, when, the score and every answer with its score."""
    body = {
        "attempt": attempt.id,
        "learner": attempt.learner_id,
        "kind": attempt.kind,
        "submitted_at": _utc_text(attempt.submitted_at),
        "score": _round(attempt.score),
        "correct": attempt.correct_count,
        "passed": None if attempt.passed is None else bool(attempt.passed),
        "answers": [
            [a.question_id, sorted(json.loads(a.selected_json or "[]")), _round(a.score)]
            for a in sorted(answers, key=lambda a: a.question_id)
        ],
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")


def legacy_key(connection: Connection) -> bytes | None:
    """The 0002 HMAC key: the file beside a SQLite database, else the ``integrity_key`` row."""
    url = connection.engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:":
            return None
        try:
            text = (Path(database).resolve().parent / KEY_FILE_NAME).read_text(encoding="ascii")
            return bytes.fromhex(text.strip())
        except (OSError, ValueError):
            return None
    row = connection.execute(sa.text("SELECT key_hex FROM integrity_key WHERE id = 1")).first()
    try:
        return bytes.fromhex(row[0]) if row else None
    except ValueError:
        return None


def check_all(connection: Connection) -> dict[int, bool]:
    """attempt id -> whether its 0002 HMAC still verifies (False when the key is gone)."""
    seals = {
        int(a): str(m)
        for a, m in connection.execute(sa.text("SELECT attempt_id, mac_hex FROM attempt_seal"))
    }
    if not seals:
        return {}
    key = legacy_key(connection)
    verdicts: dict[int, bool] = {}
    for attempt_id, mac_hex in seals.items():
        attempt = connection.execute(sa.select(_attempt).where(_attempt.c.id == attempt_id)).first()
        if key is None or attempt is None:
            verdicts[attempt_id] = False
            continue
        answers = list(
            connection.execute(sa.select(_answer).where(_answer.c.attempt_id == attempt_id))
        )
        expected = hmac.new(key, canonical_message(attempt, answers), hashlib.sha256).hexdigest()
        verdicts[attempt_id] = hmac.compare_digest(expected, mac_hex)
    return verdicts
