"""Submitting with answers still pending tells the candidate so, in the current language."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import DatabaseUnavailable
from ethics_trainer.exams.client import CandidateClient, FlushResult
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.i18n import current_language, set_language, tr

from .helpers import make_exam


@pytest.fixture
def english():
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_submit_with_pending_answers_says_so_in_the_current_language(
    db, sample_content, tmp_path: Path, english, monkeypatch
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    client = CandidateClient(
        db, setup.candidates[0].id, "pc-1", AnswerJournal.in_folder(tmp_path), clock=clock
    )
    monkeypatch.setattr(client, "flush", lambda: FlushResult(pending=1, online=False))
    with pytest.raises(DatabaseUnavailable) as caught:
        client.submit()
    assert caught.value.message == tr("errors.database_unreachable")
    assert "Không" not in str(caught.value)
