"""A training centre's journey on one PostgreSQL server, in the real windows, by mouse and
keyboard: define the exam in the definition editor, open a session in the proctor console,
import a roster through the file dialog, two candidate PCs sign in and answer by keyboard, one
PC dies (its process is SIGKILLed) and the candidate resumes on another PC after the proctor
approves the move, extra time, end, then the minutes (PDF) and the results (XLSX) saved
through the save dialogs and read back — at 1366×768 and 1024×768.

PC 1 runs in its own process (tests/journeys/candidate_pc.py) so that its death is a real one:
no close event, no last write, its database connection cut by the kernel.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ethics_trainer.content.loader import load_library
from ethics_trainer.exams import definitions
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.exams.definition_editor import DefinitionEditor
from ethics_trainer.ui.exams.definition_list import DefinitionList
from ethics_trainer.ui.exams.open_session_dialog import OpenSessionDialog
from ethics_trainer.ui.exams.proctor import ProctorWindow
from tests.journeys.conftest import SCREENS, ran_in_child
from tests.journeys.steps import assert_fits, click_row, fit_to_screen, laid_out, type_text
from tests.window_helpers import answer_file_dialog, press_in_message_box, when_modal
from tests.window_helpers import screenshot as save_screenshot

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]

ROOT = Path(__file__).resolve().parents[2]
ROSTER = (
    "Họ và tên;Mã cán bộ;Đơn vị;Chức vụ\n"
    "Nguyễn Văn An;HN001;Sở Nội vụ;Chuyên viên\n"
    "Trần Thị Bình;HN002;UBND quận Ba Đình;Chuyên viên\n"
    "Lê Hoàng Cường;HN003;Sở Tư pháp;Cán sự\n"
)
EXAM_NAME = "Kiểm tra đạo đức công vụ quý IV"
WAIT = 30000


def screenshot(window: QWidget, name: str) -> None:
    """docs/screenshots/<name>.png (with ETHICS_TRAINER_SCREENSHOTS=1), once laid out."""
    laid_out(window)
    save_screenshot(window, name)


def button_with(window: QWidget, text: str) -> QPushButton:
    return next(b for b in window.findChildren(QPushButton) if text in b.text().replace("&", ""))


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click into a field, select what is there (Ctrl+A) and type over it."""
    target = widget.lineEdit() if isinstance(widget, QAbstractSpinBox) else widget
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, target, text)


def define_exam(qtbot, look, db, library, screen) -> definitions.ExamDef:  # type: ignore[no-untyped-def]
    """The definition list → "Mới" → the form typed in → Lưu."""
    listing = look.keep(DefinitionList(db, library))
    listing.show()
    qtbot.waitUntil(lambda: not listing.busy, timeout=WAIT)
    with qtbot.waitSignal(listing.editor_opened, timeout=WAIT) as opened:
        click(qtbot, listing.new_button)
    editor: DefinitionEditor = opened.args[0]
    qtbot.waitExposed(editor)
    editor.activateWindow()  # as the window manager does with a newly opened dialog
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)
    assert_fits(editor, screen)
    retype(qtbot, editor.name, EXAM_NAME)
    retype(qtbot, editor.minutes, "20")
    retype(qtbot, editor.pass_percent, "60")
    # the parts table: the count cell of the first part, typed and Enter
    cell = editor.parts.visualRect(editor.parts.model().index(0, 2)).center()
    qtbot.mouseClick(editor.parts.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.keyClick(editor.parts, Qt.Key.Key_4)  # any key starts editing the cell
    cell_editor = editor.parts.viewport().findChild(QLineEdit)
    assert cell_editor is not None and cell_editor.text() == "4"
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.parts.item(0, 2).text() == "4")  # committed (queued)
    screenshot(editor, f"centre-definition-{screen[0]}x{screen[1]}")
    with qtbot.waitSignal(editor.save_done, timeout=WAIT) as saved:
        click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    stored: definitions.ExamDef = saved.args[0]
    qtbot.waitUntil(lambda: not listing.busy and listing.items.count() == 1, timeout=WAIT)
    assert EXAM_NAME in listing.items.item(0).text()
    listing.close()
    return stored


