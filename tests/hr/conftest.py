"""A small HR database: named people in two units, with completions, attempts and an injection."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress

COURSE = "mau"
TITLES = {COURSE: "Khoá mẫu đạo đức công vụ"}
HASH = "ab12cd34ef56" + "0" * 52
PEOPLE = [
    # name, unit, status
    ("Nguyễn Thị Thu Hương", "UBND quận Ba Đình", "completed"),
    ("Trần Văn Bình", "UBND quận Ba Đình", "in_progress"),
    ("Lê Quang Đạt", "UBND quận Ba Đình", "not_started"),
    ('=HYPERLINK("http://x")', "Sở Tư pháp", "completed"),
    ("Phạm Ngọc Ánh", "Sở Tư pháp", "completed"),
]


def when(day: int) -> datetime:
    return datetime(2026, 10, day, 3, 0, tzinfo=UTC)


def fill(db) -> dict[str, int]:
    """Insert PEOPLE; returns {name: learner id}."""
    ids: dict[str, int] = {}
    with db.session() as session:
        for i, (name, unit, status) in enumerate(PEOPLE):
            learner = Learner(
                full_name=name,
                employee_code=f"HN{i:04d}",
                unit=unit,
                position="-chuyên viên" if i == 4 else "Chuyên viên",
                created_at=when(1),
            )
            session.add(learner)
            session.flush()
            assert learner.id is not None
            ids[name] = learner.id
            if status == "not_started":
                continue
            attempt = Attempt(
                learner_id=learner.id,
                course_id=COURSE,
                kind="final",
                seed=1,
                started_at=when(10 + i),
                submitted_at=when(10 + i),
                score=90.0 + i if status == "completed" else 50.0,
                passed=status == "completed",
                content_hash=HASH,
            )
            session.add(attempt)
            session.flush()
            assert attempt.id is not None
            session.add(
                LessonProgress(
                    learner_id=learner.id, course_id=COURSE, lesson_id="mau-l1", opened_at=when(9)
                )
            )
            if status == "completed":
                session.add(
                    Completion(
                        learner_id=learner.id,
                        course_id=COURSE,
                        attempt_id=attempt.id,
                        completed_at=when(10 + i),
                        score=90.0 + i,
                        content_hash=HASH,
                    )
                )
    return ids


@pytest.fixture
def hr_db(db):
    fill(db)
    return db
