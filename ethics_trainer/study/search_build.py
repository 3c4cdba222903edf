"""Building the search index in the background: a generator yielding progress.

It writes a new file and swaps it in, so searches running meanwhile see the old index, never
half of one; a full disk or a read-only cache is said in words, never a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.content.model import Library
from ethics_trainer.errors import DiskFull, UserError
from ethics_trainer.fileio.oserrors import os_error
from ethics_trainer.i18n import tr
from ethics_trainer.storage.failures import database_error
from ethics_trainer.study.folding import fold
from ethics_trainer.study.search_entries import IndexEntry, library_entries
from ethics_trainer.study.search_file import (
    FTS_SCHEMA,
    SCHEMA,
    SCHEMA_VERSION,
    fts5_available,
    is_current,
)

_BATCH = 50


@dataclass(frozen=True)
class BuildProgress:
    """How far a build has got: ``done`` of ``total`` entries written."""

    done: int
    total: int


def build_index(
    library: Library,
    index_path: Path,
    *,
    force: bool = False,
    use_fts: bool | None = None,
) -> Iterator[BuildProgress]:
    """(Re)build the index for ``library``; yields progress, or nothing when already current.

    ``use_fts=False`` builds without FTS5 (the Python fallback), for tests and old SQLite.
    """
    index_path = Path(index_path)
    if not force and is_current(index_path, library.content_hash):
        return
    entries = library_entries(library)
    try:
        index_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, index_path.parent, writing=True) from exc
    temp = index_path.with_name(f"{index_path.name}.{os.getpid()}.{id(entries)}.tmp")
    temp.unlink(missing_ok=True)
    try:
        yield from _fill(temp, entries, library, use_fts)
        _replace(temp, index_path)
    except sqlite3.Error as exc:  # a full disk, a read-only cache: said so, never a traceback
        if isinstance(database_error(exc, f"sqlite:///{temp}"), DiskFull):
            raise DiskFull(
                tr("faults.write.disk_full", path=str(index_path)),
                tr("faults.write.disk_full_hint"),
            ) from exc
        raise UserError(tr("faults.search.unavailable", reason=exc)) from exc
    except OSError as exc:
        raise os_error(exc, index_path, writing=True) from exc
    finally:
        with suppress(OSError):
            temp.unlink(missing_ok=True)


def _fill(
    temp: Path, entries: list[IndexEntry], library: Library, use_fts: bool | None
) -> Iterator[BuildProgress]:
    total = len(entries)
    with closing(sqlite3.connect(temp)) as conn:
        fts = fts5_available(conn) if use_fts is None else use_fts
        conn.executescript(SCHEMA)
        if fts:
            conn.executescript(FTS_SCHEMA)
        yield BuildProgress(0, total)
        for start in range(0, total, _BATCH):
            batch = entries[start : start + _BATCH]
            conn.executemany(
                "INSERT INTO entry (kind, item_id, course_id, lesson_id, title, section,"
                " anchor, body, extra, title_f, body_f, extra_f)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.kind,
                        e.item_id,
                        e.course_id,
                        e.lesson_id,
                        e.title,
                        e.section,
                        e.anchor,
                        e.body,
                        e.extra,
                        fold(f"{e.title} {e.section}"),
                        fold(e.body),
                        fold(e.extra),
                    )
                    for e in batch
                ],
            )
            yield BuildProgress(min(start + len(batch), total), total)
        if fts:
            conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("schema", SCHEMA_VERSION),
                ("content_hash", library.content_hash),
                ("fts", "1" if fts else "0"),
                ("root", str(library.root)),
            ],
        )
        conn.commit()


def _replace(source: Path, target: Path) -> None:
    """Swap the new index in; on Windows a reader may hold the file for a moment."""
    for delay in (0.0, 0.05, 0.2, 0.5, 1.0):
        time.sleep(delay)
        try:
            os.replace(source, target)
            return
        except PermissionError:
            continue
    os.replace(source, target)
