"""Vietnamese-aware text folding, so a search ignores diacritics, case and Unicode form.

"dao duc", "DAO DUC", "đạo đức" (NFC or NFD) all fold to ``"dao duc"``. Folding keeps a map
from every folded character back to the original one, so a match found in folded text can be
highlighted in the original text, diacritics included.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters that do not decompose into base + combining mark under NFD.
_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded: no diacritics, đ → d, case-folded (may be empty or longer)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(_SPECIAL.get(c, c) for c in base.casefold())


def fold(text: str) -> str:
    """Text folded for matching (the same function is applied to content and to queries)."""
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class FoldedText:
    """Folded text plus, for each folded character, the index of its original character."""

    original: str
    folded: str
    origins: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that produced ``folded[start:end]``.

        The end is widened over combining marks that folded to nothing (NFD input), so a
        highlight never cuts a letter from its tone mark.
        """
        if not self.folded or start >= end:
            return (0, 0)
        start = max(0, min(start, len(self.folded) - 1))
        end = max(start + 1, min(end, len(self.folded)))
        begin = self.origins[start]
        stop = self.origins[end - 1] + 1
        while stop < len(self.original) and not fold_char(self.original[stop]):
            stop += 1
        return (begin, stop)


def fold_with_map(text: str) -> FoldedText:
    """Fold ``text`` as is (NFC or NFD) and remember where each folded character came from."""
    parts: list[str] = []
    origins: list[int] = []
    index = 0
    while index < len(text):
        # Fold a base character together with the combining marks after it (NFD input).
        stop = index + 1
        while stop < len(text) and unicodedata.combining(text[stop]):
            stop += 1
        folded = fold(text[index:stop])
        parts.append(folded)
        origins.extend([index] * len(folded))
        index = stop
    return FoldedText(text, "".join(parts), tuple(origins))
