"""The one place that pauses Python's cyclic garbage collector for speed.

Why: loading a content library, unpickling its cache, building an HR report and launching the
GUI each create 10**4–10**6 objects and free none until the end; every automatic GC pass walks
the growing heap for nothing. Measured on 300 generated lessons (6,000 questions), median of
5 on the shared 2-core box: load_library 6.17 s with GC on against 5.00 s paused (1.23×); the
HR report's own note said a third of a fast report's time was GC.

The pause restores the state it found: when the GUI has switched automatic collection off
(``ui/toolkit/gui_gc.py``, which collects on the GUI thread only so no widget dies on a
worker — a crash fix, not a speed trick), a pause on a worker thread leaves it off.
No other module calls ``gc`` (``tests/records/test_gc_places.py``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Automatic cyclic GC off for a bulk build that frees nothing until it ends; what the
    build made is then moved to the oldest generation (:func:`_promote_young`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _promote_young()
        if enabled:
            gc.enable()


def pause_for_gui() -> None:
    """Automatic collection off for good, from the GUI package's first import.

    Why: on the way to the first paint a launch imports PySide6 and 56 of our modules and
    builds the window, ≈ 30,000 tracked objects of which almost none die: 39 automatic passes
    (36 young, 3 middle) freed 337 objects and cost ≈ 3–5 ms of a ≈ 160 ms start (issue #17,
    ``bench/notes/31-startup.md``). A GUI process never turns it back on:
    ``ui/toolkit/gui_gc.py`` collects on the GUI thread's timer instead (a crash fix).
    """
    gc.disable()


def _promote_young() -> None:
    """Move every object the collector tracks to its oldest generation, walking none.

    Why: a build leaves 10**5–10**6 new objects in the youngest generation; the first
    automatic pass after the pause walked them all (about 0.05 s after a 1,000-lesson load,
    inside the load's time) and the next passes walked them again on their way to the oldest
    generation. ``freeze`` moves all tracked objects to the permanent generation and
    ``unfreeze`` puts them back into the oldest one: two list splices, nothing walked, and
    everything stays collectable (a full collection still sees it). Nothing else freezes
    objects here (``tests/records/test_gc_places.py``), so none is unfrozen by surprise.
    """
    gc.freeze()
    gc.unfreeze()
