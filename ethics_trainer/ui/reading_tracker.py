"""Feeds the reading meter from Qt: which page is on screen, window activation, user input.

The progress page shows reading time per course; this is what records it. Seconds are written
in the background (the database worker) when the lesson leaves the screen, every minute while
it stays, and when the window closes, so a crash loses at most a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ethics_trainer.clock import Clock, SystemClock
from ethics_trainer.study.reading_time import ReadingKey, ReadingMeter

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget, QWidget

    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.lesson_view import LessonView
    from ethics_trainer.ui.pages import LazyPage
    from ethics_trainer.ui.toolkit.tasks import TaskRunner

FLUSH_EVERY_MS = 60_000
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
WINDOW_EVENTS = frozenset({QEvent.Type.ActivationChange, QEvent.Type.WindowStateChange})


def monotonic_for(clock: Clock) -> Callable[[], float]:
    """The system's monotonic clock, or an injected test clock read as seconds (it never runs
    by itself, so tests move reading time with ``FixedClock.advance``)."""
    if isinstance(clock, SystemClock):
        return time.monotonic
    return lambda: clock.now().timestamp()


class ReadingTracker(QObject):
    """Signals: recorded(lesson_id, seconds) once a write has reached the database."""

    recorded = Signal(str, int)

    def __init__(
        self,
        window: QWidget,
        *,
        pages: QStackedWidget,
        lesson: LazyPage[LessonView],
        ctx: AppContext,
        runner: TaskRunner,
        monotonic: Callable[[], float],
    ) -> None:
        """``window`` is watched for activation; ``pages`` tells what is on screen."""
        super().__init__(window)
        self.window = window
        self.pages, self.lesson, self.ctx, self.runner = pages, lesson, ctx, runner
        self.meter = ReadingMeter(monotonic)
        self._listening = False
        self.timer = QTimer(self)
        self.timer.setInterval(FLUSH_EVERY_MS)
        self.timer.timeout.connect(self.flush)
        self._watching_window = False
        pages.currentChanged.connect(lambda _index: self.follow_page())
        self.meter.set_active(self._window_active())

    def _window_active(self) -> bool:
        return self.window.isActiveWindow() and not self.window.isMinimized()

    def follow_page(self) -> None:
        """Count for the lesson on screen; anything else on screen stops the count. Called
        when the page changes and when the reader shows another lesson."""
        view, learner = self.lesson.built, self.ctx.learner
        lesson = view.lesson if view is not None else None
        if view is not None and self.pages.currentWidget() is view and learner and lesson:
            self._write(self.meter.open((learner.id, lesson.id)))
            self._listen(True)
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.stop()

    def stop(self) -> None:
        """Write what was counted and stop counting (leaving the lesson, closing)."""
        self._write(self.meter.close())
        self._listen(False)
        self.timer.stop()

    def flush(self) -> None:
        """The periodic write while a lesson stays on screen."""
        self._write(self.meter.take())

    def _listen(self, on: bool) -> None:
        """Watch the application's input only while a lesson is on screen (it costs a Python
        call per event)."""
        app = QApplication.instance()
        if on == self._listening or app is None:
            return
        if on and not self._watching_window:
            self._watch_window()
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._listening = on

    def _watch_window(self) -> None:
        """Activation and minimising are watched from the first lesson shown, not from the
        start: a Python event filter on the window has every event before the first paint
        wrapped for Python, which makes PySide6 set up each of its ~45 event classes (issue
        #17). Until a lesson is shown nothing is counted, so nothing is missed."""
        self._watching_window = True
        self.window.installEventFilter(self)
        self.meter.set_active(self._window_active())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            self.meter.touch()
        elif watched is self.window and kind in WINDOW_EVENTS:
            self.meter.set_active(self._window_active())
        return False

    def _write(self, counted: tuple[ReadingKey, int] | None) -> None:
        if counted is None:
            return  # nothing counted: the database is not needed (nor opened, after a light start)
        ctx = self.ctx
        if not ctx.db_known:
            return
        (learner_id, lesson_id), seconds = counted

        def op() -> None:
            from ethics_trainer.services import progress

            # on the database worker, which opens it if start-up deferred it
            progress.add_reading_time(ctx.open_db(), learner_id, lesson_id, seconds)

        self.runner.run(op, on_done=lambda _: self.recorded.emit(lesson_id, seconds))
