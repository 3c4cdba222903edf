"""Building the loader's frozen records without the frozen ``__init__`` (issue #17).

A frozen dataclass's generated ``__init__`` sets every field through ``object.__setattr__``
(the frozen guard): building 80,000 options and 20,000 questions that way was a quarter of a
1,000-lesson cold load. :func:`new_option` and :func:`new_question` make the same objects
(same ``__dict__``, so equal, hashed and pickled alike) by filling the instance dictionary at
once, with plain positional parameters (a keyword-checking wrapper cost as much again).
Their parameters must be the model's fields in order: :func:`_same_fields` refuses to import
this module otherwise, so a field added to the model cannot silently go missing here
(``tests/perf_correctness/test_bulk_build.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ethics_trainer.content.model import Option, Question, QuestionKind, Reference

_new = object.__new__


def new_option(key: str, text: str, correct: bool, weight: float, feedback: str) -> Option:
    """``Option(key, text, correct, weight, feedback)``."""
    obj: Option = _new(Option)
    obj.__dict__.update(key=key, text=text, correct=correct, weight=weight, feedback=feedback)
    return obj


def new_question(
    id: str,
    title: str,
    stem: str,
    options: tuple[Option, ...],
    kind: QuestionKind,
    explanation: str,
    source: str,
    refs: tuple[Reference, ...],
    tags: tuple[str, ...],
    group: str,
    bank_id: str,
    lesson_id: str,
    course_id: str,
    path: str,
    line: int,
) -> Question:
    """``Question(...)`` with every field given, in the model's order."""
    obj: Question = _new(Question)
    obj.__dict__.update(
        id=id,
        title=title,
        stem=stem,
        options=options,
        kind=kind,
        explanation=explanation,
        source=source,
        refs=refs,
        tags=tags,
        group=group,
        bank_id=bank_id,
        lesson_id=lesson_id,
        course_id=course_id,
        path=path,
        line=line,
    )
    return obj


def _same_fields(build: Callable[..., Any], cls: type[Any]) -> None:
    """Refuse a builder whose parameters are not ``cls``'s fields, in order."""
    code = build.__code__
    params = code.co_varnames[: code.co_argcount]
    fields = tuple(f.name for f in dataclasses.fields(cls))
    if params != fields:
        raise TypeError(f"{build.__name__} takes {params}, {cls.__name__} has {fields}")


_same_fields(new_option, Option)
_same_fields(new_question, Question)
