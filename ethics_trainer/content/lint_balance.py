"""Answers given away by their shape: the best option always the longest, or always in the
same place of a bank. Learners who spot the pattern pass without reading."""

from __future__ import annotations

from collections import Counter

from ethics_trainer.content.lint_problem import lint_error
from ethics_trainer.content.model import Course, Problem, Question, QuestionKind

LONGEST_SHARE = 0.40
POSITION_SHARE = 0.40
MIN_BANK_FOR_POSITIONS = 8
MIN_GRADED_FOR_LENGTH = 5


def best_option_index(question: Question) -> int:
    return max(range(len(question.options)), key=lambda i: question.options[i].weight)


def longest_best(course: Course, questions: list[Question]) -> list[Problem]:
    graded = [q for q in questions if q.kind is QuestionKind.GRADED and len(q.options) > 1]
    if len(graded) < MIN_GRADED_FOR_LENGTH:
        return []
    longest = [
        q
        for q in graded
        if len(q.options[best_option_index(q)].text) >= max(len(o.text) for o in q.options)
    ]
    share = len(longest) / len(graded)
    if share <= LONGEST_SHARE:
        return []
    return [
        lint_error(
            f"{course.path.name}/course.md",
            1,
            "best_is_longest",
            count=len(longest),
            total=len(graded),
            percent=round(share * 100),
            limit=round(LONGEST_SHARE * 100),
        )
    ]


def positions_unbalanced(course: Course) -> list[Problem]:
    problems: list[Problem] = []
    for bank in course.banks:
        positions = [
            best_option_index(q)
            for q in bank.questions
            if q.kind in (QuestionKind.SINGLE, QuestionKind.GRADED) and len(q.options) > 2
        ]
        if len(positions) < MIN_BANK_FOR_POSITIONS:
            continue
        position, count = Counter(positions).most_common(1)[0]
        if count / len(positions) > POSITION_SHARE:
            problems.append(
                lint_error(
                    bank.path,
                    1,
                    "positions_unbalanced",
                    letter=chr(ord("A") + position),
                    count=count,
                    total=len(positions),
                    limit=round(POSITION_SHARE * 100),
                )
            )
    return problems
