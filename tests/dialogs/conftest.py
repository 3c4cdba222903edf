"""Private Qt settings, and Vietnamese restored after each test (``gui --lang en`` sets it)."""

from __future__ import annotations

from tests.window_fixtures import private_qt_settings

__all__ = ["private_qt_settings"]  # autouse: found by pytest in this module
