"""A GC pause leaves what it made in the oldest generation, nothing frozen (issue #17).

After a 1,000-lesson load the first automatic young collection walked the whole new library
(about 0.05 s, inside the load's time); ``gc_pause`` now moves what the pause made straight
to the oldest generation. These tests fail if it stays young (walked again), or if anything
is left in the permanent generation (never collected: a leak).
"""

from __future__ import annotations

import gc
import weakref

import pytest

from ethics_trainer.gc_pause import paused_gc


class _Node:
    """An object that can sit in a reference cycle and be watched by a weak reference."""

    me: object = None


@pytest.mark.parametrize("enabled", [True, False], ids=["gc on", "gc off (GUI)"])
def test_what_a_pause_made_is_old_and_still_collectable(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with paused_gc():
            made = [[index] for index in range(2000)]
            node = _Node()
            node.me = node  # a cycle only the collector can free
            watch = weakref.ref(node)
            del node
        assert gc.isenabled() is enabled
        old = {id(o) for o in gc.get_objects(generation=2)}
        assert all(id(item) in old for item in made)
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert watch() is None
    finally:
        (gc.enable if was else gc.disable)()
