"""Private Qt settings, and Vietnamese restored after each test (``gui --lang en`` sets it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ethics_trainer import i18n


@pytest.fixture(autouse=True)
def _private_settings_and_language(tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")
