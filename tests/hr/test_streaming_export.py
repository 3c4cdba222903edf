"""The streamed completions export (``report completions -o FILE``, issue #17 item 4).

- It writes the same bytes as the in-memory report of the general path, CSV and XLSX, on
  SQLite and PostgreSQL.
- The writer holds one chunk of a stream at a time (counted with live row objects).
- Progress comes every STEP rows; cancelling leaves no file and gives the connection back.
"""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ethics_trainer.hr import exports, reports
from ethics_trainer.hr.demo_data import run_demo
from ethics_trainer.hr.exports import COMPLETION_COLUMNS, STEP, export_rows, run
from ethics_trainer.hr.reports import COMPLETED, ReportFilter

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
    monkeypatch.setattr(exports, "MEMO_LIMIT", 5000)
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
