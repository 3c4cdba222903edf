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
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.content.model import Lesson, Library, Question
from ethics_trainer.errors import DiskFull, UserError
from ethics_trainer.fileio.oserrors import os_error
from ethics_trainer.i18n import tr
from ethics_trainer.storage.failures import database_error
from ethics_trainer.study.folding import fold, fold_with_map
from ethics_trainer.study.plaintext import plain_text, sections

log = logging.getLogger(__name__)
SCHEMA_VERSION = "2"  # 2: a section without text of its own shows its subsection's
INDEX_FILE = "search.sqlite"
KIND_LESSON = "lesson"
KIND_QUESTION = "question"
SNIPPET_CHARS = 160
_MAX_TERMS = 12
_BATCH = 50
_WORD_RE = re.compile(r"[^\W_]+")
_QUOTED_RE = re.compile(r'"([^"]*)"')

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL, item_id TEXT NOT NULL, course_id TEXT NOT NULL, lesson_id TEXT NOT NULL,
    title TEXT NOT NULL, section TEXT NOT NULL, anchor TEXT NOT NULL,
    body TEXT NOT NULL, extra TEXT NOT NULL,
    title_f TEXT NOT NULL, body_f TEXT NOT NULL, extra_f TEXT NOT NULL
);
"""
_FTS_SCHEMA = """
CREATE VIRTUAL TABLE entry_fts USING fts5(
    title_f, body_f, extra_f, content='entry', content_rowid='id', prefix='2 3'
);
"""


def default_index_path(cache_dir: Path) -> Path:
    """Where the app keeps its search index (``AppPaths.cache_dir / "search.sqlite"``)."""
    return Path(cache_dir) / INDEX_FILE


# -- building ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildProgress:
    """How far a build has got: ``done`` of ``total`` entries written."""

    done: int
    total: int


@dataclass(frozen=True)
class _Entry:
    kind: str
    item_id: str
    course_id: str
    lesson_id: str
    title: str
    section: str
    anchor: str
    body: str
    extra: str


def _lesson_entries(lesson: Lesson) -> list[_Entry]:
    extra = " ".join([lesson.id, *lesson.tags, *lesson.sources])
    parts = sections(lesson.body) or []
    # A heading followed at once by a subheading has no text of its own; it borrows the text
    # that follows, so a hit on that heading still shows a snippet under it.
    texts = [part.text for part in parts]
    for i in range(len(texts) - 2, -1, -1):
        if not texts[i]:
            texts[i] = texts[i + 1]
    entries = [
        _Entry(
            KIND_LESSON,
            lesson.id,
            lesson.course_id,
            lesson.id,
            lesson.title,
            part.heading,
            part.anchor,
            text,
            extra,
        )
        for part, text in zip(parts, texts, strict=True)
    ]
    if not entries:
        entries.append(
            _Entry(
                KIND_LESSON, lesson.id, lesson.course_id, lesson.id, lesson.title, "", "", "", extra
            )
        )
    return entries


def _question_entry(question: Question) -> _Entry:
    body = " ".join(
        t
        for t in [
            plain_text(question.stem),
            *(plain_text(o.text) for o in question.options),
            plain_text(question.explanation),
        ]
        if t
    )
    extra = " ".join([plain_text(question.source), question.id, *question.tags]).strip()
    return _Entry(
        KIND_QUESTION,
        question.id,
        question.course_id,
        question.lesson_id,
        question.title or question.id,
        "",
        "",
        body,
        extra,
    )


def _entries(library: Library) -> list[_Entry]:
    result: list[_Entry] = []
    for course in library.courses:
        for lesson in course.lessons:
            result.extend(_lesson_entries(lesson))
        result.extend(_question_entry(q) for q in course.questions())
    return result


def fts5_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite was built with FTS5 (most are; some system builds are not)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp._fts5_probe")
    except sqlite3.Error:
        return False
    return True


def _read_meta(index_path: Path) -> dict[str, str]:
    if not index_path.is_file():
        return {}
    try:
        with closing(_connect_readonly(index_path)) as conn:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}  # missing, damaged or from another version: rebuild


def index_content_hash(index_path: Path) -> str | None:
    """The content hash the index was built from, or None if there is no usable index."""
    meta = _read_meta(Path(index_path))
    if meta.get("schema") != SCHEMA_VERSION:
        return None
    return meta.get("content_hash")


def is_current(index_path: Path, content_hash: str) -> bool:
    return index_content_hash(index_path) == content_hash


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
    entries = _entries(library)
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
    temp: Path, entries: list[_Entry], library: Library, use_fts: bool | None
) -> Iterator[BuildProgress]:
    total = len(entries)
    with closing(sqlite3.connect(temp)) as conn:
        fts = fts5_available(conn) if use_fts is None else use_fts
        conn.executescript(_SCHEMA)
        if fts:
            conn.executescript(_FTS_SCHEMA)
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


def ensure_index(library: Library, index_path: Path, *, use_fts: bool | None = None) -> bool:
    """Build the index if it is not current, all at once; True when it was rebuilt."""
    rebuilt = False
    for _ in build_index(library, index_path, use_fts=use_fts):
        rebuilt = True
    return rebuilt


# -- queries -----------------------------------------------------------------------------------


def parse_query(query: str) -> list[tuple[str, ...]]:
    """A query as folded terms: each a phrase of words (one word unless it was quoted).

    Everything but letters and digits is dropped, so no input can be FTS syntax.
    """
    text = query or ""
    phrases: list[tuple[str, ...]] = []
    if text.count('"') >= 2:
        for quoted in _QUOTED_RE.findall(text):
            words = tuple(_WORD_RE.findall(fold(quoted)))
            if words:
                phrases.append(words)
        text = _QUOTED_RE.sub(" ", text)
    phrases.extend((word,) for word in _WORD_RE.findall(fold(text)))
    unique = list(dict.fromkeys(tuple(w[:64] for w in p) for p in phrases))
    return unique[:_MAX_TERMS]


def _fts_expression(terms: list[tuple[str, ...]]) -> str:
    return " AND ".join('"' + " ".join(words) + '"*' for words in terms)


def _term_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A phrase in folded text: words at word starts, the last one a prefix."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words))


# -- hits --------------------------------------------------------------------------------------

Span = tuple[int, int]


@dataclass(frozen=True)
class SearchHit:
    """One lesson (best section) or question matching a query.

    ``snippet_spans``, ``title_spans`` and ``section_spans`` are (start, end) offsets of the
    matched words in ``snippet``, ``title`` and ``section``, which keep their diacritics.
    """

    kind: str  # "lesson" | "question"
    id: str
    title: str
    course_id: str
    lesson_id: str
    section: str  # heading of the matching section of a lesson; "" for questions
    anchor: str  # slug of that heading, for scrolling the reader
    snippet: str
    snippet_spans: tuple[Span, ...] = ()
    title_spans: tuple[Span, ...] = ()
    section_spans: tuple[Span, ...] = ()
    rank: float = 0.0  # lower is better

    def marked_snippet(self, start: str = "[[", end: str = "]]") -> str:
        return mark(self.snippet, self.snippet_spans, start, end)

    def marked_title(self, start: str = "[[", end: str = "]]") -> str:
        return mark(self.title, self.title_spans, start, end)


def mark(text: str, spans: tuple[Span, ...], start: str = "[[", end: str = "]]") -> str:
    """``text`` with every span wrapped in the markers (e.g. ``<b>``/``</b>`` after escaping)."""
    out: list[str] = []
    last = 0
    for begin, stop in spans:
        out.append(text[last:begin])
        out.append(f"{start}{text[begin:stop]}{end}")
        last = stop
    out.append(text[last:])
    return "".join(out)


def match_spans(text: str, terms: list[tuple[str, ...]]) -> list[Span]:
    """Spans of ``text`` (original form) where any query term matches, merged and sorted."""
    if not text or not terms:
        return []
    folded = fold_with_map(text)
    spans: list[Span] = []
    for words in terms:
        for found in _term_pattern(words).finditer(folded.folded):
            if found.end() > found.start():
                spans.append(folded.original_span(found.start(), found.end()))
    spans.sort()
    merged: list[Span] = []
    for begin, stop in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((begin, stop))
    return merged


def make_snippet(
    text: str, spans: list[Span], width: int = SNIPPET_CHARS
) -> tuple[str, tuple[Span, ...]]:
    """A window of ``text`` around the first match, cut at spaces, with spans moved into it."""
    if len(text) <= width:
        return text, tuple(spans)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start > 0:
        start = text.rfind(" ", 0, start + 1) + 1  # 0 when there is no space before
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple(
        (max(b, start) + shift, min(e, end) + shift) for b, e in spans if b < end and e > start
    )
    return f"{prefix}{text[start:end]}{suffix}", inside


def _connect_readonly(index_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{index_path.resolve().as_uri()}?mode=ro", uri=True)


_COLUMNS = "e.id, e.kind, e.item_id, e.course_id, e.lesson_id, e.title, e.section, e.anchor, e.body, e.extra"
# One result row: the _COLUMNS in their order, then the score (lower is better).
_Row = tuple[int, str, str, str, str, str, str, str, str, str, float]


def _fts_rows(conn: sqlite3.Connection, terms: list[tuple[str, ...]], limit: int) -> list[_Row]:
    rows: list[_Row] = conn.execute(
        f"SELECT {_COLUMNS}, bm25(entry_fts, 8.0, 1.0, 2.0) AS score"
        " FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid"
        " WHERE entry_fts MATCH ? ORDER BY score LIMIT ?",
        (_fts_expression(terms), limit),
    ).fetchall()
    return rows


def _scan_rows(conn: sqlite3.Connection, terms: list[tuple[str, ...]], limit: int) -> list[_Row]:
    """The fallback: the same matching in Python over the stored folded text."""
    patterns = [_term_pattern(words) for words in terms]
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
        with closing(_connect_readonly(index_path)) as conn:
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
