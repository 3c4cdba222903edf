"""Plain data for loaded content: what the loader produces and everything else consumes."""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING

from ethics_trainer.record import record

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@record()
class Problem:
    """One finding of the validator, printed as ``path:line: message``."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def format(self, base: str = "") -> str:
        """``path:line: message``; ``base`` is the folder the path is relative to."""
        kind = "" if self.severity is Severity.ERROR else "warning: "
        path = (
            f"{base.rstrip('/')}/{self.path}"
            if base and not self.path.startswith("/")
            else self.path
        )
        return f"{path}:{self.line}: {kind}{self.message}"


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    GRADED = "graded"


@record(slots=True)  # held by the hundred thousand: no __dict__ each
class Option:
    """One answer of a question, as written in its bank."""

    key: str  # "a", "b", ... in file order; attempts keep a snapshot, so reordering is safe
    text: str  # Markdown
    correct: bool  # the box is ticked: ``- [x]``
    weight: float  # credit as a fraction of the question: 1.0, 0.5, 0.0, or negative
    feedback: str = ""


@record(slots=True)  # held by the hundred thousand: no __dict__ each
class Reference:
    """A structured pointer into the sources registry: a document id and an optional article."""

    document: str
    article: str = ""


@record(slots=True)  # held by the hundred thousand: no __dict__ each
class Question:
    """One question of a bank, with its options in file order."""

    id: str
    title: str
    stem: str  # Markdown
    options: tuple[Option, ...]
    kind: QuestionKind
    explanation: str = ""
    source: str = ""
    refs: tuple[Reference, ...] = ()
    tags: tuple[str, ...] = ()
    group: str = ""  # variant group: a draw takes at most one question of a group
    bank_id: str = ""
    lesson_id: str = ""
    course_id: str = ""
    path: str = ""
    line: int = 0

    @property
    def correct_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options if o.correct)


@record()
class Bank:
    """A question bank file: its questions and the lesson it belongs to."""

    id: str
    title: str
    course_id: str
    lesson_id: str
    tags: tuple[str, ...]
    questions: tuple[Question, ...]
    path: str


@record()
class Lesson:
    """A lesson file: its Markdown body and the front matter the course tree shows."""

    id: str
    title: str
    course_id: str
    body: str  # Markdown without front matter
    minutes: int
    order: int
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    path: Path  # absolute path of the lesson file (images resolve against it)
    rel_path: str
    generated: bool = False  # made by the loader (the bibliography page), not read from a file
    cited: tuple[str, ...] = ()  # ``sources:`` as written: registry ids (``sources`` is shown)
    body_line: int = 1  # file line of the body's first line, for problems found in it


@record()
class FinalQuiz:
    """The final quiz of a course (``final_quiz:`` in course.md)."""

    questions: int | None  # None: all questions of the pool
    minutes: int
    pass_percent: float
    banks: tuple[str, ...]  # ("all",) or bank ids
    tags: tuple[str, ...] = ()


@record()
class Course:
    """A course folder: its lessons, banks and final quiz."""

    id: str
    title: str
    description: str
    order: int
    lessons: tuple[Lesson, ...]
    banks: tuple[Bank, ...]
    final_quiz: FinalQuiz | None
    path: Path
    as_of: date | None = None  # the date the law taught was checked (``as_of:`` in course.md)

    def questions(self) -> list[Question]:
        return [q for b in self.banks for q in b.questions]

    def lesson_questions(self, lesson_id: str) -> list[Question]:
        return [q for b in self.banks if b.lesson_id == lesson_id for q in b.questions]

    def final_pool(self) -> list[Question]:
        if self.final_quiz is None:
            return []
        wanted = set(self.final_quiz.banks)
        pool = [q for b in self.banks if "all" in wanted or b.id in wanted for q in b.questions]
        if self.final_quiz.tags:
            tags = set(self.final_quiz.tags)
            pool = [q for q in pool if tags.intersection(q.tags)]
        return pool

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


class DocumentStatus(StrEnum):
    IN_FORCE = "in_force"
    AMENDED = "amended"
    REPLACED = "replaced"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    UNCLEAR = "unclear"


@record()
class Document:
    """A legal document in the sources registry (``sources/<id>.md``, or ``documents.yaml``)."""

    id: str
    title: str
    in_force: str = ""  # ISO date the document took effect, "" when not verified
    replaced_by: str = ""
    amended_by: tuple[str, ...] = ()
    number: str = ""  # official number: 80/2025/QH15
    issuer: str = ""  # issuing body: Quốc hội
    issued: str = ""  # ISO date signed or passed
    status: DocumentStatus = DocumentStatus.IN_FORCE
    url: str = ""
    checked: str = ""  # ISO date its status was last checked
    notes: str = ""  # Markdown: what was checked, which articles the course relies on
    path: str = ""  # registry file, relative to the content folder
    line: int = 0

    @property
    def outdated(self) -> bool:
        """Questions resting on it need a look: replaced or amended since they were written."""
        return bool(self.replaced_by or self.amended_by) or self.status in (
            DocumentStatus.REPLACED,
            DocumentStatus.AMENDED,
        )


@record(frozen=False)
class Library:
    """Everything loaded from one content folder, plus what was skipped and why."""

    root: Path
    courses: list[Course] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((le for c in self.courses for le in c.lessons if le.id == lesson_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for c in self.courses for q in c.questions() if q.id == question_id), None)

    def all_questions(self) -> list[Question]:
        return [q for c in self.courses for q in c.questions()]

    def all_lessons(self) -> list[Lesson]:
        return [le for c in self.courses for le in c.lessons]

    def summary(self) -> str:
        """The contract line of ``ethics-trainer check``."""
        lessons = [le for le in self.all_lessons() if not le.generated]
        return (
            f"{len(self.courses)} courses, {len(lessons)} lessons, "
            f"{len(self.all_questions())} questions, {len(self.errors)} errors, "
            f"{len(self.warnings)} warnings"
        )
