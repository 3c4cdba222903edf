"""The loader's cheaper "inside the folder" test (issue #17) refuses what the full one refused.

Files are read without resolving each path when their folder (resolved once) lies inside the
content or course folder and the file itself is not a link; anything else goes through the
full check in ``read_text``, which words the refusal. These cases would be read by a fast
path that trusted the folder too far.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ethics_trainer.content.loader import load_library
from ethics_trainer.i18n import set_language
from tests.conftest import write_sample_content


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def outside_lessons(tmp_path: Path) -> Path:
    """A folder outside the content holding one lesson and one bank."""
    outside = tmp_path / "outside"
    (outside / "lessons").mkdir(parents=True)
    (outside / "lessons" / "01.md").write_text(
        "---\nid: bi-mat\ntitle: Bí mật\n---\nmật khẩu: hunter2\n", "utf-8"
    )
    return outside


def test_a_lessons_folder_linked_outside_the_course_is_not_read(tmp_path: Path) -> None:
    root = write_sample_content(tmp_path / "content")
    outside = outside_lessons(tmp_path)
    os.symlink(outside / "lessons", root / "mau" / "more")  # not read: not a lessons folder
    lessons = root / "mau" / "lessons"
    for path in lessons.glob("*.md"):
        path.rename(tmp_path / path.name)
    lessons.rmdir()
    os.symlink(outside / "lessons", lessons)
    library = load_library(root)
    assert library.lesson("bi-mat") is None
    assert all("hunter2" not in le.body for c in library.courses for le in c.lessons)
    found = [f"{p.path}:{p.line}: {p.message}" for p in library.problems]
    assert any("mau/lessons/01.md:1" in p and "outside" in p for p in found), found


def test_a_file_linked_within_the_course_is_read(tmp_path: Path) -> None:
    root = write_sample_content(tmp_path / "content")
    lessons = root / "mau" / "lessons"
    first = sorted(lessons.glob("*.md"))[0]
    target = root / "mau" / "kept.md"
    first.rename(target)
    os.symlink(target, first)
    library = load_library(root)
    assert library.lesson("mau-l1") is not None
    assert not [p for p in library.problems if "outside" in p.message]


def test_same_library_and_hash_through_a_linked_content_folder(tmp_path: Path) -> None:
    """The same files reached through a link: same courses and questions, and the content
    hash (path and text of every file read) is the same."""
    real = write_sample_content(tmp_path / "real")
    linked = tmp_path / "linked"
    os.symlink(real, linked)
    direct, through = load_library(real), load_library(linked)
    assert [c.id for c in through.courses] == [c.id for c in direct.courses]
    assert through.all_questions() == direct.all_questions()
    assert through.content_hash == direct.content_hash
    assert [(p.path, p.line, p.message) for p in through.problems] == [
        (p.path, p.line, p.message) for p in direct.problems
    ]


def test_problems_in_the_last_front_matter_line_keep_their_line(tmp_path: Path) -> None:
    """Key lines are looked up in the front matter only: its last line still counts."""
    root = write_sample_content(tmp_path / "content")
    (root / "mau" / "lessons" / "09-cuoi.md").write_text(
        "---\nid: mau-cuoi\ntitle: Bài cuối\nminutes: many\nextra: x\n---\nNội dung.\n", "utf-8"
    )
    library = load_library(root)
    found = {(p.line, p.message.split(":")[0]) for p in library.problems if "09-cuoi" in p.path}
    lines = sorted(line for line, _ in found)
    assert lines == [4, 5], found  # minutes (not a number) and the unknown key "extra"
