"""The first candidate of a new exam, checked in and started on one PC that keeps its own
answer journal: where the tests of answers given offline, replayed or refused begin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.storage.db import Database

from .helpers import Setup, make_exam

MACHINE = "pc-1"


@dataclass
class StartedPc:
    setup: Setup
    candidate_id: int
    journal: AnswerJournal
    client: CandidateClient
    state: AttemptState


def started_on_pc(db: Database, content: Path, clock: FixedClock, folder: Path) -> StartedPc:
    """A new exam whose first candidate checked in and started on ``pc-1``; the PC's answer
    journal lives in ``folder``."""
    setup = make_exam(db, content, clock)
    candidate_id = setup.candidates[0].id
    journal = AnswerJournal.in_folder(folder)
    client = CandidateClient(db, candidate_id, MACHINE, journal, clock=clock)
    client.check_in(setup.session.code)
    state = client.start(setup.library)
    return StartedPc(setup, candidate_id, journal, client, state)
