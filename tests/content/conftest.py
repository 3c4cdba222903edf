"""Content tests read the checker's messages in English; Vietnamese is restored after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ethics_trainer.i18n import set_language


@pytest.fixture
def english() -> Iterator[None]:
    """The messages in English for one test (``pytestmark = usefixtures("english")``)."""
    set_language("en")
    yield
    set_language("vi")
