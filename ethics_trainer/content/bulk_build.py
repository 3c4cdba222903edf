"""Building the loader's frozen records without the frozen ``__init__`` (issue #17).

A frozen dataclass's generated ``__init__`` sets every field through ``object.__setattr__``
(the frozen guard): building 80,000 options and 20,000 questions that way was a quarter of a
1,000-lesson cold load. :func:`new_option` and :func:`new_question` make the same objects
(same fields, so equal, hashed and pickled alike) by setting each slot through its descriptor,
with plain positional parameters (a keyword-checking wrapper cost as much again).
Their parameters must be the model's fields in order: :func:`_same_fields` refuses to import
this module otherwise, so a field added to the model cannot silently go missing here
(``tests/perf_correctness/test_bulk_build.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ethics_trainer.content.model import Option, Question, QuestionKind, Reference
from ethics_trainer.record import slot_setter

_new = object.__new__
_o_key = slot_setter(Option, "key")
_o_text = slot_setter(Option, "text")
_o_correct = slot_setter(Option, "correct")
_o_weight = slot_setter(Option, "weight")
_o_feedback = slot_setter(Option, "feedback")
_q_id = slot_setter(Question, "id")
_q_title = slot_setter(Question, "title")
_q_stem = slot_setter(Question, "stem")
_q_options = slot_setter(Question, "options")
_q_kind = slot_setter(Question, "kind")
_q_explanation = slot_setter(Question, "explanation")
_q_source = slot_setter(Question, "source")
_q_refs = slot_setter(Question, "refs")
_q_tags = slot_setter(Question, "tags")
_q_group = slot_setter(Question, "group")
_q_bank_id = slot_setter(Question, "bank_id")
_q_lesson_id = slot_setter(Question, "lesson_id")
_q_course_id = slot_setter(Question, "course_id")
_q_path = slot_setter(Question, "path")
_q_line = slot_setter(Question, "line")


def new_option(key: str, text: str, correct: bool, weight: float, feedback: str) -> Option:
    """``Option(key, text, correct, weight, feedback)``."""
    obj: Option = _new(Option)
    _o_key(obj, key)
    _o_text(obj, text)
    _o_correct(obj, correct)
    _o_weight(obj, weight)
    _o_feedback(obj, feedback)
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
    _q_id(obj, id)
    _q_title(obj, title)
    _q_stem(obj, stem)
    _q_options(obj, options)
    _q_kind(obj, kind)
    _q_explanation(obj, explanation)
    _q_source(obj, source)
    _q_refs(obj, refs)
    _q_tags(obj, tags)
    _q_group(obj, group)
    _q_bank_id(obj, bank_id)
    _q_lesson_id(obj, lesson_id)
    _q_course_id(obj, course_id)
    _q_path(obj, path)
    _q_line(obj, line)
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
