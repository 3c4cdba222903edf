"""Python's garbage collector is touched in two documented places only: ``gc_pause.py`` (the
one speed trick, measured there) and ``ui/toolkit/gui_gc.py`` (collection on the GUI thread,
a crash fix). Any other ``gc.disable``/``gc.collect``/``gc.freeze`` fails this test."""

from __future__ import annotations

import gc
import re
import threading
from pathlib import Path

import ethics_trainer
from ethics_trainer.gc_pause import paused_gc

ROOT = Path(ethics_trainer.__file__).resolve().parent
CALL = re.compile(r"\bgc\.(disable|enable|collect|freeze|unfreeze|set_threshold)\(")
PLACES = {"gc_pause.py", "ui/toolkit/gui_gc.py"}


def test_gc_is_switched_in_two_places_only() -> None:
    found = {
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if CALL.search(path.read_text(encoding="utf-8"))
    }
    assert found == PLACES


def test_a_pause_restores_what_it_found() -> None:
    """Paused on a worker while the GUI keeps automatic collection off: it stays off."""
    was = gc.isenabled()
    try:
        gc.enable()
        with paused_gc():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()  # as ui/toolkit/gui_gc.py leaves it
        seen: list[bool] = []
        worker = threading.Thread(target=lambda: seen.append(_pause_and_report()))
        worker.start()
        worker.join()
        assert seen == [False] and not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def _pause_and_report() -> bool:
    with paused_gc():
        pass
    return gc.isenabled()
