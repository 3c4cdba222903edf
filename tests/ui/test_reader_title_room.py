"""The lesson's title keeps the header's room: the table-of-contents box used to size itself
to the longest heading and took ~500 px of a 1366×768 window, wrapping the title."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import bundled_content_dir, resolve_paths
from ethics_trainer.ui.theme import apply_theme, load_fonts
from tests.ui.helpers import open_window, sign_in


def test_table_of_contents_leaves_the_title_room(qtbot, tmp_path: Path) -> None:
    load_fonts(QApplication.instance())
    apply_theme(QApplication.instance(), "light")  # the conftest puts the previous look back
    paths = resolve_paths(
        tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", bundled_content_dir()
    )
    window = open_window(qtbot, paths)
    window.resize(1366, 768 - 70)  # maximised: taskbar and title bar taken
    sign_in(qtbot, window)
    view = window.lesson_view
    lesson = window.ctx.library.courses[0].lessons[1]
    with qtbot.waitSignal(view.shown, timeout=10000):
        window.navigation.open_lesson(lesson.id)
    qtbot.waitUntil(lambda: view.toc.count() > 1 and view.title.width() > 0, timeout=5000)
    QApplication.processEvents()
    assert view.toc.width() <= view.width() // 3, (view.toc.width(), view.width())
    assert view.title.width() >= view.width() // 2
    window.close()
