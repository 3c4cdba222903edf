"""Private Qt settings, and Vietnamese restored after each test (``gui --lang en`` sets it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.window_helpers import private_settings


@pytest.fixture(autouse=True)
def _private_settings_and_language(tmp_path: Path) -> Iterator[None]:
    with private_settings(tmp_path / "qsettings"):
        yield
