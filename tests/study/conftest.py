"""Fixtures for the self-study tests: a learner, the sample library, a search index."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Library


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def library(sample_content: Path) -> Library:
    return load_library(sample_content)


@pytest.fixture
def learner_id(db, clock: FixedClock) -> int:
    from ethics_trainer.services import learners

    return learners.create_learner(db, full_name="Nguyễn Thị Hoa", clock=clock).id
