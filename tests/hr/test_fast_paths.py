"""The fast paths give what the general ones give.

- ``--status completed`` (SQL only) against the full report filtered afterwards: same rows,
  order and totals, for every filter.
- CSV written column by column against ``csv.writer`` fed with :func:`typed_value` cells.
- Our XLSX writer against XlsxWriter fed with the same typed cells, both read with openpyxl.
- :class:`LocalTimes` against ``formats.local`` in zones with daylight saving and half hours.
"""

from __future__ import annotations

import csv
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from ethics_trainer.hr import reports
from ethics_trainer.hr.demo_data import run_demo
from ethics_trainer.hr.export_cells import row_values, typed_value
from ethics_trainer.hr.export_columns import ATTEMPT_COLUMNS, COMPLETION_COLUMNS, Column
from ethics_trainer.hr.exports import export_rows, run
from ethics_trainer.hr.local_times import LocalTimes
from ethics_trainer.hr.reports import COMPLETED, ReportFilter
from ethics_trainer.i18n import formats, tr
from ethics_trainer.safe_cells import neutralise
from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress

from . import legacy_report
from .conftest import COURSE, HASH, TITLES, fill, when

DEMO_COURSE = "dao-duc-cong-vu-ha-noi"
OTHER = "khoa-khac"  # a course with no title: sorted after the titled ones
ALL_TITLES = {COURSE: TITLES[COURSE], DEMO_COURSE: "Đạo đức công vụ Thủ đô"}


def _extra(db) -> None:
    """Cases the demo data lacks: same name and unit twice, a unit spelt in another case, an
    archived learner, a second course, lessons opened after the last attempt, a completion
    without attempts, times outside a period."""
    with db.session() as session:
        made = []
        for name, unit, archived in [
            ("Nguyễn Văn An", "Sở Tư pháp", False),
            ("Nguyễn Văn An", "Sở Tư pháp", False),
            ("nguyễn văn an", "SỞ TƯ PHÁP", False),
            ("Đỗ Thị Lan", "UBND quận Ba Đình", True),
            ("Trịnh Công Sơn", "UBND quận Ba Đình", False),
        ]:
            learner = Learner(
                full_name=name, employee_code="", unit=unit, position="", created_at=when(1)
            )
            learner.archived = archived
            session.add(learner)
            made.append(learner)
        session.flush()
        for i, learner in enumerate(made):
            for course in (COURSE, OTHER):
                attempt = Attempt(
                    learner_id=learner.id,
                    course_id=course,
                    kind="final",
                    seed=1,
                    started_at=when(5 + i),
                    submitted_at=when(5 + i),
                    score=81.25 + i,
                    passed=True,
                    content_hash=HASH,
                )
                session.add(attempt)
                session.flush()
                session.add(
                    Completion(
                        learner_id=learner.id,
                        course_id=course,
                        attempt_id=attempt.id,
                        completed_at=when(5 + i) + timedelta(hours=i),
                        score=81.25 + i,
                        content_hash=HASH,
                        certificate_no=f"HN-2026-{i:06d}" if course == COURSE else "",
                    )
                )
            session.add(
                LessonProgress(
                    learner_id=learner.id,
                    course_id=COURSE,
                    lesson_id=f"l{i}",
                    opened_at=when(20 + i),
                )
            )
        # in progress only through an opened lesson, and an attempt from long ago
        session.add(
            LessonProgress(
                learner_id=made[4].id, course_id=DEMO_COURSE, lesson_id="x", opened_at=when(2)
            )
        )
        old = datetime(2025, 1, 15, 8, 0, tzinfo=UTC)
        session.add(
            Attempt(
                learner_id=made[0].id,
                course_id=DEMO_COURSE,
                kind="quiz",
                seed=1,
                started_at=old,
                content_hash=HASH,
            )
        )


@pytest.fixture
def rich_db(db):
    fill(db)
    run_demo(db, 300, seed=7, allow_real_people=True)
    _extra(db)
    return db


