"""Exam definitions: what to draw (course, banks, tags, how many of each) and the rules.

Building the question list is separate from storing it, so the same draw serves the
candidate screen, the headless driver and the room check.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sqlmodel import col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Course, Library, Question
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.drawing import one_per_group, snapshot_question
from ethics_trainer.quiz.snapshot import Snapshot
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.draw_parts import DrawPart, DrawParts
from ethics_trainer.storage.models import ExamDefinition

SHOW_SCORE = "score"
SHOW_ANSWERS = "answers"
SHOW_NOTHING = "nothing"
SHOW_CHOICES = (SHOW_SCORE, SHOW_ANSWERS, SHOW_NOTHING)


@dataclass(frozen=True)
class ExamDef:
    id: int
    name: str
    course_id: str
    parts: tuple[DrawPart, ...] = (DrawPart(),)
    minutes: int = 30
    pass_percent: float = 80.0
    attempts_allowed: int = 1
    shuffle_questions: bool = True
    shuffle_options: bool = True
    show_after: str = SHOW_SCORE
    archived: bool = False


@dataclass
class ExamDraft:
    """The editable fields of a definition (the editor and the CLI fill one in)."""

    name: str
    course_id: str
    parts: list[DrawPart] = field(default_factory=lambda: [DrawPart()])
    minutes: int = 30
    pass_percent: float = 80.0
    attempts_allowed: int = 1
    shuffle_questions: bool = True
    shuffle_options: bool = True
    show_after: str = SHOW_SCORE


def _info(row: ExamDefinition) -> ExamDef:
    assert row.id is not None
    return ExamDef(
        id=row.id,
        name=row.name,
        course_id=row.course_id,
        parts=row.parts.parts or (DrawPart(),),
        minutes=row.minutes,
        pass_percent=row.pass_percent,
        attempts_allowed=row.attempts_allowed,
        shuffle_questions=row.shuffle_questions,
        shuffle_options=row.shuffle_options,
        show_after=row.show_after,
        archived=bool(row.archived),
    )


def validate(draft: ExamDraft, library: Library | None = None) -> None:
    """Refuse a definition that could not run, with a message saying which field."""
    if not draft.name.strip():
        raise UserError(tr("exams.def.need_name"))
    if draft.minutes <= 0:
        raise UserError(tr("exams.def.bad_minutes"))
    if not 0 <= draft.pass_percent <= 100:
        raise UserError(tr("exams.def.bad_pass"))
    if draft.attempts_allowed < 1:
        raise UserError(tr("exams.def.bad_attempts"))
    if draft.show_after not in SHOW_CHOICES:
        raise UserError(tr("exams.def.bad_show", value=draft.show_after))
    if library is not None:
        course = library.course(draft.course_id)
        if course is None:
            raise UserError(tr("exams.def.no_course", course=draft.course_id))
        for part in draft.parts:
            available = len(part_pool(course, part))
            if available == 0 or (part.count is not None and part.count > available):
                raise UserError(
                    tr("exams.def.too_few", wanted=part.count or 0, available=available)
                )


def save_definition(
    db: Database,
    draft: ExamDraft,
    *,
    definition_id: int | None = None,
    library: Library | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ExamDef:
    validate(draft, library)
    with db.session() as session:
        row = session.get(ExamDefinition, definition_id) if definition_id else None
        if row is None:
            row = ExamDefinition(name="", course_id="", created_at=clock.now())
        row.name = draft.name.strip()
        row.course_id = draft.course_id
        row.parts = DrawParts(tuple(draft.parts))
        row.minutes = draft.minutes
        row.pass_percent = draft.pass_percent
        row.attempts_allowed = draft.attempts_allowed
        row.shuffle_questions = draft.shuffle_questions
        row.shuffle_options = draft.shuffle_options
        row.show_after = draft.show_after
        session.add(row)
        session.flush()
        return _info(row)


def list_definitions(db: Database, *, include_archived: bool = False) -> list[ExamDef]:
    """Newest first; archived ones only when asked (the editor's list shows them greyed)."""
    with db.session() as session:
        query = select(ExamDefinition).order_by(col(ExamDefinition.id).desc())
        if not include_archived:
            query = query.where(col(ExamDefinition.archived).is_(False))
        return [_info(r) for r in session.exec(query).all()]


def set_archived(db: Database, definition_id: int, archived: bool = True) -> ExamDef:
    """Hide a definition from new sessions (or bring it back).

    Never deleted: past sessions, their minutes and results still refer to it.
    """
    with db.session() as session:
        row = session.get(ExamDefinition, definition_id)
        if row is None:
            raise NotFoundError(tr("exams.def.not_found", id=definition_id))
        row.archived = archived
        session.add(row)
        session.flush()
        return _info(row)


def get_definition(db: Database, definition_id: int) -> ExamDef:
    with db.session() as session:
        row = session.get(ExamDefinition, definition_id)
        if row is None:
            raise NotFoundError(tr("exams.def.not_found", id=definition_id))
        return _info(row)


def part_pool(course: Course, part: DrawPart) -> list[Question]:
    banks = set(part.banks)
    pool = [q for b in course.banks if not banks or b.id in banks for q in b.questions]
    if part.tags:
        tags = set(part.tags)
        pool = [q for q in pool if tags.intersection(q.tags)]
    return pool


def build_snapshot(definition: ExamDef, course: Course, seed: int) -> Snapshot:
    """The attempt's questions: each part's draw, without repeats, in a seeded order."""
    rng = random.Random(seed)
    chosen: list[Question] = []
    seen: set[str] = set()
    groups: set[str] = set()
    for part in definition.parts:
        pool = [q for q in part_pool(course, part) if q.id not in seen]
        rng.shuffle(pool)
        pool = one_per_group([q for q in pool if not q.group or q.group not in groups])
        take = pool if part.count is None else pool[: part.count]
        if part.count is not None and len(take) < part.count:
            raise UserError(tr("exams.def.too_few", wanted=part.count, available=len(take)))
        chosen.extend(take)
        seen.update(q.id for q in take)
        groups.update(q.group for q in take if q.group)
    if definition.shuffle_questions:
        rng.shuffle(chosen)
    else:
        order = {q.id: i for i, q in enumerate(course.questions())}
        chosen.sort(key=lambda q: order.get(q.id, 0))
    return Snapshot(tuple(snapshot_question(q, rng, definition.shuffle_options) for q in chosen))
