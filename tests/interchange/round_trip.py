"""Export a content folder with the CLI and import the file back: the round trip every
format's tests run, in one place so each format's test says only what must survive."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Question


def export_then_import(content: Path, fmt: str, exported: Path, back: Path) -> None:
    """``export --format fmt`` of ``content`` into ``exported``, then ``import`` it into
    ``back``; both commands must succeed (exit 0: nothing skipped)."""
    args = ["--content", str(content), "export", "--format", fmt, "--to", str(exported)]
    assert main(args) == 0
    assert main(["import", str(exported), "--to", str(back)]) == 0


# What a round trip must keep of a question; the options always count (weights to six
# places: fractions).
ALL_FIELDS = ("title", "stem", "kind", "explanation", "source", "refs", "tags")


def signature(question: Question, fields: tuple[str, ...] = ALL_FIELDS) -> tuple[object, ...]:
    """The ``fields`` of a question and its options, for comparing two copies."""
    options = tuple((o.text, o.correct, round(o.weight, 6), o.feedback) for o in question.options)
    return (*(getattr(question, name) for name in fields), options)


def signatures_by_id(
    folder: Path, fields: tuple[str, ...] = ALL_FIELDS
) -> dict[str, tuple[object, ...]]:
    """The :func:`signature` of every question of a content folder that loads cleanly."""
    library = load_library(folder)
    assert library.errors == []
    return {q.id: signature(q, fields) for q in library.all_questions()}