FILTERS = [
    ReportFilter(),
    ReportFilter(unit="ba đình"),
    ReportFilter(unit="SỞ"),
    ReportFilter(unit="không có"),
    ReportFilter(course_id=COURSE),
    ReportFilter(course_id=OTHER),
    ReportFilter(course_id="nothing"),
    ReportFilter(date_from=date(2026, 10, 8)),
    ReportFilter(date_to=date(2026, 10, 12)),
    ReportFilter(date_from=date(2026, 3, 1), date_to=date(2026, 10, 9)),
    ReportFilter(unit="quận", course_id=COURSE, date_from=date(2026, 10, 6)),
]


@pytest.mark.parametrize("titles", [ALL_TITLES, {}, {OTHER: "Khoá khác", **TITLES}])
@pytest.mark.parametrize("base", FILTERS)
def test_completed_path_matches_full_report(rich_db, base: ReportFilter, titles) -> None:
    f = ReportFilter(
        unit=base.unit,
        course_id=base.course_id,
        date_from=base.date_from,
        date_to=base.date_to,
        status=COMPLETED,
    )
    fast = reports.completion_report(rich_db, f, titles)
    full = legacy_report.full_report(rich_db, f, dict(titles))
    assert fast.rows == full.rows
    assert [type(r) for r in fast.rows] == [reports.ReportRow] * len(full.rows)
    assert fast.units == full.units
    assert fast.total == full.total
    lean = reports.completion_report(rich_db, f, titles, totals=False)
    assert lean.rows == full.rows and lean.units == []


def test_rich_data_has_the_cases(rich_db) -> None:
    """The comparison above is only worth something if the data holds the tricky cases."""
    rows = reports.completion_report(rich_db, ReportFilter(status=COMPLETED), ALL_TITLES).rows
    assert len(rows) > 150
    assert {r.course_id for r in rows} == {COURSE, DEMO_COURSE, OTHER}
    same = [r for r in rows if r.full_name.casefold() == "nguyễn văn an" and "tư" in r.unit.lower()]
    assert len({r.learner_id for r in same}) == 3
    assert any(r.attempts == 0 for r in rows) or any(r.attempts > 1 for r in rows)
    assert any(
        r.last_activity and r.completed_at and r.last_activity > r.completed_at for r in rows
    )
    assert "Đỗ Thị Lan" not in {r.full_name for r in rows}  # archived


# --- exports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Odd:
    """Cells that need care: quoting, formulas, XML escapes, control characters, empty."""

    full_name: object
    score: float | None
    attempts: int | None
    completed_at: datetime | None
    status: str | None


ODD_COLUMNS = (
    Column("full_name", "hr.col.full_name", width=26),
    Column("score", "hr.col.score", "number", 8),
    Column("attempts", "hr.col.attempts", "int", 9),
    Column("completed_at", "hr.col.completed_at", "datetime", 17),
    Column("status", "hr.col.status", "status", 16),
)
TEXTS = [
    "Nguyễn Văn An",
    "=1+1",
    "-5",
    "+x",
    "@SUM(A1)",
    "\tindent",
    " leading space",
    "trailing ",
    'say "hi"',
    "a,b",
    "a;b",
    "two\nlines",
    "cr\rhere",
    "a & b < c > d",
    "ctrl\x01\x1f",
    "_x0041_ literal",
    "{braces} {0}",
    "",
    None,
    12345,
    "x" * 40000,
]


def _odd_rows() -> list[Odd]:
    start = datetime(2026, 3, 28, 22, 59, 59, 999999, tzinfo=UTC)
    rows = []
    for i, text in enumerate(TEXTS * 3):
        rows.append(
            Odd(
                full_name=text,
                score=None if i % 7 == 0 else [83.9, 90.0, 0.1 + 0.2, 100, 12.345][i % 5],
                attempts=None if i % 11 == 0 else i,
                completed_at=None if i % 5 == 0 else start + timedelta(minutes=37 * i),
                status=[None, "completed", "in_progress", "not_started"][i % 4],
            )
        )
    return rows


