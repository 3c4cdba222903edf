"""Full-text search over lessons and questions, in a cache file apart from the user database.

Why a separate file: the index is derived from the content folder and can be thrown away and
rebuilt at any time; it must never be backed up, migrated or shared like the learners' data.

- Text is folded (:mod:`ethics_trainer.study.folding`) before it is indexed and before a query
  is matched, so diacritics, case, đ/Đ and NFC/NFD do not matter. The original text is kept
  next to it for display, and snippets mark the original words.
- Lessons are indexed section by section (split at headings), so a hit names its section.
- The index stores the library's ``content_hash`` and is rebuilt only when it changed.
  :func:`build_index` is a generator yielding progress, for a background thread; it writes a
  new file and swaps it in, so searches running meanwhile see the old index, never half of one.
- Queries are never passed to SQLite as FTS syntax: they are reduced to words (and
  ``"quoted phrases"``), each matched as a prefix (as-you-type). If SQLite lacks FTS5, the
  same matching runs in Python over the stored folded text.

The parts: :mod:`search_entries` (what is indexed), :mod:`search_file` (the file and its
schema), :mod:`search_build`, :mod:`search_query`, :mod:`search_hits`; here, finding hits.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.study.search_build import build_index
from ethics_trainer.study.search_file import connect_readonly
from ethics_trainer.study.search_hits import SearchHit, make_snippet, match_spans
from ethics_trainer.study.search_query import fts_expression, parse_query, term_pattern

log = logging.getLogger(__name__)
INDEX_FILE = "search.sqlite"


def default_index_path(cache_dir: Path) -> Path:
    """Where the app keeps its search index (``AppPaths.cache_dir / "search.sqlite"``)."""
    return Path(cache_dir) / INDEX_FILE


def ensure_index(library: Library, index_path: Path, *, use_fts: bool | None = None) -> bool:
    """Build the index if it is not current, all at once; True when it was rebuilt."""
    rebuilt = False
    for _ in build_index(library, index_path, use_fts=use_fts):
        rebuilt = True
    return rebuilt


_COLUMNS = "e.id, e.kind, e.item_id, e.course_id, e.lesson_id, e.title, e.section, e.anchor, e.body, e.extra"
# One result row: the _COLUMNS in their order, then the score (lower is better).
_Row = tuple[int, str, str, str, str, str, str, str, str, str, float]


def _fts_rows(conn: sqlite3.Connection, terms: list[tuple[str, ...]], limit: int) -> list[_Row]:
    rows: list[_Row] = conn.execute(
        f"SELECT {_COLUMNS}, bm25(entry_fts, 8.0, 1.0, 2.0) AS score"
        " FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid"
        " WHERE entry_fts MATCH ? ORDER BY score LIMIT ?",
        (fts_expression(terms), limit),
    ).fetchall()
    return rows


def _scan_rows(conn: sqlite3.Connection, terms: list[tuple[str, ...]], limit: int) -> list[_Row]:
    """The fallback: the same matching in Python over the stored folded text."""
    patterns = [term_pattern(words) for words in terms]
    scored: list[_Row] = []
    for row in conn.execute(f"SELECT {_COLUMNS}, e.title_f, e.body_f, e.extra_f FROM entry e"):
        title_f, body_f, extra_f = row[-3:]
        total = 0.0
        for pattern in patterns:
            hits = (
                8 * len(pattern.findall(title_f))
                + len(pattern.findall(body_f))
                + 2 * len(pattern.findall(extra_f))
            )
            if not hits:
                break
            total += hits
        else:
            scored.append((*row[:-3], -total / (1 + len(body_f) / 500)))
    scored.sort(key=lambda r: r[-1])
    return scored[:limit]


def _hit(row: _Row, terms: list[tuple[str, ...]]) -> SearchHit:
    _, kind, item_id, course_id, lesson_id, title, section, anchor, body, extra, score = row
    title_spans = match_spans(title, terms)
    section_spans = match_spans(section, terms)
    source, spans = (body, match_spans(body, terms))
    if not spans and not title_spans and not section_spans:
        extra_spans = match_spans(extra, terms)  # matched only by its source, id or tags
        if extra_spans:
            source, spans = (extra, extra_spans)
    snippet, snippet_spans = make_snippet(source, spans)
    return SearchHit(
        kind=kind,
        id=item_id,
        title=title,
        course_id=course_id,
        lesson_id=lesson_id,
        section=section,
        anchor=anchor,
        snippet=snippet,
        snippet_spans=snippet_spans,
        title_spans=tuple(title_spans),
        section_spans=tuple(section_spans),
        rank=float(score),
    )


def search(index_path: Path, query: str, limit: int = 20) -> list[SearchHit]:
    """Lessons and questions matching every word of ``query`` (prefixes), best first.

    Never raises for what the user typed; returns [] when there is no index yet. A damaged
    index raises :class:`SearchIndexDamaged` (never a silent "no results"):
    :func:`search_or_rebuild` then builds it again.
    """
    terms = parse_query(query)
    index_path = Path(index_path)
    if not terms or limit <= 0 or not index_path.is_file():
        return []
    try:
        with closing(connect_readonly(index_path)) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            wanted = limit * 4 + 20  # lesson sections collapse to one hit per lesson
            rows: list[_Row] | None = None
            if meta.get("fts") == "1":
                try:
                    rows = _fts_rows(conn, terms, wanted)
                except sqlite3.Error:
                    rows = None
            if rows is None:
                rows = _scan_rows(conn, terms, wanted)
    except sqlite3.Error as exc:
        raise SearchIndexDamaged(tr("faults.search.index_damaged", path=str(index_path))) from exc
    hits: list[SearchHit] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row[1], row[2])
        if key in seen:
            continue
        seen.add(key)
        hits.append(_hit(row, terms))
        if len(hits) >= limit:
            break
    return hits


class SearchIndexDamaged(UserError):
    """The index file cannot be read: it is rebuilt from the content, never taken as empty."""


def search_or_rebuild(
    library: Library, index_path: Path, query: str, limit: int = 20
) -> list[SearchHit]:
    """:func:`search`, rebuilding a damaged index once from ``library`` first."""
    try:
        return search(index_path, query, limit)
    except SearchIndexDamaged:
        log.warning("search index %s damaged: rebuilt", index_path, exc_info=True)
        for _ in build_index(library, index_path, force=True):
            pass
        return search(index_path, query, limit)
