"""Reading time: recorded while a lesson is on screen in the active window, written on leaving,
every minute and on closing; paused when minimised; capped when the reader is idle.

The window runs on a FixedClock, which the tracker reads as its monotonic source: the test
moves time with ``clock.advance`` and never sleeps.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlmodel import select

from ethics_trainer.clock import FixedClock
from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.storage.models import LessonProgress
from ethics_trainer.ui.main_window import MainWindow
from tests.ui.helpers import open_window, sign_in


def seconds_read(db: Database, learner_id: int, lesson_id: str) -> int:
    with db.session() as session:
        row = session.exec(
            select(LessonProgress).where(
                LessonProgress.learner_id == learner_id,
                LessonProgress.lesson_id == lesson_id,
            )
        ).one()
        return row.seconds_spent


def reading(qtbot, paths) -> tuple[MainWindow, FixedClock]:
    clock = FixedClock()
    window = open_window(qtbot, paths, clock)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    sign_in(qtbot, window)
    window.navigation.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    assert window.reading.meter.counting
    return window, clock


def test_time_on_screen_written_on_leaving_every_minute_and_on_close(qtbot, paths) -> None:
    window, clock = reading(qtbot, paths)
    clock.advance(45)
    QTest.keyClick(window.lesson_view.browser, Qt.Key.Key_Down)  # the reader is there
    clock.advance(30)
    with qtbot.waitSignal(window.reading.recorded, timeout=5000) as written:
        window.reading.timer.timeout.emit()  # the minute tick
    assert written.args == ["mau-l1", 75]
    assert seconds_read(window.ctx.db, window.ctx.learner.id, "mau-l1") == 75

    clock.advance(20)
    with qtbot.waitSignal(window.reading.recorded, timeout=5000) as written:
        window.navigation.show_home()  # another page: the count stops and is written
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
    assert written.args == ["mau-l1", 20]
    clock.advance(600)  # not on the lesson: nothing counts
    assert not window.reading.meter.counting

    window.navigation.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    clock.advance(10)
    learner_id = window.ctx.learner.id
    window.close()  # the last ten seconds are written before the database is let go
    db = open_database(paths.database_url)
    try:
        assert seconds_read(db, learner_id, "mau-l1") == 75 + 20 + 10
    finally:
        db.dispose()


def test_minimised_or_idle_time_does_not_count(qtbot, paths) -> None:
    window, clock = reading(qtbot, paths)
    clock.advance(30)
    window.showMinimized()
    qtbot.waitUntil(lambda: not window.reading.meter.counting, timeout=5000)
    clock.advance(3600)  # an hour minimised
    window.showNormal()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.reading.meter.counting, timeout=5000)
    clock.advance(20)
    with qtbot.waitSignal(window.reading.recorded, timeout=5000) as written:
        window.reading.flush()
    assert written.args == ["mau-l1", 50]

    # Lesson open, window active, nobody at the desk: five minutes count, not the hour.
    clock.advance(3600)
    assert not window.reading.meter.counting
    QTest.mouseClick(window.lesson_view.browser.viewport(), Qt.MouseButton.LeftButton)
    assert window.reading.meter.counting  # back at the desk
    clock.advance(15)
    with qtbot.waitSignal(window.reading.recorded, timeout=5000) as written:
        window.reading.flush()
    assert written.args == ["mau-l1", 300 + 15]
    window.close()