def _reference_csv(rows, columns, path: Path, delimiter: str) -> None:
    """The CSV as the row-by-row writer made it: typed_value, then csv.writer."""

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, float):
            out = f"{value:.2f}".rstrip("0").rstrip(".")
            return out.replace(".", ",") if delimiter == ";" else out
        return str(value)

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        out.writerow([neutralise(tr(c.header)) for c in columns])
        for row in rows:
            out.writerow([text(typed_value(row, c)) for c in columns])


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_bytes_match_csv_writer(rich_db, tmp_path: Path, delimiter: str) -> None:
    cases = [
        (_odd_rows(), ODD_COLUMNS),
        (_odd_rows(), ODD_COLUMNS[:1]),  # one column: an empty row is written as ""
        (
            reports.completion_report(rich_db, ReportFilter(), ALL_TITLES).rows,
            COMPLETION_COLUMNS,
        ),
        (reports.attempt_report(rich_db, ReportFilter(), ALL_TITLES), ATTEMPT_COLUMNS),
    ]
    for i, (rows, columns) in enumerate(cases):
        ours, theirs = tmp_path / f"ours{i}.csv", tmp_path / f"ref{i}.csv"
        run(export_rows(rows, columns, ours, "csv", delimiter))
        _reference_csv(rows, columns, theirs, delimiter)
        assert ours.read_bytes() == theirs.read_bytes(), columns


