"""Reports: status per person, filters, totals per unit, Vietnamese sorting, roster."""

from __future__ import annotations

from datetime import date

from ethics_trainer.hr.report_sort import sort_rows
from ethics_trainer.hr.reports import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    ReportFilter,
    attempt_report,
    completion_report,
)
from ethics_trainer.hr.roster import RosterEntry, parse_roster

from .conftest import TITLES


def test_status_per_person(hr_db) -> None:
    report = completion_report(hr_db, ReportFilter(), TITLES)
    status = {r.full_name: r.status for r in report.rows}
    assert status["Nguyễn Thị Thu Hương"] == COMPLETED
    assert status["Trần Văn Bình"] == IN_PROGRESS
    assert status["Lê Quang Đạt"] == NOT_STARTED
    assert report.total.people == 5 and report.total.completed == 3
    assert {r.course_title for r in report.rows} == {TITLES["mau"]}


def test_unit_totals_and_rate(hr_db) -> None:
    report = completion_report(hr_db, ReportFilter(), TITLES)
    by_unit = {u.unit: u for u in report.units}
    assert by_unit["Sở Tư pháp"].rate == 100.0
    ba_dinh = by_unit["UBND quận Ba Đình"]
    assert (ba_dinh.people, ba_dinh.completed, ba_dinh.in_progress, ba_dinh.not_started) == (
        3,
        1,
        1,
        1,
    )
    assert round(ba_dinh.rate, 1) == 33.3


def test_filters(hr_db) -> None:
    only = completion_report(hr_db, ReportFilter(unit="ba đình", status=COMPLETED), TITLES)
    assert [r.full_name for r in only.rows] == ["Nguyễn Thị Thu Hương"]
    # totals ignore the status filter: the rate stays meaningful
    assert only.total.people == 3
    period = completion_report(
        hr_db, ReportFilter(date_from=date(2026, 10, 13), date_to=date(2026, 10, 31)), TITLES
    )
    done = {r.full_name for r in period.rows if r.status == COMPLETED}
    assert done == {'=HYPERLINK("http://x")', "Phạm Ngọc Ánh"}
    assert completion_report(hr_db, ReportFilter(course_id="other"), TITLES).total.completed == 0


def test_sort_by_given_name_vietnamese_order(hr_db) -> None:
    rows = completion_report(hr_db, ReportFilter(), TITLES).rows
    names = [r.full_name for r in sort_rows(rows, "full_name") if not r.full_name.startswith("=")]
    # by given name: Ánh, Bình, Đạt, Hương (đ after d)
    assert names == ["Phạm Ngọc Ánh", "Trần Văn Bình", "Lê Quang Đạt", "Nguyễn Thị Thu Hương"]
    scores = [r.score for r in sort_rows(rows, "score", descending=True)]
    assert scores[:3] == [94.0, 93.0, 90.0] and scores[3:] == [None, None]


def test_roster_adds_people_who_never_started(hr_db) -> None:
    roster = parse_roster(
        "Họ và tên;Mã cán bộ;Đơn vị\n"
        "Nguyễn Thị Thu Hương;HN0000;UBND quận Ba Đình\n"
        "Đỗ Minh Khoa;;UBND quận Ba Đình\n"
    )
    assert roster[1] == RosterEntry("Đỗ Minh Khoa", "", "UBND quận Ba Đình")
    report = completion_report(hr_db, ReportFilter(roster=tuple(roster)), TITLES)
    assert {(r.full_name, r.status) for r in report.rows} == {
        ("Nguyễn Thị Thu Hương", COMPLETED),
        ("Đỗ Minh Khoa", NOT_STARTED),
    }


def test_attempt_report(hr_db) -> None:
    rows = attempt_report(hr_db, ReportFilter(unit="Tư pháp"), TITLES)
    assert len(rows) == 2 and rows[0].started_at > rows[1].started_at
