"""One lesson file: front matter (id, title, minutes...) and the Markdown body learners read.

A lesson's ``sources:`` are registry ids; learners see each document's citation, so the
lesson is made with both (``sources`` shown, ``cited`` as written) once the registry is read.
"""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.content.file_reader import ContentReader
from ethics_trainer.content.id_claims import IdClaims
from ethics_trainer.content.image_check import check_images
from ethics_trainer.content.meta_values import as_int, as_tags, check_keys
from ethics_trainer.content.model import Document, Lesson
from ethics_trainer.content.sources import citation
from ethics_trainer.i18n import tr

LESSON_KEYS = {"id", "title", "minutes", "order", "tags", "sources", "summary"}


def load_lesson(
    reader: ContentReader,
    ids: IdClaims,
    path: Path,
    course_id: str,
    documents: dict[str, Document],
) -> Lesson | None:
    """The lesson in ``path``, its sources cited from ``documents`` (the registry); None
    (problems recorded) when it has no usable id or title."""
    opened = reader.open_doc(path)
    if opened is None:
        return None
    sink, doc, lines = opened
    if not doc.meta:
        sink.error(1, tr("content.lesson_no_front_matter"))
        return None
    check_keys(doc.meta, LESSON_KEYS, sink, lines)
    lesson_id = ids.claim("content.kind.lesson", doc.meta.get("id"), sink, lines.get("id", 1))
    title = str(doc.meta.get("title") or "").strip()
    if not title:
        sink.error(lines.get("title", 1), tr("content.missing_title"))
    check_images(doc.body, doc.body_line, path.parent, reader.roots, sink)
    if lesson_id is None or not title:
        return None
    raw = doc.meta.get("sources")
    written = as_tags(raw) if isinstance(raw, list) else as_tags([raw] if raw else None)
    return Lesson(
        id=lesson_id,
        title=title,
        course_id=course_id,
        body=doc.body,
        minutes=as_int(
            doc.meta.get("minutes"), 5, sink, lines.get("minutes", 1), "minutes", (0, 600)
        ),
        order=as_int(doc.meta.get("order"), 1000, sink, lines.get("order", 1), "order"),
        tags=as_tags(doc.meta.get("tags")),
        sources=tuple(citation(documents[s]) if s in documents else s for s in written),
        path=path,
        rel_path=sink.rel_path,
        cited=written,
        body_line=doc.body_line,
    )
