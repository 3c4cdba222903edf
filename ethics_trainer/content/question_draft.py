"""A question section as written, sorted into stem, options and fields, before any check.

The parser (:mod:`questions`) fills it line by line; :mod:`question_build` checks it and makes
the :class:`~ethics_trainer.content.model.Question`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# One ``- [ ]`` line as written, with its indented continuation and feedback lines:
# [line, checked, weight (the ``(50%)`` figure as written, or None), text lines, feedback lines].
# A list, not a dataclass: 80,000 of them in a 1,000-lesson load, built in the hottest loop.
DraftOption = list[Any]
LINE, CHECKED, WEIGHT, TEXT, FEEDBACK = range(5)


@dataclass
class Draft:
    """One ``## `` section: its heading, and the lines below it sorted by the parser."""

    title: str
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[DraftOption] = field(default_factory=list)
    fields: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    stray: list[int] = field(default_factory=list)
