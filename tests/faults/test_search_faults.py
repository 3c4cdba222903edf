"""Search never answers "no results" for a broken index, and a full disk is a message.

A damaged index used to be read as empty (exit 0, nothing found); on a full disk ``search``
printed a traceback. The full disk is a file-size limit in a child process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.study.search_index import (
    SearchIndexDamaged,
    default_index_path,
    ensure_index,
    search,
    search_or_rebuild,
)

from .cli_child import english_messages, run_cli


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with english_messages():
        yield


def break_index(index: Path) -> None:
    """Damage the entries while the index still says it is current."""
    conn = sqlite3.connect(index)
    conn.execute("DROP TABLE entry")
    conn.commit()
    conn.close()


def test_damaged_index_raises_then_is_rebuilt(tmp_path, sample_content) -> None:
    library = load_library(sample_content)
    index = default_index_path(tmp_path / "cache")
    ensure_index(library, index)
    assert search(index, "công vụ")
    break_index(index)
    with pytest.raises(SearchIndexDamaged):
        search(index, "công vụ")
    assert search_or_rebuild(library, index, "công vụ")


def test_cli_search_with_damaged_index_finds_hits(tmp_path, sample_content, capsys) -> None:
    data = tmp_path / "data"
    base = ["--data-dir", str(data), "--content", str(sample_content), "search"]
    assert main([*base, "cong vu"]) == 0
    first = capsys.readouterr().out
    assert first
    break_index(default_index_path(data / "cache"))
    assert main([*base, "cong vu"]) == 0
    assert capsys.readouterr().out == first


def test_search_on_full_disk_is_a_message(tmp_path, sample_content) -> None:
    done = run_cli(
        "--data-dir",
        str(tmp_path / "data"),
        "--content",
        str(sample_content),
        "search",
        "cong vu",
        size_limit=4096,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "disk is full" in done.stderr
