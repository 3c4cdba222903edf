"""The package type-checks: ``python -m mypy`` with the configuration in pyproject.toml
(strict outside ui/, mypy's defaults for ui/) reports no error (issue #15 item 4).

mypy's cache lives in ~/.cache so a second run only re-checks what changed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (pip install -e '.[test]')",
)


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ethics-trainer-mypy" / f"py{sys.version_info.major}{sys.version_info.minor}"


@pytest.mark.slow  # a first run without cache checks ~170 modules: about 30 s of CPU
def test_mypy_reports_no_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(_cache_dir())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_mypy_sees_an_error(tmp_path: Path) -> None:
    """The check can fail: the same configuration rejects an untyped function."""
    module = tmp_path / "untyped.py"
    module.write_text("def add(a, b):\n    return a + b\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            str(module),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[no-untyped-def]" in result.stdout
