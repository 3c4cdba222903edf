"""What an import would store, question by question, before anything is written.

The CLI (``import --dry-run``) and the GUI's import dialog show the same rows, so a centre
sees every question that will be imported (kind, title, answer) and every one that will not
(with its line or paragraph and the reason) before deciding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ethics_trainer.i18n import tr
from ethics_trainer.interchange.markup import markdown_to_plain
from ethics_trainer.interchange.records import ParseResult
from ethics_trainer.interchange.skipped_line import kind_name

OK = "ok"
SKIPPED = "skipped"
IGNORED = "ignored"


@dataclass(frozen=True)
class PreviewRow:
    path: str
    line: int
    status: str  # OK, SKIPPED or IGNORED
    kind: str
    title: str
    detail: str  # the answer for OK rows, the reason otherwise
    category: str = ""
    stem: str = ""  # plain text of the question, for a preview pane

    def format(self) -> str:
        if self.status == OK:
            return tr(
                "interop.preview.ok",
                path=self.path,
                line=self.line,
                kind=tr(f"interop.kind.{self.kind}"),
                title=self.title,
                answer=self.detail,
            )
        if self.status == SKIPPED:
            return tr(
                "interop.preview.skipped",
                path=self.path,
                line=self.line,
                kind=kind_name(self.kind),
                title=self.title,
                reason=self.detail or "—",
            )
        return f"{self.path}:{self.line}: {self.detail}"


def preview_rows(results: Sequence[ParseResult]) -> list[PreviewRow]:
    """Every question and every report line of the files, in file order."""
    rows: list[PreviewRow] = []
    for result in results:
        items: list[PreviewRow] = []
        for item in result.questions:
            q = item.question
            letters = [chr(ord("A") + i) for i, o in enumerate(q.options) if o.correct]
            items.append(
                PreviewRow(
                    result.path,
                    q.line,
                    OK,
                    q.kind.value,
                    q.title,
                    ", ".join(letters),
                    item.category,
                    markdown_to_plain(q.stem),
                )
            )
        for skipped in result.skipped:
            items.append(
                PreviewRow(
                    skipped.path, skipped.line, SKIPPED, skipped.kind, skipped.title, skipped.reason
                )
            )
        for problem in result.problems:
            items.append(PreviewRow(problem.path, problem.line, IGNORED, "", "", problem.message))
        rows.extend(sorted(items, key=lambda r: r.line))
    return rows
