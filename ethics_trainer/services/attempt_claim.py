"""The lock every writer of an attempt takes first, so answers and submissions of
one attempt happen one after the other (on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from ethics_trainer.storage.models import Attempt

_CLAIM = (
    update(Attempt)
    .where(col(Attempt.id) == bindparam("attempt_id"), col(Attempt.submitted_at).is_(None))
    .values(extra_seconds=Attempt.extra_seconds)
)


def claim_open(connection: Connection, attempt_id: int) -> bool:
    """Lock an attempt that is still open, as the first statement of a writing transaction.

    A writer that read ``submitted_at`` and wrote later could interleave with a submission on
    another PC: the answer would land after scoring (score 0, broken exam seal). This no-op
    UPDATE takes SQLite's write lock (or PostgreSQL's row lock) before anything is read, so
    answers and submissions of one attempt happen one after the other. False: submitted or
    missing.
    """
    return connection.execute(_CLAIM, {"attempt_id": attempt_id}).rowcount == 1
