"""`exam roster` shows how far a long roster has got on a terminal, and nothing to a script."""

from __future__ import annotations

import io

import pytest

from ethics_trainer import i18n
from ethics_trainer.cli import exam_room_cmd


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language("vi")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert exam_room_cmd.terminal_progress("delivery.roster.reading") is None
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    show = exam_room_cmd.terminal_progress("delivery.roster.storing")
    assert show is not None
    for done in (0, 50_000, 100_000):
        show(done, 100_000)
    text = screen.getvalue()
    assert "\rĐang lưu danh sách thí sinh… 50%" in text
    assert text.endswith("100%\n")  # the last update ends the line
