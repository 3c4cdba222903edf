"""Settings: language switch rebuilds the window, font size and theme are kept and applied."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from ethics_trainer import i18n
from ethics_trainer.ui import settings
from ethics_trainer.ui.settings_dialog import SettingsDialog
from ethics_trainer.ui.theme import BASE_POINT_SIZE, apply_theme, set_font_size
from tests.ui.helpers import open_window, sign_in


def test_switching_language_rebuilds_the_window(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    assert window.menuBar().actions()[0].text() == "&Tệp"
    window.show_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(window.replaced, timeout=5000) as replaced:
        dialog.accept()
    new = replaced.args[0]
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: new.pages.currentWidget() is new.home_page, timeout=10000)
    assert i18n.current_language() == "en" and settings.language() == "en"
    assert new.menuBar().actions()[0].text() == "&File"
    assert new.home_page.greeting.text().startswith("Hello") or "Nguyễn Văn An" in (
        new.home_page.greeting.text()
    )
    assert new.lesson_view.practice_button.text() == "Practice"
    assert new.search_box.placeholderText().startswith("Search")
    assert new.ctx.db is window.ctx.db and new.ctx.learner is not None  # same data, same learner
    # The old window let go without closing the shared database: the new one still works.
    new.navigation.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: new.pages.currentWidget() is new.lesson_view, timeout=5000)
    assert new.lesson_view.quiz_button.text() == "Lesson quiz"
    # And back to Vietnamese.
    back = new.switch_language("vi")
    qtbot.addWidget(back)
    qtbot.waitUntil(lambda: back.pages.currentWidget() is back.home_page, timeout=10000)
    assert back.menuBar().actions()[0].text() == "&Tệp"
    back.close()


def test_font_size_and_theme_are_kept(qtbot, paths) -> None:
    app = QApplication.instance()
    original_size = app.font().pointSize()
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    try:
        window.apply_settings("vi", 16, "dark")
        assert settings.font_size() == 16 and settings.theme() == "dark"
        assert app.font().pointSize() == 16
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        window.apply_settings("vi", 16, "light")
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150
    finally:
        set_font_size(app, original_size)
        apply_theme(app, "light")
    window.close()


def test_reader_font_size_keys_are_remembered(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    view = window.lesson_view
    start = view.font_size
    view.zoom(+1)
    view.zoom(+1)
    view.zoom(-1)
    assert view.font_size == start + 1
    assert view.browser.font().pointSize() == start + 1
    assert settings.reader_font_size(0) == start + 1
    window.close()


def test_usable_at_double_font_size(qtbot, paths) -> None:
    """At 200% the key buttons and labels get all the room their text needs."""
    app = QApplication.instance()
    original_size = app.font().pointSize()
    set_font_size(app, BASE_POINT_SIZE * 2)
    try:
        window = open_window(qtbot, paths)
        sign_in(qtbot, window)
        window.navigation.open_lesson("mau-l1")
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
        window.resize(1600, 1000)
        qtbot.wait(50)
        buttons = [
            window.lesson_view.practice_button,
            window.lesson_view.quiz_button,
            window.lesson_view.read_button,
            window.lesson_view.next_button,
        ]
        for button in buttons:
            assert button.font().pointSize() == BASE_POINT_SIZE * 2
            needed = button.fontMetrics().horizontalAdvance(button.text())
            assert button.width() >= needed, button.text()
            assert button.height() >= button.fontMetrics().height()
        window.navigation.show_home()
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
        qtbot.wait(50)
        for button in window.home_page.findChildren(QPushButton):
            if button.isVisible():
                assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())
                assert button.sizeHint().width() <= button.width() + 1
        window.close()
    finally:
        set_font_size(app, original_size)


def test_dialog_controls_have_accessible_names(qtbot) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    for widget in (dialog.language, dialog.font_size, dialog.theme):
        assert widget.accessibleName()


def test_follow_the_system_reacts_live(qtbot) -> None:
    """With "follow the system", a light/dark switch of the system recolours the running app."""
    from PySide6.QtCore import Qt

    from ethics_trainer.ui.theme import SystemThemeFollower

    app = QApplication.instance()
    hints = app.styleHints()
    chosen = {"theme": "system"}
    follower = SystemThemeFollower(app, lambda: chosen["theme"])
    assert follower.live  # Qt ≥ 6.5 announces scheme changes
    try:
        apply_theme(app, "light")
        # The platform plug-in used by the tests cannot switch schemes: announce it as the
        # system would.
        with qtbot.waitSignal(follower.applied, timeout=2000) as applied:
            hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert applied.args == [True]
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        with qtbot.waitSignal(follower.applied, timeout=2000) as applied:
            hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert applied.args == [False]
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150
        # An explicit choice is kept whatever the system does.
        chosen["theme"] = "light"
        with qtbot.assertNotEmitted(follower.applied):
            hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150
    finally:
        follower.setParent(None)
        follower.deleteLater()
        apply_theme(app, "light")
