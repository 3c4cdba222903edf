"""The XLSX export's fast cells (``hr/xlsx_table.body_rows``, plain-text chunks and date-times
made in C) write exactly the sheet the per-cell path writes (``cell_function`` for each typed
value, then ``rows``): the same bytes, for plain and awkward text, empty cells, numbers and
times from 1900 to 2200, in chunks that are plain, mixed or not plain at all."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from ethics_trainer.hr import exports, xlsx_export
from ethics_trainer.hr.export_cells import typed_value
from ethics_trainer.hr.export_columns import COMPLETION_COLUMNS
from ethics_trainer.hr.exports import export_rows, run
from ethics_trainer.hr.xlsx_table import TableWriter

NAMES = [
    "Nguyễn Văn An",
    "Trần & Lê <Cty>",
    "=HYPERLINK(1)",
    " space first",
    "space last ",
    "tab\tinside",
    "line\nbreak",
    "bell\x07ring",
    "escaped _x0041_ text",
    "-5 dashes",
    "@mention",
    "x" * 40_000,
    "",
    "\ufffe odd",
    "lone \ud800 surrogate",
    "\xa0no-break space first",
    "zero\u200bwidth",
]
TIMES = [
    datetime(2026, 11, 24, 8, 30, 15, tzinfo=UTC),
    datetime(1900, 2, 28, 23, 0, tzinfo=UTC),
    datetime(1900, 3, 1, 1, 0, tzinfo=UTC),
    datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2199, 6, 1, 12, 0, 1, tzinfo=UTC),
    None,
]


def _rows(count: int, awkward_every: int) -> list[SimpleNamespace]:
    rows = []
    for i in range(count):
        name = NAMES[i % len(NAMES)] if awkward_every and i % awkward_every == 0 else f"Người {i}"
        rows.append(
            SimpleNamespace(
                full_name=name,
                employee_code=f"HN{i:05d}",
                unit=["Sở Nội vụ", "UBND quận Ba Đình", None][i % 3],
                position=None if i % 4 == 0 else "Chuyên viên",
                course_title="Đạo đức công vụ",
                status=["completed", "in_progress"][i % 2],
                completed_at=TIMES[i % len(TIMES)],
                score=None if i % 7 == 0 else 50 + (i % 500) / 10,
                attempts=i % 4,
                best_score=83.9,
                last_activity=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=97 * i),
                certificate_no=f"ĐĐCV-2026-{i:06d}",
                content_hash="3f9a1c0b7d2e4f5a6b7c",
            )
        )
    return rows


def _reference(rows: list[SimpleNamespace], path: Path) -> None:
    """The per-cell path: each typed value through ``cell_function``, rows formatted."""
    columns = COMPLETION_COLUMNS
    kinds = [c.kind if c.kind in ("datetime", "int", "number") else "text" for c in columns]
    table = TableWriter(str(path), "Báo cáo", kinds, [c.width for c in columns])
    table.header([xlsx_export.tr(c.header) for c in columns], len(rows))
    epoch = datetime(1970, 1, 1)
    cells: list[list[str]] = []
    for i, column in enumerate(columns):
        one = table.cell_functions[i]
        found = []
        for row in rows:
            value = typed_value(row, column)
            if value is None:
                found.append("")
            elif column.kind == "datetime":
                since = value - epoch
                found.append(one(since.days * 86400 + since.seconds))
            else:
                found.append(one(value))
        cells.append(found)
    table.rows(cells)
    table.close()


def _sheet(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("awkward_every", [0, 1, 5])
def test_fast_cells_write_the_same_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, awkward_every: int
) -> None:
    monkeypatch.setattr(exports, "STEP", 7)  # many chunks: plain ones and ones that are not
    monkeypatch.setattr(
        xlsx_export, "tr", lambda key, **_: "Báo cáo" if key == "hr.sheet.report" else key
    )
    rows = _rows(120, awkward_every)
    ours, reference = tmp_path / "ours.xlsx", tmp_path / "reference.xlsx"
    run(export_rows(rows, COMPLETION_COLUMNS, ours, "xlsx"))
    _reference(rows, reference)
    assert _sheet(ours) == _sheet(reference)
    assert b"_x005F_x0041_" in _sheet(ours) or awkward_every == 0


@pytest.mark.parametrize("odd", NAMES)
def test_one_odd_name_in_a_plain_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: str
) -> None:
    """Each awkward name alone among plain ones: the chunk-wide test must notice it."""
    monkeypatch.setattr(exports, "STEP", 7)
    monkeypatch.setattr(
        xlsx_export, "tr", lambda key, **_: "Báo cáo" if key == "hr.sheet.report" else key
    )
    rows = _rows(14, 0)
    rows[10].full_name = odd
    rows[11].employee_code = odd
    ours, reference = tmp_path / "ours.xlsx", tmp_path / "reference.xlsx"
    run(export_rows(rows, COMPLETION_COLUMNS, ours, "xlsx"))
    _reference(rows, reference)
    assert _sheet(ours) == _sheet(reference)


def test_plain_chunks_take_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain names and codes never go through the per-value escaping (the point of it)."""
    from ethics_trainer.hr import xlsx_table

    calls: list[str] = []
    real = xlsx_table.text_xml

    def counted(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(xlsx_table, "text_xml", counted)
    rows = _rows(500, 0)
    run(export_rows(rows, COMPLETION_COLUMNS, tmp_path / "plain.xlsx", "xlsx"))
    assert not any(text.startswith(("Người ", "HN", "ĐĐCV-")) for text in calls)
