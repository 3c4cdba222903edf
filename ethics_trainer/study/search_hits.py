"""Search results and their highlighting: the matched words marked in the original text.

Matching is done on folded text (no diacritics, no case) but shown on the original, so the
spans are mapped back (:func:`~ethics_trainer.study.folding.fold_with_map`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ethics_trainer.study.folding import fold_with_map
from ethics_trainer.study.search_query import term_pattern

SNIPPET_CHARS = 160

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
        for found in term_pattern(words).finditer(folded.folded):
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
