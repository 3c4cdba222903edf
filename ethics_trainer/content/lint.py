"""``check --strict``: the editorial rules a course must meet before a training centre adopts it.

The loader only refuses what it cannot use; these rules catch what would mislead a learner or
give answers away: internal marks on screen, citations that resolve nowhere, near-duplicate
questions in one draw, graded scenarios whose best option is always the longest or always in
the same place, partial credit for breaking a rule, scenarios set in districts that no longer
exist. Each finding is an ordinary :class:`Problem`, so it prints like every other one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ethics_trainer.content.lint_balance import longest_best, positions_unbalanced
from ethics_trainer.content.lint_citations import named_documents
from ethics_trainer.content.lint_marks import AGGREGATORS, home_page, internal_marks, official_url
from ethics_trainer.content.lint_problem import lint_error, lint_warning
from ethics_trainer.content.lint_similarity import near_duplicates
from ethics_trainer.content.model import (
    Course,
    Document,
    Library,
    Problem,
    Question,
    QuestionKind,
)

# Hà Nội has had no districts since 01/7/2025 (two-tier local government): phường/xã only.
OLD_UNITS = re.compile(r"\b(quận|huyện|thị xã)\b", re.IGNORECASE)
OLD_UNITS_OK = re.compile(r"(trước (ngày )?0?1/7/2025|trước đây|cũ\b|đã giải thể|không còn)")
WRONG_WORDS = ("sai", "wrong", "không được", "vi phạm")


def lint_library(library: Library) -> list[Problem]:
    """Every strict finding for every course and the registry, errors first in file order."""
    problems: list[Problem] = []
    problems += _registry(library.documents)
    for course in library.courses:
        problems += _course(course, library.documents)
    return problems


def _visible_texts(question: Question) -> Iterable[str]:
    yield question.title
    yield question.stem
    for option in question.options:
        yield option.text
        yield option.feedback
    yield question.explanation
    yield question.source


# -- the registry --------------------------------------------------------------------------
def _registry(documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    for doc in documents.values():
        for other in (*doc.amended_by, *([doc.replaced_by] if doc.replaced_by else [])):
            if other not in documents:
                problems.append(
                    lint_error(
                        doc.path, doc.line, "source_unknown_link", document=doc.id, other=other
                    )
                )
        if not doc.checked:
            problems.append(lint_error(doc.path, doc.line, "source_not_checked", document=doc.id))
        if not doc.issuer:
            problems.append(lint_error(doc.path, doc.line, "source_no_issuer", document=doc.id))
        if doc.url:
            if any(name in doc.url.lower() for name in AGGREGATORS):
                problems.append(
                    lint_error(
                        doc.path, doc.line, "source_aggregator", document=doc.id, url=doc.url
                    )
                )
            elif home_page(doc.url):
                problems.append(
                    lint_error(doc.path, doc.line, "source_home_page", document=doc.id, url=doc.url)
                )
            elif not official_url(doc.url):
                problems.append(
                    lint_warning(
                        doc.path, doc.line, "source_not_official", document=doc.id, url=doc.url
                    )
                )
        for mark in internal_marks(doc.title + "\n" + doc.notes):
            problems.append(lint_error(doc.path, doc.line, "internal_mark", mark=mark))
    return problems


# -- a course ------------------------------------------------------------------------------
def _course(course: Course, documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    course_path = f"{course.path.name}/course.md"
    if course.as_of is None:
        problems.append(lint_error(course_path, 1, "no_as_of"))
    for mark in internal_marks(course.description):
        problems.append(lint_error(course_path, 1, "internal_mark", mark=mark))
    for lesson in course.lessons:
        if lesson.generated:
            continue
        for number, line in enumerate(lesson.body.split("\n"), start=lesson.body_line):
            for mark in internal_marks(line):
                problems.append(lint_error(lesson.rel_path, number, "internal_mark", mark=mark))
        for source in lesson.cited:
            if source not in documents:
                problems.append(
                    lint_error(lesson.rel_path, 1, "lesson_unresolved_source", source=source)
                )
    questions = course.questions()
    for question in questions:
        problems += _question(question, documents)
    problems += near_duplicates(questions)
    problems += longest_best(course, questions)
    problems += positions_unbalanced(course)
    return problems


def _question(question: Question, documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    where = (question.path, question.line)
    for text in _visible_texts(question):
        for mark in internal_marks(text):
            problems.append(
                lint_error(*where, "question_internal_mark", question=question.id, mark=mark)
            )
    if not question.refs:
        problems.append(lint_error(*where, "no_refs", question=question.id))
    for ref in question.refs:
        if ref.document not in documents:
            problems.append(
                lint_error(*where, "unresolved_ref", question=question.id, document=ref.document)
            )
    if question.kind is QuestionKind.GRADED:
        for option in question.options:
            if not option.feedback:
                problems.append(
                    lint_error(
                        *where,
                        "graded_no_feedback",
                        question=question.id,
                        option=option.key.upper(),
                    )
                )
            elif not named_documents(option.feedback, documents):
                problems.append(
                    lint_error(
                        *where,
                        "feedback_no_document",
                        question=question.id,
                        option=option.key.upper(),
                    )
                )
        text = " ".join([question.stem, *(o.text for o in question.options)])
        for match in OLD_UNITS.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            if not OLD_UNITS_OK.search(context):
                problems.append(
                    lint_error(*where, "old_unit", question=question.id, unit=match.group(0))
                )
                break
    for option in question.options:
        feedback = option.feedback.strip().lower()
        if option.weight > 0 and feedback.startswith(WRONG_WORDS):
            problems.append(
                lint_error(
                    *where,
                    "credit_for_wrong",
                    question=question.id,
                    option=option.key.upper(),
                    percent=round(option.weight * 100),
                )
            )
    return problems
