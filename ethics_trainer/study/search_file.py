"""The search index file on disk: its tables, and which content it was built from.

The index stores the library's ``content_hash`` and schema version; a file from other
content, another version or damaged reads as "not current" and is rebuilt, never trusted.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA_VERSION = "2"  # 2: a section without text of its own shows its subsection's

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL, item_id TEXT NOT NULL, course_id TEXT NOT NULL, lesson_id TEXT NOT NULL,
    title TEXT NOT NULL, section TEXT NOT NULL, anchor TEXT NOT NULL,
    body TEXT NOT NULL, extra TEXT NOT NULL,
    title_f TEXT NOT NULL, body_f TEXT NOT NULL, extra_f TEXT NOT NULL
);
"""
FTS_SCHEMA = """
CREATE VIRTUAL TABLE entry_fts USING fts5(
    title_f, body_f, extra_f, content='entry', content_rowid='id', prefix='2 3'
);
"""


def connect_readonly(index_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{index_path.resolve().as_uri()}?mode=ro", uri=True)


def fts5_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite was built with FTS5 (most are; some system builds are not)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp._fts5_probe")
    except sqlite3.Error:
        return False
    return True


def read_meta(index_path: Path) -> dict[str, str]:
    if not index_path.is_file():
        return {}
    try:
        with closing(connect_readonly(index_path)) as conn:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}  # missing, damaged or from another version: rebuild


def index_content_hash(index_path: Path) -> str | None:
    """The content hash the index was built from, or None if there is no usable index."""
    meta = read_meta(Path(index_path))
    if meta.get("schema") != SCHEMA_VERSION:
        return None
    return meta.get("content_hash")


def is_current(index_path: Path, content_hash: str) -> bool:
    return index_content_hash(index_path) == content_hash
