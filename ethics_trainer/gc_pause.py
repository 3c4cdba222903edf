"""The one place that pauses Python's cyclic garbage collector for speed.

Why: loading a content library, unpickling its cache and building an HR report each create
10**4–10**6 objects and free none until the end; every automatic GC pass walks the growing
heap for nothing. Measured on 300 generated lessons (6,000 questions), median of 5 on the
shared 2-core box: load_library 6.17 s with GC on against 5.00 s paused (1.23×); the HR
report's own note said a third of a fast report's time was GC.

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
    """Automatic cyclic GC off for a bulk build that frees nothing until it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
