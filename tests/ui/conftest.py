"""UI test fixtures: private QSettings, Vietnamese restored after each test, the app's folders."""

from __future__ import annotations

from tests.window_fixtures import paths, private_qt_settings

__all__ = ["paths", "private_qt_settings"]  # fixtures: found by pytest in this module
