"""The server-time offset of a candidate PC does not count a slow connection."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import event

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.exams.server_time import server_offset


@pytest.mark.postgres
def test_server_offset_does_not_count_a_slow_connect(postgres_url: str) -> None:
    """Checking a connection out of the pool takes 2 s: the offset stays about zero."""
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:

        def slow_checkout(*_args: object) -> None:
            time.sleep(2)

        event.listen(db.engine, "checkout", slow_checkout)
        assert server_offset(db, SYSTEM_CLOCK) == timedelta(0)
    finally:
        db.dispose()