def sign_in(qtbot, window: CandidateWindow, name: str, code: str) -> None:  # type: ignore[no-untyped-def]
    """Go down the list of names with ↓ to one's own, type the code, press Enter."""
    qtbot.waitUntil(lambda: window.names.count() >= 3, timeout=WAIT)
    window.names.setFocus()
    for _ in range(window.names.count()):
        qtbot.keyClick(window.names, Qt.Key.Key_Down)
        if window.names.currentText().startswith(name):
            break
    assert window.names.currentText().startswith(name)
    qtbot.mouseClick(window.code, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.code, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.code, code)
    qtbot.keyClick(window.code, Qt.Key.Key_Return)


def answer_by_keyboard(qtbot, window: CandidateWindow, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """From the current question: the letter key of each right option, then → to the next."""
    given = []
    for _ in range(count):
        assert window.state is not None
        question = window.state.questions[window.index]
        for right in (i for i, o in enumerate(question.options) if o.correct):
            with qtbot.waitSignal(window.answer_saved, timeout=WAIT):
                qtbot.keyClick(window.question, Qt.Key(Qt.Key.Key_A + right))
        given.append(question.id)
        qtbot.keyClick(window.question, Qt.Key.Key_Right)
    return given


def pick_row(qtbot, proctor: ProctorWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, r in enumerate(proctor.rows) if r.full_name == name)
    click_row(qtbot, proctor.table, row, 1)
    assert proctor.selected_id() == proctor.rows[row].id


def refreshed(qtbot, proctor: ProctorWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(proctor.refreshed, timeout=WAIT):
        proctor.refresh()


class DyingPC:
    """Candidate PC 1 in its own process: signs in, answers, then has its plug pulled."""

    def __init__(self, url: str, content: Path, data_dir: Path, *args: object) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.journeys.candidate_pc", url, str(content), str(data_dir)]
            + [str(a) for a in args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def answered(self, timeout: float = 180) -> list[str]:
        """Block until the PC reports that the server holds its answers."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("ANSWERED"):
            self.kill()
            raise AssertionError(f"PC 1 did not answer: {line!r}\n{self.stderr()}")
        return line.split()[1:]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()


@pytest.mark.parametrize("screen", SCREENS)
def test_training_centre_journey(request, screen) -> None:
    if ran_in_child(request):
        return
    fixture = request.getfixturevalue
    look, _warnings = fixture("look"), fixture("qt_warnings")
    qtbot, url = fixture("qtbot"), fixture("postgres_url")
    content, tmp_path = fixture("sample_content"), fixture("tmp_path")
    size = f"{screen[0]}x{screen[1]}"
    proctor_db, pc2_db, pc3_db = (open_database(url) for _ in range(3))
    library = load_library(content)
    candidates: list[CandidateWindow] = []
    pc1: DyingPC | None = None
    try:
        # the exam, defined in the editor by mouse and keyboard
        exam = define_exam(qtbot, look, proctor_db, library, screen)
        assert (exam.name, exam.minutes, exam.pass_percent) == (EXAM_NAME, 20, 60)
        assert [p.count for p in exam.parts] == [4]

        proctor = look.keep(ProctorWindow(proctor_db, library, export_dir=tmp_path))
        fit_to_screen(proctor, screen)
        proctor.show()
        assert_fits(proctor, screen)

        # open a session: the exam is the one just defined, the room typed, Enter
        def fill_open_dialog(dialog) -> bool:  # type: ignore[no-untyped-def]
            if not isinstance(dialog, OpenSessionDialog):
                return False
            assert dialog.definition.currentText() == EXAM_NAME
            qtbot.mouseClick(dialog.room, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(dialog.room, "301")
            qtbot.keyClick(dialog.room, Qt.Key.Key_Return)
            return True

        when_modal(fill_open_dialog)
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT) as opened:
            click(qtbot, button_with(proctor, "Mở ca thi"))
        assert opened.args[0] == "open_session"
        info = opened.args[1]
        qtbot.waitUntil(lambda: proctor.session_id == info.id, timeout=WAIT)

        # import the roster through the open dialog
        roster = tmp_path / "danh-sách thí sinh.csv"
        roster.write_text(ROSTER, encoding="utf-8-sig")
        answer_file_dialog(qtbot, roster)
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT) as loaded:
            click(qtbot, button_with(proctor, "Nạp danh sách"))
        assert loaded.args == ["load_roster", 3]
        qtbot.waitUntil(lambda: len(proctor.rows) == 3, timeout=WAIT)
        screenshot(proctor, f"centre-proctor-roster-{size}")

        # PC 1 (its own process): An signs in and answers two questions by keyboard
        pc1 = DyingPC(
            url, content, tmp_path / "pc-1", "pc-1", "Nguyễn Văn An", info.code, 2, *screen
        )
        # PC 2 (this process): Bình signs in and answers three
        two = look.keep(CandidateWindow(pc2_db, library, tmp_path / "pc-2", machine="pc-2"))
        candidates.append(two)
        fit_to_screen(two, screen)
        two.show()
        with qtbot.waitSignal(two.exam_started, timeout=WAIT):
            sign_in(qtbot, two, "Trần Thị Bình", info.code)
        assert two.who.text() == "Trần Thị Bình"
        assert_fits(two, screen)
        answer_by_keyboard(qtbot, two, 3)
        qtbot.waitUntil(  # the question's options and the navigator are on screen
            lambda: (
                bool(two.option_buttons)
                and all(b.isVisible() for b in [*two.option_buttons, *two.nav_buttons])
            ),
            timeout=WAIT,
        )
        screenshot(two, f"centre-candidate-{size}")
        an_answers = pc1.answered()
        assert len(an_answers) == 2

        # PC 1 dies: SIGKILL, no close, no last write
        pc1.kill()
        assert pc1.process.returncode == -signal.SIGKILL
        assert "QT-WARNING" not in pc1.stderr()

        # An sits down at PC 3: refused until the proctor approves the move
        three = look.keep(CandidateWindow(pc3_db, library, tmp_path / "pc-3", machine="pc-3"))
        candidates.append(three)
        fit_to_screen(three, screen)
        three.show()
        with qtbot.waitSignal(three.sign_in_page.sign_in_failed, timeout=WAIT):
            sign_in(qtbot, three, "Nguyễn Văn An", info.code)
        laid_out(three)
        message = three.sign_in_message  # the whole message is readable, not cut
        assert "giám thị" in message.text()
        assert message.height() >= message.heightForWidth(message.width()), message.size()
        screenshot(three, f"centre-candidate-move-refused-{size}")
        refreshed(qtbot, proctor)
        pick_row(qtbot, proctor, "Nguyễn Văn An")
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT) as approved:
            click(qtbot, proctor.action_buttons["approve_move"])
        assert approved.args[0] == "approve_move"
        with qtbot.waitSignal(three.exam_started, timeout=WAIT):
            qtbot.mouseClick(three.code, Qt.MouseButton.LeftButton)
            qtbot.keyClick(three.code, Qt.Key.Key_Return)
        assert three.who.text() == "Nguyễn Văn An"
        kept = {q for q, a in three.answers().items() if a}
        assert kept == set(an_answers)  # nothing An gave on PC 1 is lost
        three.go(2)
        answer_by_keyboard(qtbot, three, 2)

        # extra time for Bình: minutes and reason typed into Qt's input dialogs
        def type_in_input(text: str, mode: QInputDialog.InputMode):  # type: ignore[no-untyped-def]
            def handle(dialog) -> bool:  # type: ignore[no-untyped-def]
                if not isinstance(dialog, QInputDialog) or dialog.inputMode() != mode:
                    return False
                edit = dialog.findChild(QLineEdit)
                edit.selectAll()
                type_text(qtbot, edit, text)
                qtbot.keyClick(edit, Qt.Key.Key_Return)
                if mode == QInputDialog.InputMode.IntInput:  # then the reason
                    when_modal(type_in_input("mất điện", QInputDialog.InputMode.TextInput))
                return True

            return handle

        refreshed(qtbot, proctor)
        before = next(r for r in proctor.rows if r.full_name == "Trần Thị Bình")
        pick_row(qtbot, proctor, "Trần Thị Bình")
        when_modal(type_in_input("7", QInputDialog.InputMode.IntInput))
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT) as extra:
            click(qtbot, proctor.action_buttons["extra_time"])
        assert extra.args[0] == "extra_time"
        refreshed(qtbot, proctor)
        after = next(r for r in proctor.rows if r.full_name == "Trần Thị Bình")
        assert after.extra_seconds == before.extra_seconds + 7 * 60
        # Bình's PC shows it at its next poll
        qtbot.waitUntil(lambda: two.seconds_left() > 20 * 60, timeout=WAIT)
        screenshot(proctor, f"centre-proctor-room-{size}")

        # end the session: Yes in the confirmation
        press_in_message_box(qtbot, QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT) as ended:
            click(qtbot, proctor.action_buttons["end_session"])
        assert ended.args[0] == "end_session"
        for window in (two, three):  # both PCs see the end and show the result
            qtbot.waitUntil(lambda w=window: w.pages.currentIndex() == 2, timeout=WAIT)
        screenshot(three, f"centre-candidate-result-{size}")

        # the minutes (PDF), read back
        minutes = tmp_path / "biên bản ca thi.pdf"
        answer_file_dialog(qtbot, minutes)
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT) as exported:
            click(qtbot, proctor.export_buttons["minutes_pdf"])
        assert exported.args[0] == "export"
        out = subprocess.run(["pdftotext", str(minutes), "-"], capture_output=True, check=True)
        flat = " ".join(unicodedata.normalize("NFC", out.stdout.decode()).split())
        assert EXAM_NAME in flat and "301" in flat
        assert "Nguyễn Văn An" in flat and "Trần Thị Bình" in flat
        assert "Lê Hoàng Cường" in flat[flat.index("vắng mặt") :]  # never came
        # the resume on another PC and the extra time, as sentences of the minutes
        assert "Nguyễn Văn An xin chuyển từ máy pc-1 sang máy pc-3" in flat
        assert "Giám thị duyệt cho Nguyễn Văn An chuyển từ máy pc-1 sang máy pc-3" in flat
        assert "Cộng thêm 7 phút cho Trần Thị Bình. Lý do: mất điện." in flat

        # the results (XLSX), read back: names with their diacritics, and the scores
        results_path = tmp_path / "kết quả.xlsx"
        answer_file_dialog(qtbot, results_path)
        with qtbot.waitSignal(proctor.room_actions.action_done, timeout=WAIT):
            click(qtbot, proctor.export_buttons["results_xlsx"])
        sheet = openpyxl.load_workbook(results_path).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        by_name = {
            unicodedata.normalize("NFC", str(c)): r for r in rows for c in r if isinstance(c, str)
        }
        assert "Nguyễn Văn An" in by_name and "Trần Thị Bình" in by_name
        # An: 4 of 4 right (2 on PC 1, 2 on PC 3); Bình: 3 of 4
        assert_score(by_name["Nguyễn Văn An"], 1.0)
        assert_score(by_name["Trần Thị Bình"], 0.75)
        screenshot(proctor, f"centre-proctor-ended-{size}")
    finally:
        for window in candidates:
            window.allow_close()  # the journey is over: no proctor password to close them
        if pc1 is not None:
            pc1.kill()
        for db in (proctor_db, pc2_db, pc3_db):
            db.dispose()


def assert_score(row: list[object], fraction: float) -> None:
    """The row holds the score, as a fraction or a percentage, in some cell."""
    numbers = [c for c in row if isinstance(c, int | float) and not isinstance(c, bool)]
    assert any(abs(n - fraction) < 1e-6 or abs(n - 100 * fraction) < 1e-6 for n in numbers), row
