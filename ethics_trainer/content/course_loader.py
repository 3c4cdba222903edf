"""Assembling one course folder: ``course.md``, its lessons, its banks, its bibliography.

A course is only as good as its parts: lessons are loaded first (banks name the lesson they
belong to), then banks, then the final quiz is checked against the banks it draws from, and
the “Tài liệu tham khảo” page is made from the documents the course cites.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ethics_trainer.content.bank_file import load_bank
from ethics_trainer.content.file_reader import ContentReader
from ethics_trainer.content.final_quiz_meta import final_quiz
from ethics_trainer.content.id_claims import IdClaims
from ethics_trainer.content.lesson_file import load_lesson
from ethics_trainer.content.meta_values import as_int, as_of, check_keys
from ethics_trainer.content.model import Bank, Course, Document, Lesson
from ethics_trainer.content.sources import (
    BIBLIOGRAPHY_ORDER,
    BIBLIOGRAPHY_TITLE,
    bibliography_lesson_id,
    bibliography_markdown,
    cited_ids,
)
from ethics_trainer.i18n import tr

COURSE_KEYS = {"id", "title", "order", "final_quiz", "description", "tags", "as_of"}


class CourseLoader:
    """Loads course folders with one reader, one id namespace and one sources registry."""

    def __init__(
        self, reader: ContentReader, ids: IdClaims, documents: dict[str, Document]
    ) -> None:
        self.reader = reader
        self.ids = ids
        self.documents = documents

    def load_course(self, folder: Path, progress: Callable[[], None]) -> Course | None:
        reader = self.reader
        try:
            reader.set_roots((reader.root, folder.resolve()))
        except (OSError, RuntimeError):
            reader.set_roots((reader.root,))
        path = folder / "course.md"
        opened = reader.open_doc(path)
        if opened is None:
            return None
        sink, doc, lines = opened
        meta = doc.meta
        check_keys(meta, COURSE_KEYS, sink, lines)
        course_id = self.ids.claim("content.kind.course", meta.get("id"), sink, lines.get("id", 1))
        if course_id is None:
            return None
        title = str(meta.get("title") or "").strip()
        if not title:
            sink.error(lines.get("title", 1), tr("content.missing_title"))
            return None
        quiz = final_quiz(meta.get("final_quiz"), sink, lines.get("final_quiz", 1))
        lessons: list[Lesson] = []
        for lesson_path in sorted((folder / "lessons").glob("*.md")):
            if lesson_path.name.startswith((".", "_")):
                continue
            lesson = load_lesson(reader, self.ids, lesson_path, course_id, self.documents)
            if lesson is not None:
                lessons.append(lesson)
            progress()
        lessons.sort(key=lambda le: (le.order, le.rel_path))
        lesson_ids = {le.id for le in lessons}
        banks: list[Bank] = []
        for bank_path in sorted((folder / "questions").glob("*.md")):
            if bank_path.name.startswith((".", "_")):
                continue
            bank = load_bank(reader, self.ids, bank_path, course_id, lesson_ids)
            if bank is not None:
                banks.append(bank)
            progress()
        if quiz is not None:
            known = {b.id for b in banks}
            for bank_id in quiz.banks:
                if bank_id != "all" and bank_id not in known:
                    sink.error(
                        lines.get("final_quiz", 1),
                        tr("content.final_quiz_unknown_bank", bank=bank_id),
                    )
        checked = as_of(meta.get("as_of"), sink, lines.get("as_of", 1))
        bibliography = self.bibliography(course_id, folder, lessons, banks, checked)
        if bibliography is not None:
            lessons.append(bibliography)
        course = Course(
            id=course_id,
            title=title,
            description=doc.body.strip() or str(meta.get("description") or ""),
            order=as_int(meta.get("order"), 1000, sink, lines.get("order", 1), "order"),
            lessons=tuple(lessons),
            banks=tuple(banks),
            final_quiz=quiz,
            path=folder,
            as_of=checked,
        )
        if quiz is not None:
            pool = len(course.final_pool())
            if pool == 0:
                sink.error(lines.get("final_quiz", 1), tr("content.final_quiz_empty"))
            elif quiz.questions and quiz.questions > pool:
                sink.warning(
                    lines.get("final_quiz", 1),
                    tr("content.final_quiz_pool_small", questions=quiz.questions, pool=pool),
                )
        return course

    def bibliography(
        self,
        course_id: str,
        folder: Path,
        lessons: list[Lesson],
        banks: list[Bank],
        checked: date | None,
    ) -> Lesson | None:
        """The “Tài liệu tham khảo” page, built from the registry as the course's last lesson."""
        refs = [r.document for b in banks for q in b.questions for r in q.refs]
        cited = [i for i in cited_ids([le.cited for le in lessons], refs) if i in self.documents]
        if not cited:
            return None
        return Lesson(
            id=bibliography_lesson_id(course_id),
            title=BIBLIOGRAPHY_TITLE,
            course_id=course_id,
            body=bibliography_markdown(cited, self.documents, checked),
            minutes=3,
            order=BIBLIOGRAPHY_ORDER,
            tags=(),
            sources=(),
            path=folder / "course.md",
            rel_path=self.reader.rel(folder / "course.md"),
            generated=True,
        )
