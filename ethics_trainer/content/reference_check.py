"""After a load: citations of unknown documents, and questions resting on outdated law.

Run once the whole library is assembled, since a question in one course may cite a
document only the registry knows, and a lesson to update may be in another file.
"""

from __future__ import annotations

from ethics_trainer.content.model import Library, Problem
from ethics_trainer.content.question_format import ID_RE
from ethics_trainer.content.sources import outdated_citations
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr


def check_references(library: Library, problems: list[Problem]) -> None:
    """Warn for citations of unknown documents, and list the questions resting on a
    document replaced or amended since (with the lesson to update)."""
    docs = library.documents
    for question in library.all_questions():
        for ref in question.refs:
            if ref.document not in docs:
                ProblemSink(question.path, problems).warning(
                    question.line,
                    tr(
                        "content.cites_unknown_document",
                        question=question.id,
                        document=ref.document,
                    ),
                )
    for lesson in library.all_lessons():
        for source in lesson.cited:
            if source not in docs and ID_RE.match(source) and source == source.lower():
                ProblemSink(lesson.rel_path, problems).warning(
                    1, tr("content_lint.lesson_unknown_source", document=source)
                )
    for qid, where, lesson_id, document, newer in outdated_citations(library):
        path, _, line = where.rpartition(":")
        ProblemSink(path, problems).warning(
            int(line),
            tr(
                "content_lint.outdated_citation",
                question=qid,
                lesson=lesson_id or "-",
                document=document,
                newer=newer,
            ),
        )
