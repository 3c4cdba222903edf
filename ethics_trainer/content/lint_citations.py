"""Which registry documents a text names, for the rule "graded feedback cites a document".

A learner must be able to look the document up on the bibliography page, so only documents
the registry holds count, named by id, by official number or by short title.
"""

from __future__ import annotations

import re
import unicodedata

from ethics_trainer.content.model import Document

# Document numbers as officials write them: 80/2025/QH15, 172/2025/NĐ-CP, 522/QĐ-UBND,
# 7583/BNV-TCBC, 30c/NQ-CP, and the Party's 144-QĐ/TW, 06-CTr/TU.
DOCUMENT_NUMBER = re.compile(
    r"\b\d+[a-z]?(?:/\d{4})?/[A-ZĐ][\w-]*|\b\d+-[A-ZĐ][\wĐđ]*/[A-Z]+\b", re.UNICODE
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


_QUOTED = re.compile(r"“([^”]{12,})”")


def _title_names(title: str) -> list[str]:
    return [title, *_QUOTED.findall(title)]


def named_documents(text: str, documents: dict[str, Document]) -> set[str]:
    """Ids of the registry documents ``text`` names: by id (``luat-80-2025``), by number
    (``80/2025/QH15``, ``144-QĐ/TW``) or by short title (``Luật Phòng, chống tham nhũng``); a
    title with a quoted name (an article, a movement) is named by the quoted part alone.

    A number the registry does not hold names nothing: the learner could not look it up on the
    bibliography page."""
    folded = _fold(text)
    numbers = {_fold(m.group(0)) for m in DOCUMENT_NUMBER.finditer(text)}
    found: set[str] = set()
    for doc in documents.values():
        if (
            re.search(rf"(?<![\w-]){re.escape(doc.id)}(?![\w-])", folded)
            or (doc.number and _fold(doc.number) in numbers)
            or (doc.title and any(_fold(name) in folded for name in _title_names(doc.title)))
        ):
            found.add(doc.id)
    return found
