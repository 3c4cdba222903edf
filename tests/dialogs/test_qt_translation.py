"""Qt's standard strings in Vietnamese: message box buttons, file dialog labels, context menus."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox

from ethics_trainer.ui import app as app_module
from ethics_trainer.ui.qt_translation import LOCALES, catalogue, install_qt_translation


@pytest.fixture
def vietnamese_qt(qapp) -> Iterator[None]:
    assert install_qt_translation("vi")
    yield
    install_qt_translation("en")


def test_catalogue_is_committed_and_current(tmp_path) -> None:
    qm, ts = LOCALES / "qtbase_vi.qm", LOCALES / "qtbase_vi.ts"
    assert catalogue("vi") == qm and catalogue("en") is None
    tool = Path(sys.executable).with_name("pyside6-lrelease")
    if not tool.exists():
        pytest.skip("pyside6-lrelease not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(tool), "-silent", str(ts), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == qm.read_bytes(), "run: python -m ethics_trainer.ui.qt_translation"


def test_message_box_yes_no_in_vietnamese(vietnamese_qt) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Có", "Không"}
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
    )
    assert {b.text() for b in buttons.buttons()} == {"Lưu", "Huỷ", "Đóng"}


def test_file_dialog_labels_in_vietnamese(vietnamese_qt, tmp_path) -> None:
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Tìm trong:", "&Loại tệp:", "&Tên tệp:"} <= labels
    box = dialog.findChild(QDialogButtonBox)
    assert {b.text() for b in box.buttons()} == {"&Lưu", "Huỷ"}
    dialog.deleteLater()


def test_line_edit_context_menu_in_vietnamese(vietnamese_qt) -> None:
    edit = QLineEdit("x")
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert "&Sao chép" in texts and "&Dán" in texts and "Chọn tất cả" in texts


def test_english_has_no_vietnamese_left(qapp) -> None:
    install_qt_translation("vi")
    install_qt_translation("en")
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes)
    assert box.buttons()[0].text().replace("&", "") == "Yes"


def test_gui_lang_wins_over_saved_setting(monkeypatch, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from ethics_trainer.ui import settings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.delenv("ETHICS_TRAINER_LANG", raising=False)
    settings.set_language("vi")
    assert app_module.startup_language("en", settings.language()) == "en"
    assert app_module.startup_language(None, settings.language()) == "vi"


def test_gui_command_passes_lang_to_the_app(monkeypatch, tmp_path) -> None:
    """``gui --lang en`` reaches run_gui, which applies it after reading the saved setting."""
    from ethics_trainer.cli import gui_cmd, main

    seen: dict[str, object] = {}
    monkeypatch.setattr(
        app_module,
        "run_gui",
        lambda paths, argv=None, *, language=None: seen.update(lang=language) or 0,
    )
    args = main.build_parser().parse_args(["--data-dir", str(tmp_path), "gui", "--lang", "en"])
    assert gui_cmd.run(args) == 0
    assert seen == {"lang": "en"}
