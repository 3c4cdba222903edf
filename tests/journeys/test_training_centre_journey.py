"""A training centre's journey on one PostgreSQL server, in the real windows: open a session,
import a roster, two candidate PCs answer by keyboard, one PC dies and the candidate resumes
on another after the proctor approves, extra time, end, minutes (PDF) and results (XLSX)
exported through the save dialogs and read back — at 1366×768 and 1024×768."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from ethics_trainer.content.loader import load_library
from ethics_trainer.exams import definitions
from ethics_trainer.exams.definitions import DrawPart, ExamDraft
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.exams.proctor import OpenSessionDialog, ProctorWindow
from tests.journeys.conftest import SCREENS, ran_in_child
from tests.journeys.steps import click_row, fit_to_screen
from tests.ui_admin.helpers import answer_file_dialog, press_in_message_box, screenshot, when_modal

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("JOURNEY_WIP") != "1",
        reason="unfinished (ui-admin, 3 Dec): written but never seen passing (runs produced no "
        "output within 150-400 s); the exam is defined through the service, not the editor. "
        "Run it with JOURNEY_WIP=1 to continue the work",
    ),
    pytest.mark.postgres,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]

ROSTER = "Họ và tên;Mã cán bộ;Đơn vị;Chức vụ\nNguyễn Văn An;HN001;Sở Nội vụ;Chuyên viên\nTrần Thị Bình;HN002;UBND quận Ba Đình;Chuyên viên\nLê Hoàng Cường;HN003;Sở Tư pháp;Cán sự\n"


def button_with(window: QWidget, text: str) -> QPushButton:
    return next(b for b in window.findChildren(QPushButton) if text in b.text().replace("&", ""))


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign_in(qtbot, window: CandidateWindow, position: int, code: str) -> None:  # type: ignore[no-untyped-def]
    """Pick the name with the arrow keys, type the code, press Enter."""
    qtbot.waitUntil(lambda: window.names.count() >= 3, timeout=20000)
    window.names.setFocus()
    for _ in range(position + 1):
        qtbot.keyClick(window.names, Qt.Key.Key_Down)
    qtbot.mouseClick(window.code, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.code, code)
    qtbot.keyClick(window.code, Qt.Key.Key_Return)


def answer_by_keyboard(qtbot, window: CandidateWindow, count: int) -> None:  # type: ignore[no-untyped-def]
    """From the current question: the right option's letter key, then → to the next."""
    for _ in range(count):
        question = window.state.questions[window.index]
        right = next(i for i, o in enumerate(question["options"]) if o["correct"])
        with qtbot.waitSignal(window.answer_saved, timeout=10000):
            qtbot.keyClick(window.question, Qt.Key(Qt.Key.Key_A + right))
        qtbot.keyClick(window.question, Qt.Key.Key_Right)


def pick_row(qtbot, proctor: ProctorWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, r in enumerate(proctor.rows) if r.full_name == name)
    click_row(qtbot, proctor.table, row, 1)


