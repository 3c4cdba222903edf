"""The streamed completions export (``report completions -o FILE``, issue #17 item 4).

- It writes the same bytes as the in-memory report of the general path, CSV and XLSX, on
  SQLite and PostgreSQL.
- The writer holds one chunk of a stream at a time (counted with live row objects).
- Progress comes every STEP rows; cancelling leaves no file and gives the connection back.
"""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from ethics_trainer.hr import export_cells, exports, report_grid, reports
from ethics_trainer.hr.demo_data import run_demo
from ethics_trainer.hr.export_columns import ATTEMPT_COLUMNS, COMPLETION_COLUMNS
from ethics_trainer.hr.exports import STEP, export_rows, run
from ethics_trainer.hr.reports import COMPLETED, IN_PROGRESS, NOT_STARTED, ReportFilter
from ethics_trainer.hr.roster import RosterEntry
from ethics_trainer.storage.models import Learner

from . import legacy_report
from .conftest import fill
from .test_fast_paths import ALL_TITLES, _extra

FILTERS = [
    ReportFilter(status=COMPLETED),
    ReportFilter(status=COMPLETED, unit="SỞ"),
    ReportFilter(status=COMPLETED, course_id="khoa-khac"),
]


def _parts(path: Path) -> dict[str, bytes]:
    """An XLSX file's parts, but the creation time (the clock, not the data)."""
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


def _compare(db, tmp_path: Path, f: ReportFilter) -> None:
    old = legacy_report.full_report(db, f, dict(ALL_TITLES)).rows  # the in-memory path
    for fmt, delimiter in (("csv", ","), ("csv", ";"), ("xlsx", ",")):
        before, after = tmp_path / f"old.{fmt}", tmp_path / f"new.{fmt}"
        run(export_rows(old, COMPLETION_COLUMNS, before, fmt, delimiter))
        stream = reports.completion_rows(db, f, ALL_TITLES)
        assert stream.total == len(old)
        run(export_rows(stream.rows, COMPLETION_COLUMNS, after, fmt, delimiter, total=stream.total))
        if fmt == "csv":
            assert after.read_bytes() == before.read_bytes()
        else:
            assert _parts(after) == _parts(before)
    assert old, "the data must give rows for the comparison to mean something"


@pytest.fixture
def rich_db(db):
    fill(db)
    run_demo(db, 300, seed=7, allow_real_people=True)
    _extra(db)
    return db


def test_stream_writes_what_the_in_memory_report_wrote(rich_db, tmp_path: Path) -> None:
    for f in FILTERS[:2]:
        _compare(rich_db, tmp_path, f)


@pytest.mark.postgres
def test_stream_writes_the_same_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        fill(db)
        run_demo(db, 60, seed=3, allow_real_people=True)
        _extra(db)
        _compare(db, tmp_path, FILTERS[0])
        assert db.engine.pool.checkedout() == 0
    finally:
        db.dispose()


class LiveText(str):
    """A never-repeating text (a certificate number) that counts how many exist at once."""

    alive = 0
    most = 0

    def __new__(cls, text: str) -> LiveText:
        LiveText.alive += 1
        LiveText.most = max(LiveText.most, LiveText.alive)
        return super().__new__(cls, text)

    def __del__(self) -> None:
        LiveText.alive -= 1


