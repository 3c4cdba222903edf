"""The HR menu plugs into any QMainWindow that has a ``ctx`` (db, library, paths)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QMainWindow

from ethics_trainer.content.loader import load_library
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.hr import menu


def test_menu_installs_and_gates_reports(
    qtbot, hr_db, sample_content: Path, tmp_path, monkeypatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.ctx = SimpleNamespace(
        db=hr_db,
        library=load_library(sample_content),
        paths=resolve_paths(tmp_path / "data", hr_db.url, sample_content),
    )
    from ethics_trainer.ui.database_gate import DatabaseGate
    from ethics_trainer.ui.toolkit.tasks import TaskRunner

    window.database = DatabaseGate(window.ctx, TaskRunner(window))  # as MainWindow has it
    menu.install(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Nhân sự" in titles
    hr_menu = window.menuBar().actions()[titles.index("Nhân sự")].menu()
    assert len([a for a in hr_menu.actions() if not a.isSeparator()]) == 3

    monkeypatch.setattr(menu, "ask_hr", lambda db, parent: False)
    assert menu.open_reports(window) is None  # wrong or no password: nothing opens
    monkeypatch.setattr(menu, "ask_hr", lambda db, parent: True)
    screen = menu.open_reports(window)
    assert screen is not None
    qtbot.waitUntil(lambda: screen.report is not None, timeout=10000)
    verify = menu.open_verify(window)  # no password needed
    assert verify is not None and verify.isVisible()
