"""Issue #11, HR half: buttons that work when clicked, a preview that renders and saves and
prints, a window that fits 1024×768 and remembers its place, the unit filter typed without
diacritics."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from ethics_trainer.content.loader import load_library
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.hr.hr_window import HrWindow
from tests.window_helpers import answer_file_dialog, app_look


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from ethics_trainer import i18n

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    i18n.set_language("vi")


def open_window(qtbot, hr_db, sample_content: Path, tmp_path: Path, look=None) -> HrWindow:  # type: ignore[no-untyped-def]
    """An HR window; under ``look`` (the app's style sheet) the look closes it, not qtbot."""
    window = HrWindow(
        hr_db,
        load_library(sample_content),
        resolve_paths(tmp_path / "data", hr_db.url, sample_content),
    )
    if look is None:
        qtbot.addWidget(window)
    else:
        look.keep(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=10000)
    return window


@pytest.fixture
def screen(qtbot, hr_db, sample_content: Path, tmp_path: Path) -> HrWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, hr_db, sample_content, tmp_path)


def select_person(window: HrWindow, name: str) -> None:
    row = next(i for i, r in enumerate(window.model.rows) if r.full_name == name)
    window.table.selectionModel().select(
        window.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def click(qtbot, button: QPushButton) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_bulk_zip_button_asks_for_a_file_and_writes_it(qtbot, screen, tmp_path: Path) -> None:
    """The button once passed ``clicked(bool)``'s False as the output path (TypeError)."""
    screen.show()
    target = tmp_path / "chung-nhan.zip"
    answer_file_dialog(qtbot, target)
    with qtbot.waitSignal(screen.job_finished, timeout=60000) as blocker:
        click(qtbot, screen.bulk_button)
    assert blocker.args == [str(target)]
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == 3  # the three who completed
    assert "3" in screen.message.text() and str(target) in screen.message.text()


def test_bulk_folder_button(qtbot, screen, tmp_path: Path) -> None:
    screen.show()
    folder = tmp_path / "pdfs"
    folder.mkdir()
    answer_file_dialog(qtbot, folder)
    with qtbot.waitSignal(screen.job_finished, timeout=60000) as blocker:
        click(qtbot, screen.bulk_folder_button)
    assert blocker.args == [str(folder)]
    assert len(list(folder.glob("*.pdf"))) == 3


def test_bulk_cancelled_in_the_file_dialog_does_nothing(qtbot, screen, tmp_path: Path) -> None:
    screen.show()
    answer_file_dialog(qtbot, None)
    click(qtbot, screen.bulk_button)
    assert not screen.tasks.busy and not list(tmp_path.glob("*.zip"))


def test_bulk_failure_is_shown(qtbot, screen, tmp_path: Path, monkeypatch) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr("ethics_trainer.ui.hr.hr_window.show_error", lambda _w, e: shown.append(e))
    with qtbot.waitSignal(screen.job_finished, timeout=60000) as blocker:
        screen.bulk_certificates(str(tmp_path / "no-such-folder" / "x.zip"))
    assert blocker.args == [""] and len(shown) == 1
    assert "no-such-folder" in shown[0].message  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_preview_with_the_app_style_renders_saves_and_prints(
    qtbot, hr_db, sample_content, tmp_path: Path
) -> None:
    """With the app's style sheet the old QPdfView (fit in view) froze the app for minutes."""
    with app_look() as look:
        screen = open_window(qtbot, hr_db, sample_content, tmp_path, look)
        screen.show()
        select_person(screen, "Phạm Ngọc Ánh")
        with qtbot.waitSignal(screen.preview_opened, timeout=20000) as opened:
            click(qtbot, screen.preview_button)
        preview = opened.args[0]
        qtbot.waitUntil(lambda: preview._size is not None, timeout=10000)
        image = preview.page_image()
        room = preview.page_room()
        assert not image.isNull()
        assert image.width() <= room.width() * image.devicePixelRatio() + 1
        assert image.width() >= 0.9 * room.width() or image.height() >= 0.9 * room.height()
        # the page is not blank: the certificate has dark text on it
        assert (
            min(
                image.pixelColor(x, y).lightness()
                for x in range(0, image.width(), 7)
                for y in range(0, image.height(), 7)
            )
            < 100
        )
        preview.resize(500, 420)
        qtbot.waitUntil(lambda: preview.page_image().width() < image.width(), timeout=10000)

        saved = tmp_path / "mot-giay.pdf"
        answer_file_dialog(qtbot, saved)
        with qtbot.waitSignal(preview.saved, timeout=10000):
            click(qtbot, preview.save_button)
        assert saved.read_bytes() == preview.pdf
        text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True)
        assert "Phạm Ngọc Ánh" in text.stdout.decode()

        printed = tmp_path / "in.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        assert preview.print_to(printer)
        assert printed.stat().st_size > 10000  # the page went out as an image
        assert preview.print_button.text() and preview.save_button.text() == "Lưu"
        preview.close()


def test_preview_without_selection_says_what_to_do(qtbot, screen) -> None:
    screen.show()
    screen.table.clearSelection()
    click(qtbot, screen.preview_button)
    assert "chọn" in screen.message.text()


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_fits_small_screens(qtbot, hr_db, sample_content, tmp_path, size: tuple[int, int]) -> None:
    """It could not shrink below 1186 px; every control must be on screen at 1024×768."""
    with app_look() as look:
        screen = open_window(qtbot, hr_db, sample_content, tmp_path, look)
        width, height = size
        screen.resize(width - 24, height - 60)
        screen.show()
        qtbot.waitExposed(screen)
        assert screen.minimumSizeHint().width() <= width - 24
        assert screen.width() <= width - 24 and screen.height() <= height - 60
        for button in screen.findChildren(QPushButton):
            if not button.isVisible():
                continue
            corner = button.mapTo(screen, button.rect().bottomRight())
            assert screen.rect().contains(corner), button.text()
            assert button.width() >= button.minimumSizeHint().width() - 1, button.text()


def test_remembers_size_and_place(qtbot, hr_db, sample_content, tmp_path) -> None:
    first = open_window(qtbot, hr_db, sample_content, tmp_path)
    first.show()
    first.resize(700, 500)
    first.close()
    second = open_window(qtbot, hr_db, sample_content, tmp_path)
    assert (second.width(), second.height()) == (700, 500)


def test_unit_typed_without_diacritics_and_enter(qtbot, screen) -> None:
    screen.show()
    edit = screen.unit.lineEdit()
    edit.setFocus()
    qtbot.keyClicks(edit, "ba dinh")
    with qtbot.waitSignal(screen.report_loaded, timeout=10000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert {r.unit for r in screen.report.rows} == {"UBND quận Ba Đình"}
    assert len(screen.report.rows) == 3
