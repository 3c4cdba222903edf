"""What a GIFT or Aiken parser hands to the bank writer: questions, and what was left out.

Parsers return our own :class:`~ethics_trainer.content.model.Question` objects (texts already
in our Markdown) so the writer and the tests compare like with like; the few facts our model
has no place for (the GIFT category) travel beside them. Anything not imported is recorded
as :class:`Skipped` so the user sees it: nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ethics_trainer.content.model import Problem, Question


@dataclass(frozen=True)
class ImportedQuestion:
    """A question ready for a bank; ``question.id`` is empty unless the file named it."""

    question: Question
    category: str = ""  # GIFT ``$CATEGORY:`` in force ("" when none)


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
