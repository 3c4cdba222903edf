"""One question bank file: front matter (id, lesson, tags) and its questions.

The questions themselves are parsed by :mod:`ethics_trainer.content.questions`; here each
keeps its id only if no other file used it, and its images are checked.
"""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.content.file_reader import ContentReader
from ethics_trainer.content.id_claims import IdClaims
from ethics_trainer.content.image_check import check_images
from ethics_trainer.content.meta_values import as_tags, check_keys
from ethics_trainer.content.model import Bank, Question
from ethics_trainer.content.questions import parse_questions
from ethics_trainer.i18n import tr

BANK_KEYS = {"id", "title", "lesson", "tags", "description"}


def load_bank(
    reader: ContentReader, ids: IdClaims, path: Path, course_id: str, lesson_ids: set[str]
) -> Bank | None:
    """The bank in ``path``; None (problems recorded) when it has no usable id."""
    opened = reader.open_doc(path)
    if opened is None:
        return None
    sink, doc, lines = opened
    check_keys(doc.meta, BANK_KEYS, sink, lines)
    bank_id = ids.claim("content.kind.bank", doc.meta.get("id"), sink, lines.get("id", 1))
    if bank_id is None:
        return None
    lesson_id = str(doc.meta.get("lesson") or "").strip()
    if lesson_id and lesson_id not in lesson_ids:
        sink.error(lines.get("lesson", 1), tr("content.unknown_lesson", lesson=lesson_id))
        lesson_id = ""
    questions = parse_questions(
        doc.body,
        doc.body_line,
        sink,
        bank_id=bank_id,
        lesson_id=lesson_id,
        course_id=course_id,
        bank_tags=as_tags(doc.meta.get("tags")),
    )
    kept: list[Question] = []
    folder = path.parent
    for question in questions:
        if ids.claim_valid(question.id, sink, question.line):
            check_images(question.stem, question.line, folder, reader.roots, sink)
            kept.append(question)
    return Bank(
        id=bank_id,
        title=str(doc.meta.get("title") or bank_id),
        course_id=course_id,
        lesson_id=lesson_id,
        tags=as_tags(doc.meta.get("tags")),
        questions=tuple(kept),
        path=sink.rel_path,
    )
