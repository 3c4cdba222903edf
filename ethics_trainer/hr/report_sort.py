"""The report window's sorting by any column, and totals per unit of rows already fetched.

Why apart: only the window sorts and totals rows in memory; the exports stream rows in the
report's own order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ethics_trainer.hr.report_base import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    STATUSES,
    ReportRow,
    UnitTotal,
    name_key,
    text_key,
)


def _unit_key(item: tuple[str, list[int]]) -> tuple[str, str]:
    return text_key(item[0])


def _total(unit: str, rows: Sequence[ReportRow]) -> UnitTotal:
    counts = {s: 0 for s in STATUSES}
    for row in rows:
        counts[row.status] += 1
    return UnitTotal(unit, len(rows), counts[COMPLETED], counts[IN_PROGRESS], counts[NOT_STARTED])


def unit_totals(rows: Sequence[ReportRow]) -> list[UnitTotal]:
    """Totals per unit, units in Vietnamese alphabetical order."""
    groups: dict[str, list[ReportRow]] = {}
    for row in rows:
        groups.setdefault(row.unit, []).append(row)
    return [_total(u, groups[u]) for u in sorted(groups, key=text_key)]


SORT_KEYS: dict[str, Callable[[ReportRow], Any]] = {
    "full_name": lambda r: name_key(r.full_name),
    "employee_code": lambda r: text_key(r.employee_code),
    "unit": lambda r: (text_key(r.unit), name_key(r.full_name)),
    "position": lambda r: text_key(r.position),
    "course_title": lambda r: text_key(r.course_title),
    "status": lambda r: STATUSES.index(r.status),
    "completed_at": lambda r: r.completed_at,
    "score": lambda r: r.score,
    "attempts": lambda r: r.attempts,
    "best_score": lambda r: r.best_score,
    "last_activity": lambda r: r.last_activity,
    "certificate_no": lambda r: r.certificate_no,
    "content_hash": lambda r: r.content_hash,
}


def sort_rows(rows: Sequence[ReportRow], column: str, descending: bool = False) -> list[ReportRow]:
    """Sorted copy; empty values (None) always go last. Each key is computed once."""
    key = SORT_KEYS[column]
    keys = [key(r) for r in rows]
    present = [i for i, k in enumerate(keys) if k is not None]
    missing = [rows[i] for i, k in enumerate(keys) if k is None]
    present.sort(key=keys.__getitem__, reverse=descending)
    return [rows[i] for i in present] + missing
