"""PostgreSQL stopped and started mid-exam: no traceback, answers kept and written, 0 lost.

The engine uses ``pool_pre_ping``, so pooled connections killed by the restart are replaced.
During the outage the services raise :class:`DatabaseUnavailable` (a ``UserError`` the GUI shows
as a message). With the exam client (``ethics_trainer.exams.client``) answers go to the PC's
journal first and are written when the server is back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.services import attempts, learners
from ethics_trainer.storage.db import open_database

pytestmark = pytest.mark.postgres


@contextmanager
def server_down(server) -> Iterator[None]:
    server.stop()
    try:
        yield
    finally:
        server.start()


def keys_for(question: dict) -> list[str]:
    return [o.key for o in question.options if o.correct]


def test_services_say_unavailable_then_write_after_restart(
    postgres_server, postgres_url: str, sample_content: Path
) -> None:
    course = load_library(sample_content).courses[0]
    clock = FixedClock()
    db = open_database(postgres_url)
    me = learners.create_learner(db, full_name="Bùi Thị Thu", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=3, clock=clock)
    first, second, third = state.questions
    attempts.record_answer(db, state.id, first.id, keys_for(first), clock=clock)
    given = {first.id}
    with server_down(postgres_server):
        for _ in range(2):  # every try fails cleanly while the server is away
            with pytest.raises(DatabaseUnavailable) as caught:
                attempts.record_answer(db, state.id, second.id, keys_for(second), clock=clock)
            assert isinstance(caught.value, UserError) and caught.value.message
    # the same engine, after the restart: stale pooled connections are pinged and replaced
    attempts.record_answer(db, state.id, second.id, keys_for(second), clock=clock)
    attempts.record_answer(db, state.id, third.id, keys_for(third), clock=clock)
    given |= {second.id, third.id}
    stored = attempts.get_attempt(db, state.id)
    assert {q for q, a in stored.answers.items() if a.selected} == given
    assert stored.deadline == state.deadline
    assert attempts.submit_attempt(db, state.id, clock=clock).score == 100.0
    db.dispose()


def test_exam_client_journals_answers_through_the_outage(
    postgres_server, postgres_url: str, sample_content: Path, tmp_path: Path
) -> None:
    client_module = pytest.importorskip("ethics_trainer.exams.client")
    journal_module = pytest.importorskip("ethics_trainer.exams.journal")
    helpers = pytest.importorskip("tests.exams.helpers")
    from ethics_trainer.exams import submission

    clock = FixedClock()
    db = open_database(postgres_url)
    setup = helpers.make_exam(db, sample_content, clock)
    candidate = setup.candidates[0].id
    journal = journal_module.AnswerJournal(tmp_path / "journal.sqlite3")
    client = client_module.CandidateClient(db, candidate, "pc-7", journal, clock=clock)
    client.check_in(setup.session.code)
    state = client.start(setup.library)
    questions = state.questions
    assert client.answer(questions[0].id, keys_for(questions[0])).online
    with server_down(postgres_server):
        for q in questions[1:]:
            clock.advance(5)
            result = client.answer(q.id, keys_for(q))  # no exception reaches the screen
            assert not result.online
        assert set(client.pending_answers()) == {q.id for q in questions[1:]}
    flushed = client.flush()
    assert flushed.online and flushed.pending == 0 and not flushed.rejected
    stored = attempts.get_attempt(db, state.id)
    assert {q for q, a in stored.answers.items() if a.selected} == {q.id for q in questions}
    done = submission.submit(db, candidate, "pc-7", clock=clock)
    assert done.score == 100.0
    journal.close()
    db.dispose()
