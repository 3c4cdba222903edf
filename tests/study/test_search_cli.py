"""``ethics-trainer search``: one ``title<TAB>id`` line per hit, exit 0 even with no hits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main


def run(
    capsys: pytest.CaptureFixture[str], content: Path, *args: str
) -> tuple[int, list[str], str]:
    code = main(["--content", str(content), "search", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_prints_title_tab_id(capsys: pytest.CaptureFixture[str], sample_content: Path) -> None:
    code, lines, err = run(capsys, sample_content, "dao", "duc")
    assert code == 0 and err == ""
    assert "Đạo đức công vụ\tmau-l1" in lines
    assert "Phẩm chất cốt lõi\tmau-q1" in lines
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_same_hits_with_diacritics(
    capsys: pytest.CaptureFixture[str], sample_content: Path
) -> None:
    _, plain, _ = run(capsys, sample_content, "dao duc")
    _, marked, _ = run(capsys, sample_content, "ĐẠO ĐỨC")
    assert plain == marked and plain


def test_limit(capsys: pytest.CaptureFixture[str], sample_content: Path) -> None:
    code, lines, _ = run(capsys, sample_content, "d", "--limit", "1")
    assert code == 0 and len(lines) == 1


@pytest.mark.parametrize("query", ["zzzz", '"(', "NEAR(-*"])
def test_no_hits_exit_zero(
    capsys: pytest.CaptureFixture[str], sample_content: Path, query: str
) -> None:
    code, lines, err = run(capsys, sample_content, query)
    assert code == 0 and lines == [] and err.strip()


def test_index_lives_in_the_cache_and_follows_the_content(
    capsys: pytest.CaptureFixture[str], sample_content: Path, tmp_path: Path
) -> None:
    run(capsys, sample_content, "dao")
    assert (tmp_path / "data" / "cache" / "search.sqlite").is_file()
    lesson = sample_content / "mau" / "lessons" / "01-dao-duc.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Siêng năng", "Chuyên cần"))
    _, lines, _ = run(capsys, sample_content, "chuyen can")
    assert lines == ["Đạo đức công vụ\tmau-l1"]


def test_subprocess(sample_content: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "ethics_trainer.cli.main", "--content", str(sample_content)]
    result = subprocess.run(
        [*command, "search", "hach dich"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Nhiều đáp án\tmau-q2\n"
