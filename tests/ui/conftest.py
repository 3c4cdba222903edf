"""UI test fixtures: private QSettings, Vietnamese restored after each test, shared helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ethics_trainer import i18n
from ethics_trainer.paths import resolve_paths


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> Iterator[None]:
    """Never read or write the developer's real settings; always start in Vietnamese."""
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def paths(tmp_path: Path, sample_content: Path):
    return resolve_paths(tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", sample_content)
