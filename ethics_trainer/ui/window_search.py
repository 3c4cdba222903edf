"""Search from the main window: the index is built in the background, results as you type."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ethics_trainer.i18n import tr

if TYPE_CHECKING:
    from ethics_trainer.study.search_index import SearchHit

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 50


class SearchMixin:
    """Part of :class:`~ethics_trainer.ui.main_window.MainWindow` (a mixin: it uses the
    window's ``ctx``, ``runner``, pages and signals)."""

    # -- search -----------------------------------------------------------------------------
    def build_search_index(self) -> None:
        """Build (or reuse) the search index in the background when the library is loaded."""
        library, cache_dir = self.ctx.library, self.ctx.paths.cache_dir
        if library is None:
            return
        self._index_ready = False

        def op() -> None:
            from ethics_trainer.study.search_index import default_index_path, ensure_index

            cache_dir.mkdir(parents=True, exist_ok=True)
            ensure_index(library, default_index_path(cache_dir))

        def done(_: object) -> None:
            self._index_ready = True
            self.index_ready.emit()
            if self.search_box.text().strip():
                self.run_search()

        def failed(exc: BaseException) -> None:
            log.warning("search index not built", exc_info=exc)
            self.search_page.status.setText(tr("uis.search.failed"))

        self.runner.run_io(op, done, failed)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _search_enter(self) -> None:
        self.search_timer.stop()
        self.run_search()
        self.search_page.results.setFocus()

    def run_search(self) -> None:
        query = self.search_box.text().strip()
        if not query or self._in_quiz():
            return
        if self.ctx.learner is None:
            return
        self.pages.setCurrentWidget(self.search_page)
        if not self._index_ready:
            self.search_page.show_building()
            return
        self._search_seq += 1
        seq, cache_dir, library = self._search_seq, self.ctx.paths.cache_dir, self.ctx.library

        def op() -> list[SearchHit]:
            from ethics_trainer.study.search_index import default_index_path, search_or_rebuild

            assert library is not None
            index = default_index_path(cache_dir)
            return search_or_rebuild(library, index, query, limit=SEARCH_LIMIT)

        def done(hits: list[SearchHit]) -> None:
            if seq != self._search_seq:
                return  # a newer query is on its way
            self.search_page.show_hits(query, hits)
            self.searched.emit(query)

        self.runner.run_io(op, done)

    def open_hit(self, hit: SearchHit) -> None:
        if hit.lesson_id:
            self.open_lesson(hit.lesson_id, hit.anchor if hit.kind == "lesson" else "")
            return
        QMessageBox.information(
            self, tr("uis.search.question_title", id=hit.id), f"{hit.title}\n\n{hit.snippet}"
        )
