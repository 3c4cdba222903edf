"""Ids are unique across a whole content folder: the first file to use one keeps it.

Courses, lessons, banks and questions share one namespace because progress, attempts and
certificates are stored by id; a second use is reported with where the first one is.
"""

from __future__ import annotations

from ethics_trainer.content.question_format import ID_RE
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr


class IdClaims:
    """The ids seen so far in one load, each with the ``path:line`` of its first use."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, int]] = {}

    def claim(self, kind: str, value: object, sink: ProblemSink, line: int) -> str | None:
        """``kind`` is a message id naming what the id is for (``content.kind.lesson``)."""
        if value is None or str(value).strip() == "":
            sink.error(line, tr("content.missing_id", kind=tr(kind)))
            return None
        ident = str(value).strip()
        if not ID_RE.match(ident):
            sink.error(line, tr("content.invalid_id", kind=tr(kind), id=ident))
            return None
        return self.claim_valid(ident, sink, line)

    def claim_valid(self, ident: str, sink: ProblemSink, line: int) -> str | None:
        """The duplicate check alone, for an id the parser has already validated."""
        first = self.seen.get(ident)
        if first is not None:
            sink.error(line, tr("content.duplicate_id", id=ident, first=f"{first[0]}:{first[1]}"))
            return None
        self.seen[ident] = (sink.rel_path, line)
        return ident
