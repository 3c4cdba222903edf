"""The GUI import dialog (real widgets, offscreen): preview first, nothing stored until
"Nhập", unreadable files shown as messages, the menu entry installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from ethics_trainer.content.loader import load_library
from ethics_trainer.ui.import_dialog import ImportDialog, install
from ethics_trainer.ui.toolkit.tasks import TaskRunner

from .test_moodle_xml import FIXTURE


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def test_preview_then_import(qtbot, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "bank.xml"
    source.write_text(FIXTURE, encoding="utf-8")
    content = tmp_path / "content"
    dialog = ImportDialog(content, runner.run_io)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.parsed, timeout=30_000):
        dialog.load_files([source])
    assert dialog.table.rowCount() == 6
    statuses = [dialog.table.item(r, 0).text() for r in range(6)]
    assert statuses.count("Sẽ nhập") == 4 and statuses.count("Bỏ qua") == 2
    titles = [dialog.table.item(r, 3).text() for r in range(6)]
    assert "Quà biếu" in titles and "Bài luận" in titles
    assert dialog.table.item(0, 1).text().startswith("bank.xml:")
    assert "4 câu hỏi sẽ được nhập" in dialog.summary.text()
    dialog.table.selectRow(titles.index("Quà biếu"))
    assert "Cán bộ có được nhận" in dialog.preview.toPlainText()
    assert not content.exists()  # nothing stored by the preview
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as caught:
        dialog.import_button.click()
    assert caught.args[0].question_count == 4
    library = load_library(content)
    assert library.errors == [] and len(library.all_questions()) == 4
    assert "Đã nhập 4 câu hỏi" in dialog.summary.text()


def test_unreadable_file_shows_a_message_and_imports_nothing(qtbot, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.xml"
    good.write_text(FIXTURE, encoding="utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_text("không phải tệp Word", encoding="utf-8")
    dialog = ImportDialog(tmp_path / "content", runner.run_io)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.parsed, timeout=30_000):
        dialog.load_files([good, bad])
    assert str(bad) in dialog.summary.text() and "Chưa nhập gì" in dialog.summary.text()
    assert "Traceback" not in dialog.summary.text()
    assert dialog.table.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_menu_entry_is_installed(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    install(window)
    menus = [a.menu() for a in window.menuBar().actions()]
    (menu,) = [m for m in menus if m is not None and m.objectName() == "interopMenu"]
    assert [a.text() for a in menu.actions()] == ["&Nhập câu hỏi từ tệp (Word, Excel, Moodle)…"]


def test_menu_action_opens_the_dialog_and_reloads_the_content(
    qtbot, runner, tmp_path: Path, db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.paths import resolve_paths
    from ethics_trainer.ui import import_dialog
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.hr import menu as hr_menu

    monkeypatch.setattr(hr_menu, "ask_admin", lambda _db, _parent: True)  # the password prompt
    content = tmp_path / "content"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.ctx = AppContext(resolve_paths(tmp_path / "data", db.url, content), db=db)
    window.runner = runner
    window.populate_tree = lambda: setattr(window, "tree_filled", True)
    source = tmp_path / "bank.xml"
    source.write_text(FIXTURE, encoding="utf-8")
    dialog = import_dialog.open_import(window)
    assert dialog is not None and dialog.isVisible()
    assert dialog.dest.text() == str(content.resolve())
    with qtbot.waitSignal(dialog.parsed, timeout=30_000):
        dialog.load_files([source])
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: getattr(window, "tree_filled", False), timeout=30_000)
    assert len(window.ctx.library.all_questions()) == 4
