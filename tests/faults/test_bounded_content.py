"""Hostile content folders: link loops, links out, FIFOs, huge files, absurd numbers.

Each used to crash the loader (the app would not start), hang it, or read a file from outside
the content folder; now each is one ``path:line: message`` problem and the rest loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.fileio.bounded_read import LESSON_LIMIT
from ethics_trainer.i18n import set_language

from ..conftest import SAMPLE_LESSON, write_sample_content

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def problems(library) -> list[str]:
    return [f"{p.path}:{p.line}: {p.message}" for p in library.problems]


def add_lesson(root: Path, name: str, lesson_id: str, body: str = "Nội dung.") -> Path:
    path = root / "mau" / "lessons" / name
    path.write_text(f"---\nid: {lesson_id}\ntitle: Bài {lesson_id}\n---\n{body}\n", "utf-8")
    return path


def test_image_link_loop_is_a_problem_not_a_crash(tmp_path) -> None:
    root = write_sample_content(tmp_path / "content")
    images = root / "mau" / "lessons"
    os.symlink(images / "loop-b.png", images / "loop-a.png")
    os.symlink(images / "loop-a.png", images / "loop-b.png")
    add_lesson(root, "02-anh.md", "mau-anh", "![vòng](loop-a.png)")
    library = load_library(root)
    found = problems(library)
    assert any("mau/lessons/02-anh.md:5" in p and "loop" in p for p in found), found
    assert library.lesson("mau-l1") is not None
    assert main(["--content", str(root), "check"]) == 1  # a problem reported, not a traceback


def test_lesson_linked_outside_the_folder_is_not_read(tmp_path) -> None:
    root = write_sample_content(tmp_path / "content")
    secret = tmp_path / "secret.md"
    secret.write_text("---\nid: bi-mat\ntitle: Bí mật\n---\nmật khẩu: hunter2\n", "utf-8")
    os.symlink(secret, root / "mau" / "lessons" / "02-bi-mat.md")
    library = load_library(root)
    assert library.lesson("bi-mat") is None
    assert all("hunter2" not in le.body for c in library.courses for le in c.lessons)
    assert any("02-bi-mat.md:1" in p and "outside" in p for p in problems(library))


def test_linked_course_folder_still_loads(tmp_path) -> None:
    real = write_sample_content(tmp_path / "real")
    root = tmp_path / "content"
    root.mkdir()
    os.symlink(real / "mau", root / "mau")
    assert load_library(root).lesson("mau-l1") is not None


def test_fifo_lesson_does_not_hang_the_loader(tmp_path) -> None:
    root = write_sample_content(tmp_path / "content")
    os.mkfifo(root / "mau" / "lessons" / "02-pipe.md")
    os.mkfifo(root / "mau" / "lessons" / "pipe.png")
    add_lesson(root, "03-anh.md", "mau-anh", "![ống](pipe.png)")
    code = (
        "import sys; from ethics_trainer.content.loader import load_library;"
        "from ethics_trainer.i18n import set_language; set_language('en');"
        f"lib = load_library({str(root)!r});"
        "print('\\n'.join(f'{p.path}:{p.line}: {p.message}' for p in lib.problems))"
    )
    # The timeout only stops a hung child; the assertion is on what the loader reported.
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "mau/lessons/02-pipe.md:1: not a regular file" in done.stdout
    assert "pipe.png: not a regular file" in done.stdout


def test_oversized_lesson_is_refused_with_the_limit(tmp_path) -> None:
    root = write_sample_content(tmp_path / "content")
    add_lesson(root, "02-lon.md", "mau-lon", "a" * (LESSON_LIMIT + 10))
    library = load_library(root)
    assert library.lesson("mau-lon") is None
    assert any(
        "02-lon.md:1: file too large" in p and "limit 4.0 MB" in p for p in problems(library)
    )


@pytest.mark.parametrize(
    ("setting", "value", "name"),
    [
        ("pass_percent", "250", "final_quiz.pass_percent"),
        ("pass_percent", ".nan", "final_quiz.pass_percent"),
        ("minutes", "1.0e+12", "final_quiz.minutes"),
        ("minutes", ".inf", "final_quiz.minutes"),
        ("questions", "-3", "final_quiz.questions"),
    ],
)
def test_final_quiz_values_are_range_checked(tmp_path, setting, value, name) -> None:
    root = write_sample_content(tmp_path / "content")
    course = root / "mau" / "course.md"
    text = course.read_text("utf-8")
    lines = [
        f"  {setting}: {value}" if line.strip().startswith(f"{setting}:") else line
        for line in text.split("\n")
    ]
    course.write_text("\n".join(lines), "utf-8")
    library = load_library(root)
    found = problems(library)
    assert any(p.startswith("mau/course.md:4:") and name in p for p in found), found
    quiz = library.courses[0].final_quiz
    assert quiz is not None
    assert 1 <= quiz.pass_percent <= 100 and 1 <= quiz.minutes <= 600
    assert quiz.questions is None or quiz.questions >= 1


def test_sample_lesson_is_unchanged_by_the_checks(tmp_path) -> None:
    root = write_sample_content(tmp_path / "content")
    library = load_library(root)
    assert library.errors == []
    assert (
        library.lesson("mau-l1").body.strip().startswith(SAMPLE_LESSON.split("---")[2].strip()[:10])
    )
