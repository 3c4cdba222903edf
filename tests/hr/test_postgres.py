"""Reports, exports and certificate numbering on PostgreSQL (the shared-database setup)."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import openpyxl
import pytest

from ethics_trainer.hr import exports
from ethics_trainer.hr.certificates import prepare_certificates
from ethics_trainer.hr.export_columns import COMPLETION_COLUMNS
from ethics_trainer.hr.numbers import assign_numbers
from ethics_trainer.hr.reports import COMPLETED, ReportFilter, completion_report
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.models import Attempt, Completion, Learner

from .conftest import COURSE, HASH, TITLES, fill, when

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db(postgres_url: str):
    db = open_database(postgres_url)
    fill(db)
    yield db
    db.dispose()


def test_report_and_exports(pg_db, tmp_path: Path) -> None:
    report = completion_report(pg_db, ReportFilter(), TITLES)
    assert (report.total.people, report.total.completed) == (5, 3)
    assert report.total.in_progress == 1 and report.total.not_started == 1
    assert [u.unit for u in report.units] == ["Sở Tư pháp", "UBND quận Ba Đình"]
    done = completion_report(pg_db, ReportFilter(unit="ba đình", status=COMPLETED), TITLES)
    assert [r.full_name for r in done.rows] == ["Nguyễn Thị Thu Hương"]
    assert done.rows[0].completed_at == when(10)
    period = completion_report(
        pg_db, ReportFilter(date_from=when(13).date(), date_to=when(14).date()), TITLES
    )
    assert period.total.completed == 2  # the 13th and the 14th, not the 10th

    target = tmp_path / "r.csv"
    exports.run(exports.export_rows(report.rows, COMPLETION_COLUMNS, target, "csv"))
    with target.open(encoding="utf-8-sig", newline="") as handle:
        names = [row[0] for row in list(csv.reader(handle))[1:]]
    assert "Nguyễn Thị Thu Hương" in names and '\'=HYPERLINK("http://x")' in names
    book = tmp_path / "r.xlsx"
    exports.run(exports.export_rows(report.rows, COMPLETION_COLUMNS, book, "xlsx"))
    sheet = openpyxl.load_workbook(book).active
    assert sheet.max_row == 6 and sheet.freeze_panes == "A2"


def test_numbers_are_kept_and_unique_across_connections(pg_db, tmp_path: Path) -> None:
    first = prepare_certificates(pg_db, tmp_path / "d", ReportFilter(), TITLES)
    numbers = [c.number for c in first]
    assert len(numbers) == 3 and len(set(numbers)) == 3
    again = prepare_certificates(pg_db, tmp_path / "d", ReportFilter(), TITLES)
    assert [c.number for c in again] == numbers  # given once, never renumbered

    # more completions, numbered by two "PCs" at once: the counter row lock keeps them apart
    with pg_db.session() as session:
        ids = []
        for i in range(20):
            learner = Learner(full_name=f"Người {i}", unit="Sở Y tế", created_at=when(1))
            session.add(learner)
            session.flush()
            attempt = Attempt(
                learner_id=learner.id,
                course_id=COURSE,
                kind="final",
                seed=1,
                started_at=when(20),
                submitted_at=when(20),
                score=80.0,
                passed=True,
                content_hash=HASH,
            )
            session.add(attempt)
            session.flush()
            completion = Completion(
                learner_id=learner.id,
                course_id=COURSE,
                attempt_id=attempt.id,
                completed_at=when(20),
                score=80.0,
                content_hash=HASH,
            )
            session.add(completion)
            session.flush()
            ids.append(completion.id)
    other = open_database(pg_db.url, migrate=False)
    results: list[dict[int, str]] = []
    errors: list[BaseException] = []

    def number(db, part: list[int]) -> None:
        try:
            results.append(assign_numbers(db, part, "ĐĐCV"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=number, args=(pg_db, ids[::2])),
        threading.Thread(target=number, args=(other, ids[1::2])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.dispose()
    assert not errors
    given = [n for r in results for n in r.values()]
    assert len(given) == 20 and len(set(given) | set(numbers)) == 23
