"""UI test fixtures: private QSettings, Vietnamese restored after each test, shared helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ethics_trainer.paths import AppPaths
from tests.window_helpers import private_settings, window_test_paths


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> Iterator[None]:
    """Never read or write the developer's real settings; always start in Vietnamese."""
    with private_settings(tmp_path / "qsettings"):
        yield


@pytest.fixture
def paths(tmp_path: Path, sample_content: Path) -> AppPaths:
    return window_test_paths(tmp_path, sample_content)
