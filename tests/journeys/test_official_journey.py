"""An official's journey in the real main window, by mouse and keyboard only, at 1366×768 and
1024×768: first launch on an empty data folder → her profile (typed, Enter) → a lesson from
the course tree, read and marked → practice answered by keys → the timed final quiz started
and answered by keyboard alone → passed → her own certificate previewed and saved through the
file dialog → the PDF has her name with its diacritics and verifies with
``ethics-trainer verify``.

The content is the small test course (three-question final quiz), loaded through the real
content loader; the test knows the right answers from that loaded content, as a well-prepared
official would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ethics_trainer.hr.verification import REGISTERED, verify
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.hr.preview import CertificatePreview
from ethics_trainer.ui.main_window import ROLE_ID, ROLE_KIND, MainWindow
from ethics_trainer.ui.widgets.question import OPTION_LETTERS
from tests.journeys.conftest import SCREENS, ran_in_child
from tests.journeys.steps import assert_fits, click_tree_item, fit_to_screen, type_text
from tests.window_helpers import answer_file_dialog, screenshot, when_modal

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs poppler-utils",
)

NAME = "Nguyễn Thị Thu Hương"
UNIT = "UBND phường Ba Đình"


@pytest.mark.parametrize("screen", SCREENS)
def test_official_journey(request, screen) -> None:
    if ran_in_child(request):
        return
    journey(request.getfixturevalue, screen)


def tree_item(main: MainWindow, kind: str, ident: str):  # type: ignore[no-untyped-def]
    top = main.tree.topLevelItem(0)
    return next(
        top.child(i)
        for i in range(top.childCount())
        if top.child(i).data(0, ROLE_KIND) == kind and top.child(i).data(0, ROLE_ID) == ident
    )


def answer_keys(main: MainWindow, question_widget) -> list[Qt.Key]:  # type: ignore[no-untyped-def]
    """The letters of the right options as they are shown (options may be shuffled), from
    the content the app loaded."""
    assert main.ctx.library is not None
    shown = question_widget.question
    question = main.ctx.library.question(shown.id)
    assert question is not None
    right = set(question.correct_keys)
    letters = [OPTION_LETTERS[i] for i, row in enumerate(question_widget.rows) if row.key in right]
    assert letters, shown.id
    return [getattr(Qt.Key, f"Key_{letter}") for letter in letters]


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode())


def qr_text(path: Path, tmp_path: Path) -> str | None:
    """The certificate's QR code read back from a rendering of the page (zxing-cpp)."""
    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        return None
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png").convert("L"))
    texts = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(texts) == 1, texts
    return texts[0]


