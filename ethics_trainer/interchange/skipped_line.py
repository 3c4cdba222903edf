"""The ``path:line: skipped <type> question "<title>" (reason)`` line, in the user's language.

In English the line is exactly :meth:`Skipped.format` (a contract scripts grep); in Vietnamese
it reads ``path:line: bỏ qua câu tự luận "<title>" (lý do)``. The question type names are
those the parsers record (``essay``, ``short answer``, Moodle's ``drag and drop``…) and our own
kinds (``single``, ``graded``…) for what an export cannot hold; a type we do not name (an
unusual Moodle type) is shown as the file gave it.
"""

from __future__ import annotations

from ethics_trainer.i18n import tr
from ethics_trainer.interchange.records import Skipped


def kind_name(kind: str) -> str:
    """The question type as the user's language names it (English: unchanged)."""
    message_id = "delivery.kind." + kind.replace("/", "_or_").replace(" ", "_")
    text = tr(message_id)
    return kind if text == message_id else text


def skipped_line(path: str, line: int, kind: str, title: str, reason: str = "") -> str:
    """One skipped question, reason included when there is one."""
    values = {"path": path, "line": line, "kind": kind_name(kind), "title": title}
    if reason:
        return tr("delivery.skipped.with_reason", reason=reason, **values)
    return tr("delivery.skipped.line", **values)


def format_skipped(item: Skipped) -> str:
    """:meth:`Skipped.format` in the user's language."""
    return skipped_line(item.path, item.line, item.kind, item.title, item.reason)