@pytest.mark.parametrize("screen", SCREENS)
def test_training_centre_journey(request, screen) -> None:
    if ran_in_child(request):
        return
    fixture = request.getfixturevalue
    look, _warnings = fixture("look"), fixture("qt_warnings")
    qtbot, url = fixture("qtbot"), fixture("postgres_url")
    content, tmp_path = fixture("sample_content"), fixture("tmp_path")
    size = f"{screen[0]}x{screen[1]}"
    proctor_db, pc1_db, pc2_db, pc3_db = (open_database(url) for _ in range(4))
    library = load_library(content)
    draft = ExamDraft(
        name="Kiểm tra đạo đức công vụ",
        course_id="mau",
        parts=[DrawPart(count=4)],
        minutes=20,
        pass_percent=60,
    )
    definitions.save_definition(proctor_db, draft, library=library)  # TODO: through the editor

    proctor = look.keep(ProctorWindow(proctor_db, library, export_dir=tmp_path))
    fit_to_screen(proctor, screen)
    proctor.show()

    # open a session: the dialog's date starts today; a room is typed; OK
    def fill_open_dialog(dialog) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(dialog, OpenSessionDialog):
            return False
        room = dialog.room
        room.setFocus()
        qtbot.keyClicks(room, "301")
        qtbot.keyClick(room, Qt.Key.Key_Return)
        return True

    when_modal(fill_open_dialog)
    with qtbot.waitSignal(proctor.action_done, timeout=20000) as opened:
        click(qtbot, button_with(proctor, "Mở ca thi"))
    info = opened.args[1]
    qtbot.waitUntil(lambda: proctor.session_id == info.id, timeout=20000)

    # import the roster through the open dialog
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    answer_file_dialog(qtbot, roster)
    with qtbot.waitSignal(proctor.action_done, timeout=20000) as loaded:
        click(qtbot, button_with(proctor, "Nạp danh sách"))
    assert loaded.args == ["load_roster", 3]
    screenshot(proctor, f"centre-proctor-{size}")

    # two candidate PCs sign in by keyboard and answer by keyboard
    one = look.keep(CandidateWindow(pc1_db, library, tmp_path / "pc-1", machine="pc-1"))
    two = look.keep(CandidateWindow(pc2_db, library, tmp_path / "pc-2", machine="pc-2"))
    for window in (one, two):
        fit_to_screen(window, screen)
        window.show()
    for window, position in ((one, 0), (two, 1)):
        with qtbot.waitSignal(window.exam_started, timeout=20000):
            sign_in(qtbot, window, position, info.code)
    answer_by_keyboard(qtbot, one, 2)
    answer_by_keyboard(qtbot, two, 3)
    screenshot(two, f"centre-candidate-{size}")

    # PC 1 dies mid-exam (closed without submitting); An moves to PC 3
    one.allow_close()
    one.close()
    three = look.keep(CandidateWindow(pc3_db, library, tmp_path / "pc-3", machine="pc-3"))
    fit_to_screen(three, screen)
    three.show()
    with qtbot.waitSignal(three.sign_in_failed, timeout=20000):
        sign_in(qtbot, three, 0, info.code)
    with qtbot.waitSignal(proctor.refreshed, timeout=20000):
        proctor.refresh()
    pick_row(qtbot, proctor, "Nguyễn Văn An")
    with qtbot.waitSignal(proctor.action_done, timeout=20000):
        click(qtbot, proctor.action_buttons["approve_move"])
    with qtbot.waitSignal(three.exam_started, timeout=20000):
        qtbot.keyClick(three.code, Qt.Key.Key_Return)
    assert sum(1 for a in three.answers.values() if a) == 2  # nothing lost
    three.go(2)
    answer_by_keyboard(qtbot, three, 2)

    # extra time for Bình: the amount and the reason typed in Qt's input dialogs
    def type_in_input(text: str, mode: QInputDialog.InputMode):  # type: ignore[no-untyped-def]
        def handle(dialog) -> bool:  # type: ignore[no-untyped-def]
            if not isinstance(dialog, QInputDialog) or dialog.inputMode() != mode:
                return False
            edit = dialog.findChild(QLineEdit)
            edit.selectAll()
            qtbot.keyClicks(edit, text)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
            return True

        return handle

    with qtbot.waitSignal(proctor.refreshed, timeout=20000):
        proctor.refresh()
    pick_row(qtbot, proctor, "Trần Thị Bình")
    when_modal(type_in_input("7", QInputDialog.InputMode.IntInput))
    when_modal(type_in_input("mất điện", QInputDialog.InputMode.TextInput))  # then the reason
    with qtbot.waitSignal(proctor.action_done, timeout=20000) as extra:
        click(qtbot, proctor.action_buttons["extra_time"])
    assert extra.args[0] == "extra_time"

    # end the session: Yes in the confirmation
    press_in_message_box(qtbot, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(proctor.action_done, timeout=30000) as ended:
        click(qtbot, proctor.action_buttons["end_session"])
    assert ended.args[0] == "end_session"

    # the minutes (PDF) and the results (XLSX), read back
    minutes = tmp_path / "bien-ban.pdf"
    answer_file_dialog(qtbot, minutes)
    with qtbot.waitSignal(proctor.action_done, timeout=30000):
        click(qtbot, proctor.export_buttons["minutes_pdf"])
    text = subprocess.run(["pdftotext", str(minutes), "-"], capture_output=True, check=True)
    flat = " ".join(unicodedata.normalize("NFC", text.stdout.decode()).split())
    assert "Lê Hoàng Cường" in flat[flat.index("vắng mặt") :]  # never came
    assert "pc-3" in flat and "7 phút" in flat and "mất điện" in flat
    results_path = tmp_path / "ket-qua.xlsx"
    answer_file_dialog(qtbot, results_path)
    with qtbot.waitSignal(proctor.action_done, timeout=30000):
        click(qtbot, proctor.export_buttons["results_xlsx"])
    sheet = openpyxl.load_workbook(results_path).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    flat_cells = " ".join(str(c) for row in values for c in row)
    assert "Nguyễn Văn An" in flat_cells and "Trần Thị Bình" in flat_cells
    screenshot(proctor, f"centre-proctor-ended-{size}")
    for db in (proctor_db, pc1_db, pc2_db, pc3_db):
        db.dispose()
