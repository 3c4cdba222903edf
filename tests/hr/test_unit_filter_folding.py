"""The unit filter ignores diacritics and case: HR types "ba dinh" on a plain keyboard."""

from __future__ import annotations

from ethics_trainer.hr.reports import ReportFilter, attempt_report, completion_report

from .conftest import TITLES


def test_unit_filter_without_diacritics(hr_db) -> None:
    for typed in ("ba dinh", "BA DINH", "quan ba đình", "Ba Đình"):
        report = completion_report(hr_db, ReportFilter(unit=typed), TITLES)
        assert {r.unit for r in report.rows} == {"UBND quận Ba Đình"}, typed
        assert len(report.rows) == 3
    assert completion_report(hr_db, ReportFilter(unit="tu phap"), TITLES).rows
    assert not completion_report(hr_db, ReportFilter(unit="ba dinhx"), TITLES).rows


def test_attempts_unit_filter_without_diacritics(hr_db) -> None:
    rows = attempt_report(hr_db, ReportFilter(unit="so tu phap"), TITLES)
    assert rows and {r.unit for r in rows} == {"Sở Tư pháp"}
