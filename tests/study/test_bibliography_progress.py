"""The "Tài liệu tham khảo" page the loader adds at the end of a course is reference, not a
lesson: reading it neither counts towards progress nor is needed to reach 100 %."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.services import learners, progress
from ethics_trainer.study import stats
from tests.content.helpers import graded, write_course


def test_the_bibliography_page_is_not_counted_as_a_lesson(db, tmp_path: Path) -> None:
    library = load_library(write_course(tmp_path, graded("q1", "Người dân nộp hồ sơ thiếu.")))
    course = library.courses[0]
    lesson, bibliography = course.lessons
    assert bibliography.generated  # the page is there, in the tree and the reader
    clock = FixedClock()
    me = learners.create_learner(db, full_name="Phạm Thị Lan", clock=clock)

    start = progress.course_progress(db, me.id, course)
    assert (start.lessons_read, start.lessons_total) == (0, 1)
    assert start.minutes_left == lesson.minutes  # the bibliography's 3 minutes are not "left"

    progress.mark_read(db, me.id, course.id, bibliography.id, clock=clock)
    after_bibliography = progress.course_progress(db, me.id, course)
    assert (after_bibliography.lessons_read, after_bibliography.fraction) == (0, 0.0)
    assert bibliography.id in after_bibliography.read_ids  # still ticked in the tree

    progress.mark_read(db, me.id, course.id, lesson.id, clock=clock)
    done = progress.course_progress(db, me.id, course)
    assert (done.lessons_read, done.lessons_total, done.fraction) == (1, 1, 1.0)
    assert done.minutes_left == 0
    # the progress page reads the same service
    assert stats.learner_stats(db, me.id, library).courses[0].fraction == 1.0
