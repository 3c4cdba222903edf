"""The fixtures every folder of window tests starts from, written once and imported by the
conftest of each (tests/ui, tests/dialogs, tests/journeys) and by window tests elsewhere.

A fixture imported into a conftest or test module is that module's fixture, autouse included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ethics_trainer import i18n
from ethics_trainer.paths import AppPaths, resolve_paths


@pytest.fixture(autouse=True)
def private_qt_settings(tmp_path: Path) -> Iterator[None]:
    """Never read or write the developer's real settings; always start in Vietnamese (a test
    switching to English, as ``gui --lang en`` does, does not leak into the next)."""
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def paths(tmp_path: Path, sample_content: Path) -> AppPaths:
    """The app's folders for a window test: data and an SQLite file under ``tmp_path``."""
    return resolve_paths(tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", sample_content)
