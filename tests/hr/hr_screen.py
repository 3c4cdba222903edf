"""The HR window on the sample content and the HR test database, with its first report
loaded: what the HR screen tests start from."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.content.loader import load_library
from ethics_trainer.paths import resolve_paths
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.hr.hr_window import HrWindow


def open_hr_window(qtbot, hr_db: Database, sample_content: Path, tmp_path: Path) -> HrWindow:  # type: ignore[no-untyped-def]
    library = load_library(sample_content)
    paths = resolve_paths(tmp_path / "data", hr_db.url, sample_content)
    window = HrWindow(hr_db, library, paths)
    qtbot.addWidget(window)
    # the first load starts in the constructor; wait for it to arrive
    qtbot.waitUntil(lambda: window.report is not None, timeout=10000)
    return window
