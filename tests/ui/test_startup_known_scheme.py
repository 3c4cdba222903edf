"""The first window's look from the system's colours seen at the last start (issue #17):
asking Qt (``colorScheme``) sets up its whole ``Qt`` namespace before the first paint, so
start-up uses the remembered answer and asks again after the paint, re-applying the look
once if the system was switched while the app was closed."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ethics_trainer.ui import settings
from ethics_trainer.ui.theme import SystemThemeFollower, apply_theme, start_theme


def window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_the_remembered_answer_is_kept_in_the_settings() -> None:
    assert settings.system_dark_seen() is None  # a new profile: never seen
    settings.set_system_dark_seen(True)
    assert settings.system_dark_seen() is True
    settings.set_system_dark_seen(False)
    assert settings.system_dark_seen() is False


def test_start_uses_the_remembered_answer_then_confirms_it_after_the_paint(qtbot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    follower = SystemThemeFollower(app, lambda: "system")
    try:
        # Dark at the last start: the first window is dark without asking the system.
        assert start_theme(app, "system", True) is True
        assert window_lightness(app) < 80
        # The test platform's system is not dark: switched while the app was closed. The
        # check after the paint re-applies the look once and gives the new answer to keep.
        with qtbot.waitSignal(follower.applied, timeout=2000) as applied:
            assert follower.confirm(True) is False
        assert applied.args == [False]
        assert window_lightness(app) > 150
        # The same answer as remembered: nothing is re-applied.
        with qtbot.assertNotEmitted(follower.applied):
            assert follower.confirm(False) is False
        # Never asked before: start-up asks now (a light system here).
        assert start_theme(app, "system", None) is False
        # An explicit choice does not depend on the system at all.
        assert start_theme(app, "dark", False) is True
        assert window_lightness(app) < 80
        with qtbot.assertNotEmitted(follower.applied):
            SystemThemeFollower(app, lambda: "dark").confirm(True)
    finally:
        follower.setParent(None)
        follower.deleteLater()
        apply_theme(app, "light")
