"""Moodle's answers as our options, and our options as Moodle's answers.

GIFT and Moodle XML are two spellings of one question engine: answers carry a fraction, a
single-choice question has one full-mark answer, a multiple-response one gives marks to every
positive answer, and true/false is a pair of ``Đúng``/``Sai`` options. Both formats follow those
rules, so they share this one copy; a fix to how a weight becomes an option lands in both.
"""

from __future__ import annotations

from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.content.question_format import TRUE_WORDS

TRUE_LABEL = "Đúng"
FALSE_LABEL = "Sai"

WeightedAnswer = tuple[float, str, str]  # (fraction -1..1, Markdown text, Markdown feedback)


def option_key(index: int) -> str:
    """The key of the ``index``-th option: ``a``..``z``, then ``o26``, ``o27``..."""
    return chr(ord("a") + index) if index < 26 else f"o{index}"


def choice_options(
    answers: list[WeightedAnswer], single: bool
) -> tuple[list[Option], QuestionKind] | None:
    """Options of a multiple-choice question; None when no answer can be right.

    Single choice: the first full-mark answer is the right one (partial marks make it a graded
    question). Multiple response: every answer with a positive fraction is right.
    """
    options: list[Option] = []
    if single:
        ticked = False
        for index, (weight, text, feedback) in enumerate(answers):
            correct = weight >= 1.0 and not ticked
            ticked = ticked or correct
            options.append(Option(option_key(index), text, correct, weight, feedback))
        if not ticked:
            return None
        partial = any(0 < o.weight < 1 for o in options)
        return options, QuestionKind.GRADED if partial else QuestionKind.SINGLE
    for index, (weight, text, feedback) in enumerate(answers):
        options.append(Option(option_key(index), text, weight > 0, weight, feedback))
    if not any(o.correct for o in options):
        return None
    return options, QuestionKind.MULTIPLE


def true_false_options(truth: bool, true_feedback: str, false_feedback: str) -> list[Option]:
    """The ``Đúng``/``Sai`` pair of a true/false question whose answer is ``truth``."""
    return [
        Option("a", TRUE_LABEL, truth, 1.0 if truth else 0.0, true_feedback),
        Option("b", FALSE_LABEL, not truth, 0.0 if truth else 1.0, false_feedback),
    ]


def true_false_pair(question: Question) -> tuple[Option, Option] | None:
    """(true option, false option) when ``question`` can go out as a true/false question."""
    if question.kind is not QuestionKind.TRUE_FALSE or len(question.options) != 2:
        return None
    first, second = question.options
    first_true = first.text.strip().lower().rstrip(".") in TRUE_WORDS
    second_true = second.text.strip().lower().rstrip(".") in TRUE_WORDS
    if first_true == second_true:
        return None
    return (first, second) if first_true else (second, first)


def multiple_weights(question: Question) -> list[float]:
    """Moodle fractions for a multiple-response question.

    Weights written in the bank (as imported from GIFT) go out unchanged, so a GIFT file
    survives import → export. A plain ``[x]``/``[ ]`` question gets the fractions of our
    scoring (docs/content-format.md): 1/k per correct option, -1/k per wrong one.
    """
    options = question.options
    correct = [o for o in options if o.correct]
    if all(o.weight in (0.0, 1.0) for o in options) and all(o.weight == 1.0 for o in correct):
        share = 1.0 / max(len(correct), 1)
        return [share if o.correct else -share for o in options]
    total = sum(max(o.weight, 0.0) for o in correct) or 1.0
    scale = 1.0 if abs(total - 1.0) < 1e-6 else 1.0 / total
    return [max(o.weight, 0.0) * scale if o.correct else o.weight for o in options]
