"""The ``final_quiz:`` mapping of a course: how many questions, how long, the pass mark.

Each value out of range is reported and replaced by its default, so a typo in ``course.md``
never gives an exam of 10**12 minutes or one nobody can pass.
"""

from __future__ import annotations

from ethics_trainer.content.meta_values import (
    MINUTES_RANGE,
    PERCENT_RANGE,
    QUESTIONS_RANGE,
    as_int,
    as_tags,
)
from ethics_trainer.content.model import FinalQuiz
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr

FINAL_QUIZ_KEYS = {"questions", "minutes", "pass_percent", "banks", "tags"}


def final_quiz(value: object, sink: ProblemSink, line: int) -> FinalQuiz | None:
    """The final quiz ``value`` describes (None when the course has none)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        sink.error(line, tr("content.final_quiz_not_mapping"))
        return None
    for key in value:
        if key not in FINAL_QUIZ_KEYS:
            sink.warning(line, tr("content.final_quiz_unknown_key", key=key))
    questions = value.get("questions")
    raw_minutes = value.get("minutes")
    positive = not isinstance(raw_minutes, int | float) or raw_minutes > 0
    if not positive and not isinstance(raw_minutes, bool):
        sink.error(line, tr("content.final_quiz_minutes"))
        raw_minutes = None
    minutes = as_int(raw_minutes, 30, sink, line, "final_quiz.minutes", MINUTES_RANGE)
    try:
        pass_percent = float(value.get("pass_percent", 80))
    except (TypeError, ValueError):
        sink.error(line, tr("content.final_quiz_pass_percent"))
        pass_percent = 80.0
    low, high = PERCENT_RANGE
    if not low <= pass_percent <= high:  # also NaN
        sink.error(
            line,
            tr(
                "faults.content.bad_range",
                name="final_quiz.pass_percent",
                value=value.get("pass_percent"),
                low=int(low),
                high=int(high),
            ),
        )
        pass_percent = 80.0
    return FinalQuiz(
        questions=as_int(questions, 0, sink, line, "final_quiz.questions", QUESTIONS_RANGE) or None,
        minutes=minutes,
        pass_percent=pass_percent,
        banks=as_tags(value.get("banks")) or ("all",),
        tags=as_tags(value.get("tags")),
    )
