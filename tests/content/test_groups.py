"""Variant groups (``**Nhóm:**``): a practice quiz, the final quiz or an exam never draws two
questions of one group, and pools without groups draw exactly as before."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.content.loader import load_library
from ethics_trainer.exams.definitions import ExamDef, build_snapshot
from ethics_trainer.quiz.drawing import draw
from ethics_trainer.storage.draw_parts import DrawPart

from .helpers import STEMS, graded, write_course


def _course(tmp_path: Path, grouped: bool):  # type: ignore[no-untyped-def]
    bank = ""
    for i, stem in enumerate(STEMS):
        text = graded(f"q{i}", stem)
        if grouped and i < 4:  # q0, q1 in group a; q2, q3 in group b
            group = "a" if i < 2 else "b"
            text = text.replace(f"**Mã:** q{i}\n", f"**Nhóm:** {group}\n\n**Mã:** q{i}\n")
        bank += text
    library = load_library(write_course(tmp_path, bank))
    assert library.errors == []
    return library.courses[0]


def test_group_field_is_parsed(tmp_path: Path) -> None:
    course = _course(tmp_path, grouped=True)
    assert [q.group for q in course.questions()] == ["a", "a", "b", "b", "", ""]


def test_draw_takes_at_most_one_question_per_group(tmp_path: Path) -> None:
    pool = _course(tmp_path, grouped=True).questions()
    for seed in range(1, 60):
        drawn = [q.id for q in draw(pool, seed)]
        assert len(drawn) == 4  # one of a, one of b, q4, q5
        assert len({"q0", "q1"} & set(drawn)) == 1 and len({"q2", "q3"} & set(drawn)) == 1
        assert {"q4", "q5"} <= set(drawn)


def test_pools_without_groups_draw_as_before(tmp_path: Path) -> None:
    pool = _course(tmp_path, grouped=False).questions()
    drawn = draw(pool, 7, 3)
    assert len(drawn) == 3 and len({q.id for q in drawn}) == 3
    assert draw(pool, 7, 3) == drawn  # same seed, same questions and order


def test_exam_parts_share_the_groups_already_drawn(tmp_path: Path) -> None:
    course = _course(tmp_path, grouped=True)
    definition = ExamDef(id=1, name="Thi", course_id=course.id, parts=(DrawPart(), DrawPart()))
    for seed in range(1, 40):
        ids = [q.id for q in build_snapshot(definition, course, seed)]
        assert len(ids) == 4 and len({"q0", "q1"} & set(ids)) == 1
        assert len({"q2", "q3"} & set(ids)) == 1
