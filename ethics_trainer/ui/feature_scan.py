"""Answer PySide6's "does this module use PySide6?" for our own modules without reading them.

PySide6 (6.12) hooks ``import``: the first time any import statement names a module after
PySide6 is loaded, it reads the module's whole source (``inspect.getsource``) to look for the
word "PySide6", and decides whether ``from __feature__ import snake_case`` switching applies
to it. Before the first paint that is ≈ 70 of our modules read, tokenised into ``linecache``
and kept there for the life of the process: ≈ 40 M instructions, 3 % of the start-up, and
their text in memory (issue #17; a frozen bundle has no sources, so it already skips this).

For our package the answer is known without reading: only ``ethics_trainer.ui`` may import
PySide6 (``tests/test_boundaries.py`` proves it), and no module of ours uses ``__feature__``,
so either answer gives the same behaviour (no feature switching). The standard library never
names PySide6, so its modules (≈ 50 before the first paint, from ``typing`` to ``datetime``:
≈ 4 ms of reading and tokenising, kept in ``linecache``) are answered "no" from their path.
Any other module is still asked about the way PySide6 asks. The hook is a private function of
PySide6's support code: if a later PySide6 renames it, this does nothing and start-up is only
slower.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

OWN = "ethics_trainer"
GUI = "ethics_trainer.ui"
_MARK = "_ethics_trainer_own_answer"
# The folder of the standard library's sources (``os`` is always one of them), and the folders
# inside it that hold installed packages instead.
STDLIB = os.path.dirname(os.__file__) + os.sep
INSTALLED = ("site-packages", "dist-packages")


def _is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def in_standard_library(module: ModuleType) -> bool:
    """Whether the module's source file is one of the standard library's."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.startswith(STDLIB):
        return False
    return path[len(STDLIB) :].split(os.sep, 1)[0] not in INSTALLED


def answer_for_own_modules() -> bool:
    """Replace the source scan for our modules; True when installed now. Call it after
    PySide6 is imported (the support module exists from then on)."""
    feature = sys.modules.get("shibokensupport.feature")
    scan: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, _MARK, False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        if isinstance(name, str) and _is_under(name, OWN):
            return _is_under(name, GUI)
        if in_standard_library(module):
            return False
        return scan(module)

    setattr(uses_pyside, _MARK, True)
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a module we don't own)
    return True
