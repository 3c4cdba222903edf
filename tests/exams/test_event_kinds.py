"""Every kind of minutes line has its sentence in both languages (``events.EventKind`` is the
one list; the type checker refuses logging a kind it does not hold)."""

from __future__ import annotations

import pytest

from ethics_trainer.exams import events
from ethics_trainer.i18n import LANGUAGES, catalog


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_event_kind_reads_as_a_sentence(language: str) -> None:
    messages = catalog(language)
    missing = [
        kind
        for kind in events.KINDS
        if messages.gettext(f"exams.event.{kind}") == f"exams.event.{kind}"
    ]
    assert missing == []
    assert "sealed_unsealed" in events.KINDS  # logged by sealing.py, now listed
