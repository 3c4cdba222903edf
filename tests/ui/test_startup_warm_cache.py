"""A current content cache opens the window on the library, painted once (issue #17): the
cache is read on the GUI thread before the window is first shown, instead of the window
painting its loading page and painting again when a worker has read the same file. A first
start or edited content still loads in the background behind the loading page."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.cache import load_library_cached, load_library_if_cached
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow
from tests.ui.real_launch import launch


def rows(window: MainWindow) -> int:
    return window.tree.topLevelItemCount()


def test_a_current_cache_fills_the_tree_before_the_window_is_shown(qtbot, paths) -> None:
    load_library_cached(paths.content_dir, paths.cache_dir)  # an earlier start wrote it
    window = MainWindow(AppContext(paths=paths, clock=FixedClock()))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
        assert rows(window) > 0 and not window.isVisible()  # no background load to wait for
        with qtbot.waitSignal(window.painted_with_library, timeout=5000):
            window.show()


def test_without_a_current_cache_the_content_loads_in_the_background(qtbot, paths) -> None:
    assert load_library_if_cached(paths.content_dir, paths.cache_dir) is None
    window = MainWindow(AppContext(paths=paths, clock=FixedClock()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
        assert rows(window) == 0  # not yet: a worker is reading the files
    assert rows(window) > 0
    # and that start wrote the cache the next one reads
    assert load_library_if_cached(paths.content_dir, paths.cache_dir) is not None


def test_an_edited_lesson_is_not_read_from_the_cache(paths) -> None:
    first = load_library_cached(paths.content_dir, paths.cache_dir)
    lesson = next(p for p in Path(paths.content_dir).rglob("*.md") if "questions" not in p.parts)
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nMột dòng mới.\n", encoding="utf-8")
    assert load_library_if_cached(paths.content_dir, paths.cache_dir) is None
    assert load_library_cached(paths.content_dir, paths.cache_dir) != first


def test_a_content_folder_that_links_to_itself_is_left_to_the_normal_load(tmp_path) -> None:
    loop = tmp_path / "content"
    loop.symlink_to(loop)  # Path.resolve() raises on it
    assert load_library_if_cached(loop, tmp_path / "cache") is None


PROBE = """
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication
from ethics_trainer.ui import main_window

original = main_window.MainWindow.start

class FirstPaint(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.seen = window, False

    def eventFilter(self, watched, event):
        if not self.seen and event.type().value == 12:  # QEvent.Paint
            self.seen = True
            print("ROWS_AT_FIRST_PAINT", self.window.tree.topLevelItemCount(), flush=True)
        return False

def start(window):
    watch = FirstPaint(window)
    window.installEventFilter(watch)
    window.painted_with_library.connect(lambda: QTimer.singleShot(300, QApplication.quit))
    original(window)

main_window.MainWindow.start = start
from ethics_trainer.cli.main import main
raise SystemExit(main([]))
"""


def test_the_real_app_paints_its_first_frame_with_the_library(tmp_path) -> None:
    seen = []
    for _ in range(2):  # the first start writes the cache; the second reads it
        out = launch(PROBE, tmp_path)
        lines = [ln for ln in out.splitlines() if ln.startswith("ROWS_AT_FIRST_PAINT")]
        seen.append(int(lines[0].split()[1]))
    assert seen[0] == 0  # a first start paints its loading page while it reads the files
    assert seen[1] > 0  # a start from the cache paints the library in its very first frame
