"""Journeys: real windows, driven by mouse and keyboard, at two office screen sizes.

Each journey fails on any Qt warning or uncaught exception (pytest-qt fails a test on an
exception raised in a Qt callback). Screenshots go to docs/screenshots/ only when
ETHICS_TRAINER_SCREENSHOTS=1 is set, so a normal run does not rewrite tracked files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ethics_trainer import i18n
from tests.ui_admin.helpers import QtWarnings, app_look

SCREENS = [pytest.param((1366, 768), id="1366x768"), pytest.param((1024, 768), id="1024x768")]


@pytest.fixture(autouse=True)
def _journey_environment(tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def look(qapp):  # type: ignore[no-untyped-def]
    with app_look() as app:
        yield app


@pytest.fixture
def qt_warnings(qapp) -> Iterator[QtWarnings]:  # type: ignore[no-untyped-def]
    with QtWarnings() as recorder:
        yield recorder
    assert recorder.messages == [], "Qt warnings during the journey"
