"""What the search index holds: each lesson section and each question as plain text.

Lessons are split at their headings so a hit names its section; Markdown is reduced to the
words a learner reads (:mod:`ethics_trainer.study.plaintext`) before it is indexed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ethics_trainer.content.model import Lesson, Library, Question
from ethics_trainer.study.plaintext import plain_text, sections

KIND_LESSON = "lesson"
KIND_QUESTION = "question"


@dataclass(frozen=True)
class IndexEntry:
    """One searchable row: a lesson section or a question, with the text to match."""

    kind: str
    item_id: str
    course_id: str
    lesson_id: str
    title: str
    section: str
    anchor: str
    body: str
    extra: str


def lesson_entries(lesson: Lesson) -> list[IndexEntry]:
    extra = " ".join([lesson.id, *lesson.tags, *lesson.sources])
    parts = sections(lesson.body) or []
    # A heading followed at once by a subheading has no text of its own; it borrows the text
    # that follows, so a hit on that heading still shows a snippet under it.
    texts = [part.text for part in parts]
    for i in range(len(texts) - 2, -1, -1):
        if not texts[i]:
            texts[i] = texts[i + 1]
    entries = [
        IndexEntry(
            KIND_LESSON,
            lesson.id,
            lesson.course_id,
            lesson.id,
            lesson.title,
            part.heading,
            part.anchor,
            text,
            extra,
        )
        for part, text in zip(parts, texts, strict=True)
    ]
    if not entries:
        entries.append(
            IndexEntry(
                KIND_LESSON, lesson.id, lesson.course_id, lesson.id, lesson.title, "", "", "", extra
            )
        )
    return entries


def question_entry(question: Question) -> IndexEntry:
    body = " ".join(
        t
        for t in [
            plain_text(question.stem),
            *(plain_text(o.text) for o in question.options),
            plain_text(question.explanation),
        ]
        if t
    )
    extra = " ".join([plain_text(question.source), question.id, *question.tags]).strip()
    return IndexEntry(
        KIND_QUESTION,
        question.id,
        question.course_id,
        question.lesson_id,
        question.title or question.id,
        "",
        "",
        body,
        extra,
    )


def library_entries(library: Library) -> list[IndexEntry]:
    result: list[IndexEntry] = []
    for course in library.courses:
        for lesson in course.lessons:
            result.extend(lesson_entries(lesson))
        result.extend(question_entry(q) for q in course.questions())
    return result