class Live:
    """A report row that counts how many of its kind exist at once."""

    alive = 0
    most = 0

    def __init__(self, i: int) -> None:
        Live.alive += 1
        Live.most = max(Live.most, Live.alive)
        self.full_name = f"Người {i}"
        self.employee_code = f"HN{i:06d}"
        self.unit = f"Đơn vị {i % 7}"
        self.position = "Chuyên viên"
        self.course_title = "Khoá"
        self.status = COMPLETED
        self.completed_at = datetime(2026, 5, 1, 3, i % 60, tzinfo=UTC)
        self.score = 80.0 + i % 20
        self.attempts = 1 + i % 3
        self.best_score = 90.5
        self.last_activity = None
        self.certificate_no = LiveText(f"HN-2026-{i:06d}")
        self.content_hash = "ab" * 32

    def __del__(self) -> None:
        Live.alive -= 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_writer_holds_one_chunk_of_a_stream(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50,000 rows from a generator: never more than one chunk alive, progress every STEP;
    values remembered for converting are bounded too (certificate numbers never repeat)."""
    total = 50_000
    monkeypatch.setattr(export_cells, "MEMO_LIMIT", 5000)
    produced = [0]

    def rows():
        for i in range(total):
            produced[0] += 1
            yield Live(i)

    Live.alive = Live.most = LiveText.alive = LiveText.most = 0
    seen = []
    for progress in export_rows(
        rows(), COMPLETION_COLUMNS, tmp_path / f"r.{fmt}", fmt, total=total
    ):
        seen.append(progress.done)
        if progress.done < total:
            assert produced[0] == progress.done  # nothing read ahead of the chunk written
    assert seen[:-1] == list(range(STEP, total + 1, STEP))
    assert seen[-1] == total
    assert 0 < Live.most <= STEP + 1
    assert LiveText.most <= 5000 + 2 * STEP + 1  # not the 50,000 certificate numbers
    assert (tmp_path / f"r.{fmt}").stat().st_size > 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cancel_leaves_no_file_and_frees_the_connection(
    db, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "STEP", 50)  # progress every 50 rows of the 244
    run_demo(db, 400, seed=5, allow_real_people=True)
    stream = reports.completion_rows(db, ReportFilter(status=COMPLETED), ALL_TITLES)
    assert stream.total > exports.STEP  # progress comes before the end
    target = tmp_path / "out" / f"report.{fmt}"
    target.parent.mkdir()
    job = export_rows(stream.rows, COMPLETION_COLUMNS, target, fmt, total=stream.total)
    first = next(job)
    assert (first.done, first.total) == (exports.STEP, stream.total)
    assert db.engine.pool.checkedout() == 1  # the stream is reading
    job.close()  # what the GUI's Cancel and the command line's Ctrl+C do
    assert list(target.parent.iterdir()) == []
    assert db.engine.pool.checkedout() == 0


@pytest.fixture
def base(tmp_path: Path, db_url: str, sample_content: Path, monkeypatch) -> list[str]:
    """The command line's global options, an admin password set (as in test_cli_and_demo)."""
    from ethics_trainer.exams import passwords
    from ethics_trainer.storage.db import open_database

    db = open_database(db_url)
    passwords.set_password(db, "admin", "quan-tri-123")
    db.dispose()
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "quan-tri-123")
    data = str(tmp_path / "data")
    return ["--data-dir", data, "--database", db_url, "--content", str(sample_content)]


def test_command_line_streams_the_report(base: list[str], tmp_path: Path) -> None:
    """``report completions --status completed -o FILE`` (streamed) gives the rows, in order,
    of the in-memory full report's CSV filtered to "completed"."""
    from ethics_trainer.cli.main import main
    from ethics_trainer.i18n import tr

    assert main([*base, "demo-data", "--learners", "150", "--seed", "4"]) == 0
    streamed, full = tmp_path / "done.csv", tmp_path / "all.csv"
    args = [*base, "report", "completions", "-q"]
    assert main([*args, "--status", "completed", "-o", str(streamed)]) == 0
    assert main([*args, "-o", str(full)]) == 0

    def read(path: Path) -> list[list[str]]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))

    header, *everyone = read(full)
    done = [r for r in everyone if r[5] == tr("hr.status.completed")]
    assert done and read(streamed) == [header, *done]


# -- every report kind and status streams (issue #17): the grid, unit by unit -------------------
GRID_FILTERS = [
    ReportFilter(),
    ReportFilter(status=IN_PROGRESS),
    ReportFilter(status=NOT_STARTED),
    ReportFilter(unit="SỞ", status=NOT_STARTED),
    ReportFilter(course_id="khoa-khac"),
    ReportFilter(date_from=date(2000, 1, 1), date_to=date(2100, 1, 1), status=IN_PROGRESS),
]


def _roster(db) -> tuple[RosterEntry, ...]:
    """Known people (by code, by name and unit, one twice) and people nobody has seen, in an
    order of its own (a roster's order is the report's order among equal names)."""
    with db.session() as session:
        found = session.execute(
            select(Learner.full_name, Learner.employee_code, Learner.unit)
            .where(Learner.archived.is_(False))
            .order_by(Learner.id.desc())
        ).all()
    entries = [
        RosterEntry(name, code if i % 2 else "", unit) for i, (name, code, unit) in enumerate(found)
    ]
    entries.insert(3, entries[0])
    entries += [
        RosterEntry("Nguyễn Văn Mới", "NV-MOI", "Phường Ba Đình"),
        RosterEntry("An Chưa Học", "", "Sở Tư pháp"),
        RosterEntry("Zê Rô", "", ""),
    ]
    return tuple(entries)


def _same_report(db, f: ReportFilter) -> None:
    """Rows, order and totals of the streamed report equal those of the in-memory grid."""
    old = legacy_report.full_report(db, f, dict(ALL_TITLES))
    new = reports.completion_report(db, f, ALL_TITLES)
    assert new.rows == old.rows
    assert new.units == old.units
    assert new.total == old.total
    stream = reports.completion_rows(db, f, ALL_TITLES)
    assert stream.total == len(old.rows)
    assert list(stream.rows) == old.rows


