"""Demo learners fill the HR screens but are not listed among real profiles (issue #11)."""

from __future__ import annotations

from ethics_trainer.hr.demo_data import run_demo
from ethics_trainer.hr.reports import ReportFilter, completion_report
from ethics_trainer.services.learners import create_learner, list_learners


def test_demo_learners_are_not_profiles(db) -> None:
    me = create_learner(db, full_name="Nguyễn Văn An", employee_code="HN001", unit="Sở Nội vụ")
    run_demo(db, 30, seed=2, course_id="mau", allow_real_people=True)
    assert [p.id for p in list_learners(db)] == [me.id]
    report = completion_report(db, ReportFilter(), {"mau": "Mẫu"})
    people = {r.learner_id for r in report.rows}
    assert len(people) == 31  # HR still sees them
