"""The loader and the validator on good and broken folders (real files in temp folders)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import QuestionKind
from ethics_trainer.i18n import ENV_LANGUAGE, set_language

from .conftest import SAMPLE_BANK, write_sample_content


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Problems are written in the language current at load time: these tests read English."""
    set_language("en")
    yield
    set_language("vi")


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
    # (file relative to course, content, expected line, expected message part in en, in vi)
    (
        "lessons/02-x.md",
        "---\nid: [unclosed\ntitle: X\n---\nbody\n",
        3,
        "invalid YAML",
        "YAML không hợp lệ",
    ),
    (
        "lessons/02-x.md",
        "---\ntitle: Không có mã\n---\nbody\n",
        1,
        "missing required key 'id'",
        "thiếu khoá bắt buộc 'id'",
    ),
    (
        "lessons/02-x.md",
        "---\nid: mau-l1\ntitle: Trùng\n---\nbody\n",
        2,
        "duplicate id 'mau-l1'",
        "trùng mã 'mau-l1'",
    ),
    (
        "lessons/02-x.md",
        "---\nid: l2\ntitle: Ảnh\n---\n\n![a](../images/khong-co.png)\n",
        6,
        "missing image",
        "không tìm thấy ảnh",
    ),
    (
        "lessons/02-x.md",
        "---\nid: l2\ntitle: Ảnh\n---\n![a](../../../etc/passwd)\n",
        5,
        "outside the content folder",
        "nằm ngoài thư mục nội dung",
    ),
    (
        "questions/02-x.md",
        "---\nid: b2\n---\n\n## Không đáp án đúng\n\n- [ ] A\n- [ ] B\n\n**Mã:** q-x\n",
        5,
        "has no correct option",
        "không có phương án đúng",
    ),
    (
        "questions/02-x.md",
        "---\nid: b2\n---\n\n## Không mã\n\n- [x] A\n- [ ] B\n",
        5,
        "has no id",
        "chưa có mã",
    ),
    (
        "questions/02-x.md",
        "---\nid: b2\n---\n\n## Trùng mã\n\n- [x] A\n- [ ] B\n\n**Mã:** mau-q1\n",
        5,
        "duplicate id 'mau-q1'",
        "trùng mã 'mau-q1'",
    ),
]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize(("rel", "text", "line", "en", "vi"), BROKEN_CASES)
def test_broken_file_reported(
    tmp_path: Path, rel: str, text: str, line: int, en: str, vi: str, language: str
) -> None:
    set_language(language)
    message = {"en": en, "vi": vi}[language]
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


def test_check_subprocess_speaks_the_interface_language(tmp_path: Path) -> None:
    """Vietnamese by default, English with ETHICS_TRAINER_LANG=en; the contracts stay English."""
    root = write_sample_content(tmp_path / "c")
    bad = root / "mau" / "questions" / "02-bad.md"
    bad.write_text("---\nid: b2\n---\n\n## Q\n\n- [ ] A\n- [ ] B\n\n**Mã:** z\n", encoding="utf-8")
    outputs = {}
    for language in ("vi", "en"):
        env = {k: v for k, v in os.environ.items() if k != ENV_LANGUAGE}
        if language == "en":
            env[ENV_LANGUAGE] = "en"
        result = subprocess.run(
            [sys.executable, "-m", "ethics_trainer", "check", str(root)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**env, "PYTHONIOENCODING": "utf-8"},
            timeout=60,
        )
        assert result.returncode == 1, result.stderr
        outputs[language] = result.stdout.strip().splitlines()
    vi, en = outputs["vi"], outputs["en"]
    prefix = f"{bad}:5: "
    assert (
        vi[0] == prefix + 'câu hỏi "Q" không có phương án đúng (đánh dấu một phương án bằng - [x])'
    )
    assert en[0] == prefix + 'question "Q" has no correct option (mark one - [x])'
    assert vi[1:-1] == [
        prefix + "warning: câu hỏi 'z' chưa có lời giải thích (**Giải thích:**)",
        prefix + "warning: câu hỏi 'z' chưa có nguồn (**Nguồn:**)",
    ]
    assert en[1:-1] == [
        prefix + "warning: question 'z' has no explanation (**Giải thích:**)",
        prefix + "warning: question 'z' has no source (**Nguồn:**)",
    ]
    assert vi[-1] == en[-1] == "1 courses, 1 lessons, 4 questions, 1 errors, 2 warnings"


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
