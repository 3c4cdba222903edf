"""A query as folded terms, never as FTS syntax.

Queries are reduced to words (and ``"quoted phrases"``), each matched as a prefix
(as-you-type), so nothing a user types can be read by SQLite as an FTS5 expression.
"""

from __future__ import annotations

import re

from ethics_trainer.study.folding import fold

_MAX_TERMS = 12
_WORD_RE = re.compile(r"[^\W_]+")
_QUOTED_RE = re.compile(r'"([^"]*)"')


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


def fts_expression(terms: list[tuple[str, ...]]) -> str:
    return " AND ".join('"' + " ".join(words) + '"*' for words in terms)


def term_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A phrase in folded text: words at word starts, the last one a prefix."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words))
