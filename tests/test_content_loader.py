"""The loader and the validator on good and broken folders (real files in temp folders)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import QuestionKind

from .conftest import SAMPLE_BANK, write_sample_content


def test_sample_loads(sample_content: Path) -> None:
    library = load_library(sample_content)
    assert library.errors == []
    assert library.summary() == "1 courses, 1 lessons, 4 questions, 0 errors, 0 warnings"
    course = library.courses[0]
    assert course.final_quiz is not None and course.final_quiz.questions == 3
    kinds = {q.id: q.kind for q in course.questions()}
    assert kinds == {
        "mau-q1": QuestionKind.SINGLE,
        "mau-q2": QuestionKind.MULTIPLE,
        "mau-q3": QuestionKind.TRUE_FALSE,
        "mau-q4": QuestionKind.GRADED,
    }
    q4 = library.question("mau-q4")
    assert q4 is not None
    assert [o.weight for o in q4.options] == [1.0, 0.5, 0.0]
    assert q4.options[1].feedback == "Chấp nhận được."
    assert q4.lesson_id == "mau-l1"


def test_nfd_text_is_normalised(tmp_path: Path) -> None:
    import unicodedata

    root = write_sample_content(tmp_path / "c")
    bank = root / "mau" / "questions" / "01-cau-hoi.md"
    bank.write_text(unicodedata.normalize("NFD", SAMPLE_BANK), encoding="utf-8")
    library = load_library(root)
    q = library.question("mau-q1")
    assert q is not None
    assert q.title == unicodedata.normalize("NFC", "Phẩm chất cốt lõi")


def test_bom_and_crlf(tmp_path: Path) -> None:
    root = write_sample_content(tmp_path / "c")
    bank = root / "mau" / "questions" / "01-cau-hoi.md"
    bank.write_bytes(b"\xef\xbb\xbf" + SAMPLE_BANK.replace("\n", "\r\n").encode())
    library = load_library(root)
    assert library.errors == []
    assert len(library.all_questions()) == 4


BROKEN_CASES = [
    # (file relative to course, content, expected line, expected message part)
    ("lessons/02-x.md", "---\nid: [unclosed\ntitle: X\n---\nbody\n", 3, "invalid YAML"),
    ("lessons/02-x.md", "---\ntitle: Không có mã\n---\nbody\n", 1, "missing required key 'id'"),
    ("lessons/02-x.md", "---\nid: mau-l1\ntitle: Trùng\n---\nbody\n", 2, "duplicate id 'mau-l1'"),
    (
        "lessons/02-x.md",
        "---\nid: l2\ntitle: Ảnh\n---\n\n![a](../images/khong-co.png)\n",
        6,
        "missing image",
    ),
    (
        "lessons/02-x.md",
        "---\nid: l2\ntitle: Ảnh\n---\n![a](../../../etc/passwd)\n",
        5,
        "outside the content folder",
    ),
    (
        "questions/02-x.md",
        "---\nid: b2\n---\n\n## Không đáp án đúng\n\n- [ ] A\n- [ ] B\n\n**Mã:** q-x\n",
        5,
        "has no correct option",
    ),
    ("questions/02-x.md", "---\nid: b2\n---\n\n## Không mã\n\n- [x] A\n- [ ] B\n", 5, "has no id"),
    (
        "questions/02-x.md",
        "---\nid: b2\n---\n\n## Trùng mã\n\n- [x] A\n- [ ] B\n\n**Mã:** mau-q1\n",
        5,
        "duplicate id 'mau-q1'",
    ),
]


@pytest.mark.parametrize(("rel", "text", "line", "message"), BROKEN_CASES)
def test_broken_file_reported(tmp_path: Path, rel: str, text: str, line: int, message: str) -> None:
    root = write_sample_content(tmp_path / "c")
    (root / "mau" / rel).write_text(text, encoding="utf-8")
    library = load_library(root)
    found = [p for p in library.errors if p.path == f"mau/{rel}"]
    assert found, library.problems
    assert any(p.line == line and message in p.message for p in found), found
    # The valid part still loads.
    assert library.question("mau-q1") is not None


def test_invalid_utf8_and_unknown_key(tmp_path: Path) -> None:
    root = write_sample_content(tmp_path / "c")
    (root / "mau" / "lessons" / "03-latin1.md").write_bytes(
        b"---\nid: l3\ntitle: Bad\n---\n\nCh\xe0o\n"
    )
    (root / "mau" / "lessons" / "04-key.md").write_text(
        "---\nid: l4\ntitle: T\ncolour: red\n---\nx\n", encoding="utf-8"
    )
    library = load_library(root)
    assert any(
        p.path.endswith("03-latin1.md") and p.line == 6 and "UTF-8" in p.message
        for p in library.errors
    )
    assert any(
        p.path.endswith("04-key.md") and p.line == 4 and "colour" in p.message
        for p in library.warnings
    )
    assert library.lesson("l4") is not None and library.lesson("l3") is None


def test_check_cli_ok_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample_content(tmp_path / "c")
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "1 courses, 1 lessons, 4 questions, 0 errors, 0 warnings"
    (root / "mau" / "questions" / "02-bad.md").write_text(
        "---\nid: b2\n---\n\n## Q\n\n- [ ] A\n- [ ] B\n\n**Mã:** z\n", encoding="utf-8"
    )
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert (
        out[0]
        == f'{root}/mau/questions/02-bad.md:5: question "Q" has no correct option (mark one - [x])'
    )
    assert out[-1].endswith("1 errors, 2 warnings")


def test_check_subprocess_never_tracebacks(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "k" / "lessons").mkdir(parents=True)
    (root / "k" / "course.md").write_bytes(b"---\nid: k\ntitle: \xff\n---\n")
    (root / "k" / "lessons" / "x.md").write_text("---\n: : :\n---\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ethics_trainer", "check", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert (
        result.stdout.strip().splitlines()[-1]
        == "0 courses, 0 lessons, 0 questions, 1 errors, 0 warnings"
    )


def test_bundled_content_is_valid() -> None:
    from .conftest import BUNDLED_CONTENT

    library = load_library(BUNDLED_CONTENT)
    assert library.errors == [], [p.format() for p in library.errors]
    assert len(library.all_lessons()) >= 3
    for lesson in library.all_lessons()[:3]:
        course = library.course(lesson.course_id)
        assert course is not None
        assert len(course.lesson_questions(lesson.id)) >= 10
