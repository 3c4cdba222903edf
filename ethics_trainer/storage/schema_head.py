"""The newest schema revision, read from the migration files without Alembic or SQLAlchemy.

Opening a database compares it with the ``alembic_version`` table (``migrate.upgrade``), and
so does the desktop app's light start-up read (``services/profile_list.py``), which must not
load SQLAlchemy: so it lives apart from ``migrate.py``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(?:None|['\"]([^'\"]+)['\"])", re.MULTILINE)


@cache
def head_revision() -> str:
    """The newest revision: the one no other migration names as its ``down_revision``."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION_RE.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN_RE.search(source)
        if down is not None and down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()
