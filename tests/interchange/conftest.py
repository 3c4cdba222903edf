"""Where the shared GIFT/Aiken sample files live (never copied into the repo: licences)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[2]
# next to the repository (/work/main -> /work/shared) or next to its worktrees folder
_CANDIDATES = [_REPO.parent / "shared" / "data", _REPO.parent.parent / "shared" / "data"]
DATA = next((c for c in _CANDIDATES if (c / "SOURCES.tsv").is_file()), _CANDIDATES[0])


def expected_counts() -> dict[str, str]:
    """``local_file`` → the ``questions`` column of SOURCES.tsv."""
    with (DATA / "SOURCES.tsv").open(encoding="utf-8") as handle:
        return {
            row["local_file"]: row["questions"] for row in csv.DictReader(handle, delimiter="\t")
        }


def data_files(kind: str) -> list[Path]:
    folder = DATA / kind
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def shared_data() -> Path:
    if not (DATA / "SOURCES.tsv").is_file():
        pytest.skip(f"shared sample data not found at {DATA.resolve()}")
    return DATA
