"""The columns of the HR reports' exports: which attribute, which header, which kind of cell.

Why apart: the report window shows the same columns the files get, and the cell conversion
and both writers read them; none of those needs the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from ethics_trainer.i18n import tr

ATTEMPT_KINDS = ("quiz", "final", "practice", "review", "exam")  # Attempt.kind values


@dataclass(frozen=True)
class Column:
    key: str  # attribute of the row
    header: str  # message id of the header
    kind: str = "text"  # text | int | number | datetime | status | bool
    width: int = 14  # characters, for XLSX


COMPLETION_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "hr.col.full_name", width=26),
    Column("employee_code", "hr.col.employee_code", width=12),
    Column("unit", "hr.col.unit", width=30),
    Column("position", "hr.col.position", width=18),
    Column("course_title", "hr.col.course", width=36),
    Column("status", "hr.col.status", "status", 16),
    Column("completed_at", "hr.col.completed_at", "datetime", 17),
    Column("score", "hr.col.score", "number", 8),
    Column("attempts", "hr.col.attempts", "int", 9),
    Column("best_score", "hr.col.best_score", "number", 10),
    Column("last_activity", "hr.col.last_activity", "datetime", 17),
    Column("certificate_no", "hr.col.certificate_no", width=18),
    Column("content_hash", "hr.col.content_hash", width=14),
)


ATTEMPT_COLUMNS: tuple[Column, ...] = (
    Column("attempt_id", "hr.col.attempt_id", "int", 9),
    Column("full_name", "hr.col.full_name", width=26),
    Column("unit", "hr.col.unit", width=30),
    Column("course_title", "hr.col.course", width=36),
    Column("kind", "hr.col.kind", "attempt_kind", 18),
    Column("started_at", "hr.col.started_at", "datetime", 17),
    Column("submitted_at", "hr.col.submitted_at", "datetime", 17),
    Column("score", "hr.col.score", "number", 8),
    Column("passed", "hr.col.passed", "bool", 8),
)


def status_label(status: str) -> str:
    return tr(f"hr.status.{status}")


def kind_label(kind: str) -> str:
    """'final' -> 'Bài kiểm tra cuối khoá'; an unknown kind is shown as it is."""
    return tr(f"hr.kind.{kind}") if kind in ATTEMPT_KINDS else kind