def _reference_xlsx(rows, columns, path: Path) -> None:
    """The XLSX as XlsxWriter (constant_memory) wrote it before our own writer."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet(tr("hr.sheet.report")[:31])
    header = book.add_format(
        {"bold": True, "bg_color": "#DDE6F0", "text_wrap": True, "valign": "vcenter"}
    )
    formats_ = {"datetime": "dd/mm/yyyy hh:mm", "number": "0.0", "int": "0"}
    cell = {k: book.add_format({"num_format": v}) for k, v in formats_.items()}
    for i, c in enumerate(columns):
        sheet.set_column(i, i, c.width)
    sheet.freeze_panes(1, 0)
    for i, c in enumerate(columns):
        sheet.write_string(0, i, tr(c.header), header)
    for r, row in enumerate(rows, 1):
        for i, c in enumerate(columns):
            value = typed_value(row, c)
            if value is None:
                continue
            if c.kind == "datetime":
                sheet.write_datetime(r, i, value, cell["datetime"])
            elif c.kind in ("int", "number"):
                sheet.write_number(r, i, value, cell[c.kind])
            else:
                sheet.write_string(r, i, value)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()


def _read(path: Path):
    sheet = openpyxl.load_workbook(path).active
    cells = [
        [(c.value, c.data_type, c.number_format, c.font.b, c.fill.fgColor.rgb) for c in row]
        for row in sheet.iter_rows()
    ]
    # XlsxWriter writes neighbours of equal width as one <col min max>: compare per column
    widths = {i: d.width for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}
    return sheet.title, sheet.freeze_panes, sheet.auto_filter.ref, widths, cells


def test_xlsx_reads_like_xlsxwriter(rich_db, tmp_path: Path) -> None:
    cases = [
        (_odd_rows(), ODD_COLUMNS),
        (
            reports.completion_report(rich_db, ReportFilter(), ALL_TITLES).rows,
            COMPLETION_COLUMNS,
        ),
        (reports.attempt_report(rich_db, ReportFilter(), ALL_TITLES), ATTEMPT_COLUMNS),
        ([], COMPLETION_COLUMNS),
    ]
    for i, (rows, columns) in enumerate(cases):
        ours, theirs = tmp_path / f"ours{i}.xlsx", tmp_path / f"ref{i}.xlsx"
        run(export_rows(rows, columns, ours, "xlsx"))
        _reference_xlsx(rows, columns, theirs)
        assert _read(ours) == _read(theirs), columns
        with zipfile.ZipFile(ours) as z:
            assert z.testzip() is None


def test_xlsx_keeps_text_that_looks_like_markup(tmp_path: Path) -> None:
    """XlsxWriter's constant_memory mode wrote "<r>…</r>" unescaped (as rich text, read back
    empty); ours is escaped like any other text."""
    rows = [
        Odd("<r>bold</r>", None, None, None, None),
        Odd("</t></is></c>", None, None, None, None),
    ]
    out = tmp_path / "m.xlsx"
    run(export_rows(rows, ODD_COLUMNS, out, "xlsx"))
    sheet = openpyxl.load_workbook(out).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "<r>bold</r>",
        "</t></is></c>",
    ]


def test_xlsx_types(rich_db, tmp_path: Path) -> None:
    rows = reports.completion_report(rich_db, ReportFilter(status=COMPLETED), ALL_TITLES).rows
    out = tmp_path / "r.xlsx"
    run(export_rows(rows, COMPLETION_COLUMNS, out, "xlsx"))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{len(rows) + 1}"
    data = list(sheet.iter_rows(min_row=2))
    assert len(data) == len(rows)
    first = data[0]
    assert isinstance(first[6].value, datetime) and first[6].number_format == "dd/mm/yyyy hh:mm"
    assert first[6].value == formats.local(rows[0].completed_at).replace(tzinfo=None, microsecond=0)
    assert isinstance(first[7].value, int | float) and first[7].number_format == "0.0"
    assert isinstance(first[8].value, int) and first[8].number_format == "0"
    assert first[0].data_type == "s" and first[0].value == rows[0].full_name


def test_row_values_are_typed_values() -> None:
    rows = _odd_rows()
    assert list(row_values(rows, ODD_COLUMNS)) == [
        [typed_value(r, c) for c in ODD_COLUMNS] for r in rows
    ]


def _naive(seconds: list[int | None]) -> list[datetime | None]:
    return [None if s is None else datetime(1970, 1, 1) + timedelta(seconds=s) for s in seconds]


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Ho_Chi_Minh", "Europe/Berlin", "Australia/Adelaide", "America/St_Johns"]
)
def test_local_times_match_formats_local(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every minute around daylight-saving changes, at odd offsets, naive and aware."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        aware: list[datetime | None] = []
        for start in (datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 10, 4, tzinfo=UTC)):
            aware += [
                start - timedelta(hours=20) + timedelta(seconds=61 * i, microseconds=500000)
                for i in range(2400)
            ]
        aware.append(datetime(2026, 6, 1, 12, tzinfo=UTC).astimezone())
        odd = [None, datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC), datetime(2026, 1, 1)]
        clock = LocalTimes()
        for values in (aware, odd + aware, aware):  # fast, one by one, fast with hours learnt
            expected = [
                None if v is None else formats.local(v).replace(tzinfo=None, microsecond=0)
                for v in values
            ]
            assert _naive(clock.seconds(values)) == expected
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.postgres
def test_completed_path_matches_full_report_on_postgres(postgres_url: str) -> None:
    """Same comparison on PostgreSQL: times come back as datetimes, grouping rules differ."""
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        fill(db)
        run_demo(db, 60, seed=3, allow_real_people=True)
        _extra(db)
        for base in FILTERS:
            f = ReportFilter(
                unit=base.unit,
                course_id=base.course_id,
                date_from=base.date_from,
                date_to=base.date_to,
                status=COMPLETED,
            )
            fast = reports.completion_report(db, f, ALL_TITLES)
            full = legacy_report.full_report(db, f, dict(ALL_TITLES))
            assert (fast.rows, fast.units, fast.total) == (full.rows, full.units, full.total)
    finally:
        db.dispose()
