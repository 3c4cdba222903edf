"""The words of the question-bank format: option and field lines, field labels, kinds.

Vietnamese labels first (``**Mã:**``, ``**Giải thích:**``), English ones accepted; the
parser, the bank writer and the importers all read and write the format with these, so a
label added here is understood everywhere (``docs/content-format.md``).
"""

from __future__ import annotations

import re

from ethics_trainer.content.model import QuestionKind, Reference

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
OPTION_RE = re.compile(
    r"^[-*+]\s+\[(?P<box>[ xX])\]\s*(?:\((?P<weight>[+-]?\d+(?:[.,]\d+)?)\s*%\)\s*)?(?P<text>.*)$"
)
FIELD_RE = re.compile(r"^\*\*(?P<label>[^*:]+):\*\*\s*(?P<value>.*)$")
FENCE_RE = re.compile(r"^(```|~~~)")
FENCES = ("```", "~~~")  # FENCE_RE as a prefix test, for the hot loops
OPTION_BULLETS = "-*+"  # the first character OPTION_RE accepts

FIELD_NAMES: dict[str, str] = {
    "mã": "id",
    "id": "id",
    "giải thích": "explanation",
    "explanation": "explanation",
    "nguồn": "source",
    "source": "source",
    "căn cứ": "refs",
    "ref": "refs",
    "refs": "refs",
    "loại": "type",
    "type": "type",
    "thẻ": "tags",
    "tags": "tags",
    "nhóm": "group",
    "group": "group",
}
KIND_NAMES: dict[str, QuestionKind] = {
    "single": QuestionKind.SINGLE,
    "một đáp án": QuestionKind.SINGLE,
    "multiple": QuestionKind.MULTIPLE,
    "nhiều đáp án": QuestionKind.MULTIPLE,
    "true_false": QuestionKind.TRUE_FALSE,
    "đúng sai": QuestionKind.TRUE_FALSE,
    "đúng/sai": QuestionKind.TRUE_FALSE,
    "graded": QuestionKind.GRADED,
    "tình huống": QuestionKind.GRADED,
}
TRUE_WORDS = {"đúng", "true"}
FALSE_WORDS = {"sai", "false"}
TRUE_OR_FALSE = TRUE_WORDS | FALSE_WORDS

_LABELS: dict[str, str | None] = {}  # a label as written -> its field name (None: not one)


def field_name(label: str) -> str | None:
    """``FIELD_NAMES`` of the label as written in ``**Label:**``; a bank repeats a handful of
    labels thousands of times, so each is folded once."""
    try:
        return _LABELS[label]
    except KeyError:
        name = _LABELS[label] = FIELD_NAMES.get(label.strip().lower())
        return name


_REF_SPLIT_RE = re.compile(r"[;\n]")


def parse_refs(value: str) -> tuple[Reference, ...]:
    if not value:
        return ()
    refs: list[Reference] = []
    for part in _REF_SPLIT_RE.split(value):
        part = part.strip()
        if not part:
            continue
        doc, _, article = part.partition(" ")
        refs.append(Reference(document=doc.strip(), article=article.strip()))
    return tuple(refs)
