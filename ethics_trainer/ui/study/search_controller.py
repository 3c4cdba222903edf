"""Search from the main window: the index is built in the background, results as you type."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.study.pages import StudyPages
from ethics_trainer.ui.toolkit.tasks import Lane, TaskRunner

if TYPE_CHECKING:
    from ethics_trainer.study.search_hits import SearchHit

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 50


class SearchController(QObject):
    """Signals: ``index_ready`` once the index is built (or was current); ``searched(query)``
    when its results are shown; ``open_lesson(lesson_id, anchor)`` for a chosen hit."""

    index_ready = Signal()
    searched = Signal(str)
    open_lesson = Signal(str, str)

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        runner: TaskRunner,
        pages: StudyPages,
        box: QLineEdit,
    ) -> None:
        super().__init__(window)
        self.window, self.ctx, self.runner, self.pages, self.box = window, ctx, runner, pages, box
        self.ready = False
        self._seq = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        box.textChanged.connect(lambda _t: self.timer.start())
        box.returnPressed.connect(self._enter)

    def build_index(self) -> None:
        """Build (or reuse) the search index in the background when the library is loaded."""
        library, cache_dir = self.ctx.library, self.ctx.paths.cache_dir
        if library is None:
            return
        self.ready = False

        def op() -> None:
            from ethics_trainer.study.search_index import default_index_path, ensure_index

            cache_dir.mkdir(parents=True, exist_ok=True)
            ensure_index(library, default_index_path(cache_dir))

        def done(_: object) -> None:
            self.ready = True
            self.index_ready.emit()
            if self.box.text().strip():
                self.run_search()

        def failed(exc: BaseException) -> None:
            log.warning("search index not built", exc_info=exc)
            self.pages.search.get().status.setText(tr("uis.search.failed"))

        self.runner.run(op, on_done=done, on_error=failed, lane=Lane.IO)

    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def _enter(self) -> None:
        self.timer.stop()
        self.run_search()
        self.pages.search.get().results.setFocus()

    def run_search(self) -> None:
        query = self.box.text().strip()
        if not query or self.pages.in_quiz() or self.ctx.learner is None:
            return
        page = self.pages.search.show()
        if not self.ready:
            page.show_building()
            return
        self._seq += 1
        seq, cache_dir, library = self._seq, self.ctx.paths.cache_dir, self.ctx.library

        def op() -> list[SearchHit]:
            from ethics_trainer.study.search_index import default_index_path, search_or_rebuild

            assert library is not None
            index = default_index_path(cache_dir)
            return search_or_rebuild(library, index, query, limit=SEARCH_LIMIT)

        def done(hits: list[SearchHit]) -> None:
            if seq != self._seq:
                return  # a newer query is on its way
            page.show_hits(query, hits)
            self.searched.emit(query)

        self.runner.run(op, on_done=done, lane=Lane.IO)

    def open_hit(self, hit: SearchHit) -> None:
        from PySide6.QtWidgets import QMessageBox  # made on use: its enums (issue #17)

        if hit.lesson_id:
            if hit.kind == "lesson":
                self.open_lesson.emit(hit.lesson_id, hit.anchor)
            else:  # the lesson's page lists its questions: open it at this one
                from ethics_trainer.ui.lesson_view import question_anchor

                self.open_lesson.emit(hit.lesson_id, question_anchor(hit.id))
            return
        QMessageBox.information(
            self.window, tr("uis.search.question_title", id=hit.id), f"{hit.title}\n\n{hit.snippet}"
        )
