"""The database's own clock, for rules every PC must agree on (the password lockout).

A room PC's clock may be wrong by years, by accident or on purpose; the one clock all PCs
share is the database server's (PostgreSQL ``now()``). For a SQLite file it is the clock of
the PC that opens the file, which is then the only PC involved.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from ethics_trainer.clock import as_utc


def server_now(session: Session) -> datetime:
    """The database server's current time, timezone-aware UTC."""
    if session.get_bind().dialect.name == "postgresql":
        value: datetime = session.execute(text("SELECT now()")).scalar_one()
        return as_utc(value)
    raw: str = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
    return as_utc(datetime.fromisoformat(str(raw)))
