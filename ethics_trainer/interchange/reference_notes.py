"""Our question fields Moodle has no place for, carried in comments Moodle ignores.

A question's source (``Nguồn``), its legal references (``Căn cứ``) and its variant group
(``Nhóm``) would be lost on a trip through Moodle, so GIFT writes them as ``//`` comment lines and
Moodle XML as XML comments before the question. Both formats read them back with the same
rules, which live here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ethics_trainer.content.model import Question, Reference
from ethics_trainer.content.question_format import parse_refs

_NOTE_RE = re.compile(
    r"^\s*(Nguồn|Source|Căn cứ|Ref|Nhóm|Group):\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True)
class ReferenceNotes:
    """The fields read back from a question's comments (empty when a comment is absent)."""

    source: str = ""
    refs: tuple[Reference, ...] = ()
    group: str = ""


def read_notes(comments: Iterable[str]) -> ReferenceNotes:
    """The notes among a question's comment texts (without the ``//`` or ``<!-- -->``)."""
    source, refs, group = "", "", ""
    for comment in comments:
        match = _NOTE_RE.match(comment)
        if match is None:
            continue
        label, value = match.group(1).lower(), match.group(2)
        if label in ("nguồn", "source"):
            source = " ".join(value.split())
        elif label in ("nhóm", "group"):
            group = value.strip()
        else:
            refs = value.strip()
    return ReferenceNotes(source, parse_refs(refs), group)


def note_lines(question: Question) -> list[str]:
    """The comment texts that carry ``question``'s notes, one a line."""
    lines = []
    if question.source:
        lines.append("Nguồn: " + " ".join(question.source.split()))
    if question.refs:
        lines.append(
            "Căn cứ: " + "; ".join(f"{r.document} {r.article}".strip() for r in question.refs)
        )
    if question.group:
        # variants of one fact: a draw takes at most one of them
        lines.append("Nhóm: " + " ".join(question.group.split()))
    return lines


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Moodle tags as ours: a comma would split one tag in two in our bank files."""
    return tuple(t.replace(",", " ").strip() for t in tags if t.strip())
