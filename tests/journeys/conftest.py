"""Journeys: real windows, driven by mouse and keyboard, at two office screen sizes.

Each journey fails on any Qt warning or uncaught exception (pytest-qt fails a test on an
exception raised in a Qt callback). Screenshots go to docs/screenshots/ only when
ETHICS_TRAINER_SCREENSHOTS=1 is set, so a normal run does not rewrite tracked files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.window_fixtures import private_qt_settings
from tests.window_helpers import QtWarnings, app_look

__all__ = ["private_qt_settings"]  # autouse: found by pytest in this module

SCREENS = [pytest.param((1366, 768), id="1366x768"), pytest.param((1024, 768), id="1024x768")]


@pytest.fixture
def look(qapp):  # type: ignore[no-untyped-def]
    """The app's look; hand every window the journey opens to ``look.keep``."""
    with app_look() as on:
        yield on


@pytest.fixture
def qt_warnings(qapp) -> Iterator[QtWarnings]:  # type: ignore[no-untyped-def]
    with QtWarnings() as recorder:
        yield recorder
    assert recorder.messages == [], "Qt warnings during the journey"


CHILD = "ETHICS_TRAINER_JOURNEY_CHILD"


def ran_in_child(request: pytest.FixtureRequest) -> bool:
    """Run this journey in its own Python process (True once it passed there).

    A journey starts the whole app; two of them in one process, after other window tests,
    crashed inside Qt (a style animation of a deleted widget, seen as a segfault in
    QCommonStylePrivate::removeAnimation) and a segfault would end the whole test run. In the
    child the journey runs exactly as written here; its output is shown if it fails.
    """
    if os.environ.get(CHILD) == "1":
        return False
    env = {**os.environ, CHILD: "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(
            f"journey failed in its own process:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
        )
    return True
