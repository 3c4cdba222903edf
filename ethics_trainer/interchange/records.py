"""What a question-file parser (GIFT, Aiken, Moodle XML, Word, Excel) hands to the bank
writer: questions, and what was left out.

Parsers return our own :class:`~ethics_trainer.content.model.Question` objects (texts already
in our Markdown) so the writer and the tests compare like with like; the few facts our model
has no place for (the GIFT category) travel beside them. Anything not imported is recorded
as :class:`Skipped` so the user sees it: nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ethics_trainer.content.model import Problem, Question

MEDIA_DIR = "media"
_SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class MediaFile:
    """An image a question shows; its Markdown links to ``media/<name>`` next to the bank."""

    name: str  # a safe file name: letters, digits, ``._-``, prefixed by a content hash
    data: bytes

    @classmethod
    def of(cls, original: str, data: bytes) -> MediaFile:
        """A file named after its content, so two different ``image1.png`` never clash."""
        base = _SAFE_NAME_RE.sub("-", original.replace("\\", "/").rsplit("/", 1)[-1])
        base = base.strip("-.")[-60:] or "image"
        digest = hashlib.sha256(data).hexdigest()[:12]
        if base.startswith(digest + "-"):  # a file we named before (a round trip)
            return cls(base, data)
        return cls(f"{digest}-{base}", data)

    @property
    def link(self) -> str:
        """The path a question's Markdown uses (relative to the bank file)."""
        return f"{MEDIA_DIR}/{self.name}"


@dataclass(frozen=True)
class ImportedQuestion:
    """A question ready for a bank; ``question.id`` is empty unless the file named it."""

    question: Question
    category: str = ""  # GIFT ``$CATEGORY:`` / Moodle XML category in force ("" when none)
    media: tuple[MediaFile, ...] = ()
    # the bank's own tags when the file states them (our Moodle XML export does); None: the
    # writer tags the bank with the last part of its category, as for any Moodle file
    bank_tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Skipped:
    """A question of the file that we cannot run (essay, matching, ...) or cannot read."""

    path: str
    line: int
    kind: str  # "essay", "matching", "numerical", "short answer", "invalid", ...
    title: str
    reason: str = ""

    def format(self) -> str:
        """``path:line: skipped <type> question "<title>"`` (plus the reason, if any)."""
        text = f'{self.path}:{self.line}: skipped {self.kind} question "{self.title}"'
        return f"{text} ({self.reason})" if self.reason else text


@dataclass
class ParseResult:
    """Everything one source file gave: questions, skipped questions, stray-line problems."""

    path: str
    questions: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every question of the file was imported and nothing was ignored."""
        return not self.skipped and not self.problems