def cli_verify(data_dir: Path, text: str) -> subprocess.CompletedProcess[str]:
    """``ethics-trainer --data-dir DIR verify TEXT``, as the official (or anyone) runs it."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "ETHICS_TRAINER_LANG": "vi"}
    return subprocess.run(
        [sys.executable, "-m", "ethics_trainer", "--data-dir", str(data_dir), "verify", text],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def journey(fixture, screen) -> None:  # type: ignore[no-untyped-def]
    look, _warnings = fixture("look"), fixture("qt_warnings")
    qtbot, sample_content, tmp_path = (
        fixture("qtbot"),
        fixture("sample_content"),
        fixture("tmp_path"),
    )
    size = f"{screen[0]}x{screen[1]}"

    # -- first launch on an empty data folder ------------------------------------------------
    data_dir = tmp_path / "official-data"
    assert not data_dir.exists()
    paths = resolve_paths(data_dir, None, sample_content)
    main: MainWindow = look.keep(MainWindow(AppContext(paths=paths)))  # type: ignore[assignment]
    fit_to_screen(main, screen)
    main.show()
    with qtbot.waitSignal(main.ready, timeout=30000):
        main.start()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=5000)
    assert_fits(main, screen)

    # -- her profile: typed, Enter submits ----------------------------------------------------
    profile = main.profile_page
    qtbot.waitUntil(lambda: main.pages.currentWidget() is profile, timeout=5000)
    assert profile.list.count() == 0  # nobody yet
    qtbot.mouseClick(profile.full_name, Qt.MouseButton.LeftButton)
    type_text(qtbot, profile.full_name, NAME)
    qtbot.keyClick(profile.full_name, Qt.Key.Key_Tab)
    qtbot.keyClick(profile.employee_code, Qt.Key.Key_Tab)
    assert profile.unit.hasFocus()
    type_text(qtbot, profile.unit, UNIT)
    assert profile.full_name.text() == NAME and profile.unit.text() == UNIT
    screenshot(main, f"official-profile-{size}")
    qtbot.keyClick(profile.unit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main.pages.currentWidget() is main.home_page, timeout=10000)
    assert main.ctx.learner is not None and main.ctx.learner.full_name == NAME
    assert NAME in main.learner_label.text()
    screenshot(main, f"official-home-{size}")

    # -- a lesson from the course tree, read to its end and marked read -----------------------
    lesson_item = tree_item(main, "lesson", "mau-l1")
    with qtbot.waitSignal(main.lesson_view.shown, timeout=10000):
        click_tree_item(qtbot, main.tree, lesson_item)
    view = main.lesson_view
    qtbot.waitUntil(lambda: main.pages.currentWidget() is view, timeout=5000)
    assert view.lesson is not None and view.lesson.id == "mau-l1"
    assert "Cần, kiệm, liêm, chính" in view.browser.toPlainText()
    qtbot.mouseClick(view.browser.viewport(), Qt.MouseButton.LeftButton)
    bar = view.browser.verticalScrollBar()
    for _ in range(50):  # read page by page to the end
        if bar.value() == bar.maximum():
            break
        qtbot.keyClick(view.browser, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()
    screenshot(main, f"official-lesson-{size}")
    with qtbot.waitSignal(main.saved, timeout=10000):
        qtbot.mouseClick(view.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: tree_item(main, "lesson", "mau-l1").text(0).startswith("✓"), timeout=5000
    )

    # -- practice, answered by keys: letter, Enter checks, Enter goes on -----------------------
    qtbot.mouseClick(view.practice_button, Qt.MouseButton.LeftButton)
    practice = main.practice_view
    qtbot.waitUntil(lambda: main.pages.currentWidget() is practice, timeout=10000)
    first_practice_shot = True
    while main.pages.currentWidget() is practice:
        for key in answer_keys(main, practice.question):
            qtbot.keyClick(practice, key)
        with qtbot.waitSignal(practice.feedback_shown, timeout=10000) as judged:
            qtbot.keyClick(practice, Qt.Key.Key_Return)
        assert judged.args[0].correct, practice.question.feedback_text()
        if first_practice_shot:
            screenshot(main, f"official-practice-{size}")
            first_practice_shot = False
        if practice.index + 1 < len(practice.state.questions):
            qtbot.keyClick(practice, Qt.Key.Key_Return)
        else:
            with qtbot.waitSignal(main.quiz_finished, timeout=10000) as finished:
                qtbot.keyClick(practice, Qt.Key.Key_Return)
            assert finished.args[0].kind == "practice" and finished.args[0].score == 100.0
    assert main.pages.currentWidget() is main.result_view
    assert not main.result_view.certificate_button.isVisible()  # practice gives none

    # -- the timed final quiz, started by keyboard alone --------------------------------------
    qtbot.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(main.search_box.hasFocus, timeout=5000)
    qtbot.keyClick(main.search_box, Qt.Key.Key_Tab)
    qtbot.waitUntil(main.tree.hasFocus, timeout=5000)
    qtbot.keyClick(main.tree, Qt.Key.Key_End)
    assert main.tree.currentItem().data(0, ROLE_KIND) == "final"
    confirmed: list[str] = []

    def confirm(dialog: QWidget) -> bool:
        if not isinstance(dialog, QMessageBox):
            return False
        confirmed.append(dialog.text())
        screenshot(dialog, f"official-quiz-confirm-{size}")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter: "Yes", the default
        return True

    when_modal(confirm)
    qtbot.keyClick(main.tree, Qt.Key.Key_Return)
    assert confirmed, "the start of the quiz was not confirmed"
    qtbot.waitUntil(lambda: main.study_pages.quiz.on_screen(), timeout=10000)
    quiz = main.quiz_view
    # the closed message box hands the keyboard back to the window (the offscreen platform
    # needs telling, as a desktop does by itself)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=5000)
    assert quiz.state is not None and quiz.state.kind == "final"
    # Enter on the confirmation answered nothing and skipped nothing
    assert quiz.index == 0 and quiz.unanswered() == list(range(1, len(quiz.state.questions) + 1))
    assert quiz.countdown.isVisible() and quiz.countdown.text()
    assert not main.tree.isEnabled()  # no leaving a timed quiz through the tree

    # -- every question answered right, by keys; Enter moves on, then asks to submit -----------
    total = len(quiz.state.questions)
    for index in range(total):
        assert quiz.index == index
        for key in answer_keys(main, quiz.question):
            with qtbot.waitSignal(main.saved, timeout=10000):
                qtbot.keyClick(quiz, key)
        if index == 0:
            screenshot(main, f"official-quiz-{size}")
        qtbot.keyClick(quiz, Qt.Key.Key_Return)
    assert quiz.unanswered() == []
    box = quiz._confirm
    assert box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(main.quiz_finished, timeout=20000) as finished:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    state = finished.args[0]
    assert state.kind == "final" and state.passed and state.score == 100.0

    # -- the result shows she passed, and offers her certificate ------------------------------
    result = main.result_view
    qtbot.waitUntil(lambda: main.pages.currentWidget() is result, timeout=5000)
    assert result.headline.text().endswith("— ĐẠT")
    assert result.certificate_button.isVisible() and result.certificate_button.isEnabled()
    assert main.tree.isEnabled()
    screenshot(main, f"official-result-{size}")

    # -- her own certificate, in the preview HR uses; Save through the file dialog -------------
    with qtbot.waitSignal(main.certificates.opened, timeout=30000) as opened:
        qtbot.mouseClick(result.certificate_button, Qt.MouseButton.LeftButton)
    preview: CertificatePreview = opened.args[0]
    qtbot.waitUntil(lambda: preview._size is not None, timeout=10000)
    assert not preview.page_image().isNull()
    assert preview.note.isVisible()  # first run: says HR has not set the organisation up
    fit_to_screen(preview, (min(screen[0], 900), min(screen[1], 700)))
    screenshot(preview, f"official-certificate-{size}")
    target = tmp_path / "chứng nhận" / "giay-chung-nhan.pdf"
    target.parent.mkdir()
    answer_file_dialog(qtbot, target)
    with qtbot.waitSignal(preview.saved, timeout=20000) as saved:
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(target)]
    qtbot.mouseClick(preview.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.certificates.preview is None, timeout=5000)

    # -- the saved PDF: her name with its diacritics, and it verifies -------------------------
    text = pdf_text(target)
    assert NAME in text and UNIT in text, text
    number = re.search(r"Số:\s*(\S+)", text)
    assert number is not None, text
    assert main.ctx.db is not None
    registered = verify(main.ctx.db, number.group(1), data_dir=paths.data_dir)
    assert registered.status == REGISTERED and registered.fields is not None
    assert registered.fields.full_name == NAME
    scanned = qr_text(target, tmp_path)
    if scanned is not None:  # the signature itself, checked by the command line
        checked = cli_verify(paths.data_dir, scanned)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert NAME in checked.stdout and number.group(1) in checked.stdout

    # -- the progress page offers the same certificate ---------------------------------------
    main.activateWindow()  # back from the preview dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=5000)
    qtbot.keyClick(
        main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    progress = main.progress_page
    qtbot.waitUntil(lambda: main.pages.currentWidget() is progress, timeout=10000)
    assert progress.certificate_button.isEnabled()
    screenshot(main, f"official-progress-{size}")
    assert_fits(main, screen)
    main.close()
