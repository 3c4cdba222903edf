"""Every model time is aware UTC on the way in and on the way out, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError
from sqlmodel import select

from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.storage.models import Learner
from ethics_trainer.storage.utc_datetime import NaiveDatetimeError

HANOI = timezone(timedelta(hours=7))


def _round_trip(db: Database) -> None:
    local = datetime(2026, 12, 3, 9, 30, 15, 250000, tzinfo=HANOI)
    with db.session() as session:
        session.add(Learner(full_name="Đỗ Minh Châu", created_at=local))
    with db.session() as session:
        row = session.exec(select(Learner)).one()
        # compared in SQL with an aware bound value
        found = session.exec(select(Learner).where(Learner.created_at >= local)).all()
    assert row.created_at.tzinfo is UTC
    assert row.created_at == local
    assert row.created_at.hour == 2  # 09:30 in Hà Nội is 02:30 UTC
    assert row.last_used_at is None
    assert len(found) == 1

    with pytest.raises(StatementError) as caught, db.session() as session:
        session.add(Learner(full_name="Naive", created_at=datetime(2026, 12, 3, 9, 30)))
    assert isinstance(caught.value.orig, NaiveDatetimeError)
    with pytest.raises(StatementError), db.session() as session:
        session.exec(select(Learner).where(Learner.created_at >= datetime(2026, 1, 1))).all()
    with db.session() as session:
        assert len(session.exec(select(Learner)).all()) == 1  # the naive row was not written


def test_sqlite_times_are_aware_utc(tmp_path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'utc.db'}")
    _round_trip(db)
    with db.engine.connect() as connection:
        (text,) = connection.exec_driver_sql("SELECT created_at FROM learner").one()
    assert text == "2026-12-03 02:30:15.250000"  # the text earlier versions wrote: UTC, no zone
    db.dispose()


@pytest.mark.postgres
def test_postgres_times_are_aware_utc_whatever_the_session_zone(postgres_url: str) -> None:
    db = open_database(postgres_url)
    _round_trip(db)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("SET TIME ZONE 'Asia/Ho_Chi_Minh'")
        (value,) = connection.exec_driver_sql("SELECT created_at FROM learner").one()
    assert value.utcoffset() == timedelta(hours=7)  # the driver's own value is in the zone…
    with db.session() as session:
        session.connection().exec_driver_sql("SET TIME ZONE 'Asia/Ho_Chi_Minh'")
        row = session.exec(select(Learner)).one()
    assert row.created_at.tzinfo is UTC  # … the column gives UTC
    assert row.created_at == datetime(2026, 12, 3, 2, 30, 15, 250000, tzinfo=UTC)
    db.dispose()
