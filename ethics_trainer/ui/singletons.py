"""Keep ``None``, ``True`` and ``False`` alive whatever a binding does to their reference counts.

The exit abort ("Fatal Python error: bool_dealloc / none_dealloc", issue #13) is not in our
signals: PySide6 6.12.0 drops one reference to ``None`` on every call of a ``void`` Qt method
from Python (``setText``, ``click``, ...) and one to ``True`` on every ``Signal.emit()``
(tests/faults/test_exit_abort.py measures both). On Python 3.11 those singletons are ordinary
objects: after enough calls their count reaches zero — often only when the interpreter releases
its own references at exit, so the abort depended on how long the app had run.

Python 3.12 made the three singletons immortal (PEP 683) for exactly this kind of bug. On 3.11
we do the same by adding 2**40 to their counts once, before any Qt call: no binding can drop
that many. Nothing else changes (the objects are never freed anyway).
"""

from __future__ import annotations

import sys

# ctypes' own C module: its Python package (``ctypes/__init__.py``) costs ≈ 1 ms before the
# first paint and adds nothing needed here (issue #17).
from _ctypes import _SimpleCData

_MARGIN = 1 << 40
_done = False


class _SSize(_SimpleCData):
    """A ``Py_ssize_t`` (``ctypes.c_ssize_t``): ``long long`` on 64-bit builds, ``int`` else."""

    _type_ = "q" if sys.maxsize > 2**32 else "i"


def keep_singletons_alive() -> bool:
    """Idempotent; True when the counts were raised (CPython < 3.12, release build)."""
    global _done
    if _done:
        return False
    _done = True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False  # immortal already (PEP 683), or no reference counts to protect
    if hasattr(sys, "gettotalrefcount"):
        return False  # a debug build: the header differs; the abort shows the bug there
    for singleton in (None, True, False):
        count = _SSize.from_address(id(singleton))  # ob_refcnt: first field
        count.value += _MARGIN
    return True