def test_every_status_streams_what_the_grid_gave(rich_db, tmp_path: Path, monkeypatch) -> None:
    """Batches smaller than the data (several units per batch, a unit over several IN lists)."""
    monkeypatch.setattr(report_grid, "BATCH", 40)
    monkeypatch.setattr(report_grid, "IDS", 7)
    for f in GRID_FILTERS:
        _same_report(rich_db, f)
    _compare(rich_db, tmp_path, GRID_FILTERS[0])
    _compare(rich_db, tmp_path, GRID_FILTERS[2])


def test_roster_reports_stream_what_the_grid_gave(rich_db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(report_grid, "BATCH", 25)
    roster = _roster(rich_db)
    for status in ("", COMPLETED, IN_PROGRESS, NOT_STARTED):
        _same_report(rich_db, ReportFilter(status=status, roster=roster))
    _same_report(rich_db, ReportFilter(unit="ba dinh", roster=roster))
    _compare(rich_db, tmp_path, ReportFilter(roster=roster))


def _old_attempts(db, f: ReportFilter) -> list:
    """The list the old attempts report gave, newest first; attempts started in the same
    instant came in whatever order the database chose (id order on PostgreSQL, not on
    SQLite): now the later attempt first, so only those ties are put in that order here."""
    old = legacy_report.attempt_report(db, f, ALL_TITLES)
    return sorted(old, key=lambda r: (r.started_at, r.attempt_id), reverse=True)


def test_attempts_stream_what_the_list_gave(rich_db, tmp_path: Path) -> None:
    for f in (ReportFilter(), ReportFilter(unit="so tu phap"), ReportFilter(course_id="khoa-khac")):
        old = _old_attempts(rich_db, f)
        stream = reports.attempt_rows(rich_db, f, ALL_TITLES)
        assert stream.total == len(old)
        assert list(stream.rows) == old
    old = _old_attempts(rich_db, ReportFilter())
    assert old
    for fmt in ("csv", "xlsx"):
        before, after = tmp_path / f"old.{fmt}", tmp_path / f"new.{fmt}"
        run(export_rows(old, ATTEMPT_COLUMNS, before, fmt))
        stream = reports.attempt_rows(rich_db, ReportFilter(), ALL_TITLES)
        run(export_rows(stream.rows, ATTEMPT_COLUMNS, after, fmt, total=stream.total))
        if fmt == "csv":
            assert after.read_bytes() == before.read_bytes()
        else:
            assert _parts(after) == _parts(before)


@pytest.mark.postgres
def test_every_status_streams_the_same_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        fill(db)
        run_demo(db, 60, seed=3, allow_real_people=True)
        _extra(db)
        for f in GRID_FILTERS:
            _same_report(db, f)
        roster = _roster(db)
        for status in ("", NOT_STARTED):
            _same_report(db, ReportFilter(status=status, roster=roster))
        _compare(db, tmp_path, ReportFilter(status=NOT_STARTED))
        old = _old_attempts(db, ReportFilter())
        assert list(reports.attempt_rows(db, ReportFilter(), ALL_TITLES).rows) == old
        assert db.engine.pool.checkedout() == 0
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("fmt", "f"),
    [("csv", ReportFilter()), ("xlsx", ReportFilter(status=NOT_STARTED)), ("csv", "roster")],
)
def test_cancelling_a_grid_export_leaves_no_file(
    db, tmp_path: Path, fmt: str, f, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "STEP", 50)
    monkeypatch.setattr(report_grid, "BATCH", 30)
    run_demo(db, 400, seed=5, allow_real_people=True)
    if f == "roster":
        f = ReportFilter(roster=_roster(db))
    stream = reports.completion_rows(db, f, ALL_TITLES)
    assert stream.total > 2 * exports.STEP
    target = tmp_path / "out" / f"report.{fmt}"
    target.parent.mkdir()
    job = export_rows(stream.rows, COMPLETION_COLUMNS, target, fmt, total=stream.total)
    first = next(job)
    assert (first.done, first.total) == (exports.STEP, stream.total)
    job.close()
    assert list(target.parent.iterdir()) == []
    assert db.engine.pool.checkedout() == 0


def test_a_batch_of_many_units_builds_its_facts_once(rich_db, monkeypatch) -> None:
    """Many small units share one batch: the per-fact part of the rows is made once per batch,
    not once per unit (that was quadratic: 80 s for 20,000 rows in 600 units)."""
    made: list[int] = []
    real = report_grid._tails

    def counted(facts):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(facts)

    monkeypatch.setattr(report_grid, "_tails", counted)
    stream, grid = report_grid.grid_stream(rich_db, ReportFilter(), ALL_TITLES)
    assert len(grid.units) > 2  # several units, all in one batch of BATCH people
    assert sum(1 for _ in stream.rows) == stream.total
    assert len(made) == 1
