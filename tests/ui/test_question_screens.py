"""The one question widget on the real screens: long options wrap at 1024 px, letters and
keys A–F answer, titles and stems go through our safe renderer, and the candidate screen's
reconnect banner never moves an option away from the pointer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ethics_trainer.clock import FixedClock
from ethics_trainer.quiz.snapshot import OptionSnapshot, QuestionSnapshot
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.quiz_view import QuizView
from ethics_trainer.ui.theme import style_sheet
from tests.exams.helpers import correct_keys, make_exam
from tests.ui.helpers import open_window, sign_in, yes_to_questions

LONG = (
    "Công chức phải thực hiện đầy đủ, đúng đắn các quy định về đạo đức công vụ, văn hoá "
    "giao tiếp nơi công sở, tôn trọng nhân dân, tận tụy phục vụ nhân dân, giữ gìn bí mật "
    "nhà nước, không lợi dụng chức vụ quyền hạn để vụ lợi, không hách dịch, cửa quyền, "
    "gây khó khăn, phiền hà cho người dân khi thi hành công vụ trong mọi hoàn cảnh"
)
SIX_OPTIONS = f"""## Sáu phương án <i>in nghiêng</i>

Chọn phương án thứ năm. ![logo](http://example.com/logo.png)

- [ ] {LONG}
- [ ] Phương án B
- [ ] Phương án C
- [ ] Phương án D
- [x] Phương án E
- [ ] Phương án F

**Giải thích:** Thử phím E.

**Mã:** mau-q1
"""


def with_six_options(content: Path) -> Path:
    """The sample bank with its first question replaced by a six-option one."""
    bank = content / "mau" / "questions" / "01-cau-hoi.md"
    text = bank.read_text(encoding="utf-8")
    start = text.index("## Phẩm chất cốt lõi")
    end = text.index("## Nhiều đáp án")
    bank.write_text(text[:start] + SIX_OPTIONS + "\n" + text[end:], encoding="utf-8")
    return content


def six_option_question() -> QuestionSnapshot:
    options = [LONG, "Phương án B", "Phương án C", "Phương án D", "Phương án E", "Phương án F"]
    return QuestionSnapshot(
        id="q1",
        title="Sáu phương án <i>in nghiêng</i>",
        stem="Chọn phương án thứ năm. ![logo](http://example.com/logo.png)",
        kind="single",
        explanation="",
        source="",
        lesson_id="",
        options=tuple(
            OptionSnapshot(key=f"k{i}", text=text, correct=i == 4, weight=1.0 if i == 4 else 0.0)
            for i, text in enumerate(options)
        ),
    )


def quiz_state(question: QuestionSnapshot) -> AttemptState:
    return AttemptState(
        id=1,
        learner_id=1,
        course_id="mau",
        lesson_id="",
        kind="quiz",
        questions=[question, replace(question, id="q2")],
        answers={},
        started_at=datetime(2026, 11, 24, 8, tzinfo=UTC),
        deadline=None,
        submitted_at=None,
        pass_percent=60,
    )


def assert_wraps(root: QWidget, scroll_owner) -> None:  # type: ignore[no-untyped-def]
    """No sideways scroll bar; every option's text fits inside the visible width."""
    scroll = scroll_owner.scroll_area
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.horizontalScrollBar().maximum() == 0
    viewport = scroll.viewport()
    right_edge = viewport.mapTo(root, QPoint(viewport.width(), 0)).x()
    for row in scroll_owner.rows:
        label = row.label
        assert label.mapTo(root, QPoint(label.width(), 0)).x() <= right_edge
        assert label.height() >= label.heightForWidth(label.width())  # no line cut off


# -- the quiz view ---------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_quiz_long_option_wraps_without_horizontal_scroll(qtbot, size) -> None:
    view = QuizView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    view.start(quiz_state(six_option_question()), "Bài kiểm tra")
    qtbot.waitUntil(lambda: view.question.rows[0].label.isVisible(), timeout=2000)
    QApplication.processEvents()
    assert_wraps(view, view.question)
    assert view.question.rows[0].label.height() >= 2 * view.fontMetrics().height()  # wrapped


def test_quiz_letter_e_answers_the_fifth_option(qtbot) -> None:
    view = QuizView()
    qtbot.addWidget(view)
    view.show()
    view.start(quiz_state(six_option_question()), "Bài kiểm tra")
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    with qtbot.waitSignal(view.answer_changed, timeout=2000) as changed:
        QTest.keyClick(view, Qt.Key.Key_E)
    assert changed.args == ["q1", ["k4"]]
    letters = [row.button.text() for row in view.question.rows]
    assert letters == ["A", "B", "C", "D", "E", "F"]
    with qtbot.waitSignal(view.answer_changed, timeout=2000) as changed:
        QTest.keyClick(view, Qt.Key.Key_F)  # F is option F now; Ctrl+D flags
    assert changed.args == ["q1", ["k5"]]
    with qtbot.waitSignal(view.flag_changed, timeout=2000) as flagged:
        QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert flagged.args == ["q1", True]
    with qtbot.waitSignal(view.answer_changed, timeout=2000) as changed:
        QTest.keyClick(view, Qt.Key.Key_Up)
    assert changed.args == ["q1", ["k4"]]


def test_quiz_title_is_escaped_and_stem_has_no_remote_image(qtbot) -> None:
    view = QuizView()
    qtbot.addWidget(view)
    view.show()
    view.start(quiz_state(six_option_question()), "Bài kiểm tra")
    assert "&lt;i&gt;in nghiêng&lt;/i&gt;" in view.question.heading.text()
    assert "http://example.com" not in view.question.stem.text()
    assert "[logo]" in view.question.stem.text()


def test_held_keys_do_not_repeat_into_the_quiz(qtbot) -> None:
    """A held Enter that confirmed the start must not also skip or answer question 1: no
    key of the quiz screen acts on auto-repeat."""
    view = QuizView()
    qtbot.addWidget(view)
    shortcuts = view.findChildren(QShortcut)
    enter = [s for s in shortcuts if s.key() == QKeySequence(Qt.Key.Key_Return)]
    letters = [s for s in shortcuts if s.key() == QKeySequence("A")]
    assert enter and letters
    assert not any(s.autoRepeat() for s in shortcuts)


def test_enter_in_any_profile_field_creates_the_profile(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    page = window.profile_page
    page.full_name.setText("Nguyễn Văn An")
    page.unit.setText("UBND phường Ba Đình")
    QTest.keyClick(page.unit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=10000)
    window.close()


def test_main_window_quiz_fits_1024(qtbot, paths, monkeypatch) -> None:
    with_six_options(paths.content_dir)
    window = open_window(qtbot, paths)
    window.resize(1024, 768)
    sign_in(qtbot, window)
    yes_to_questions(monkeypatch)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    view = window.quiz_view
    for index, question in enumerate(view.state.questions):
        if question.id == "mau-q1":
            view.go_to(index)
    QApplication.processEvents()
    assert window.width() <= 1024
    assert_wraps(window, view.question)
    window.close()


# -- the candidate screen --------------------------------------------------------------------
@pytest.fixture
def exam_pc(db, sample_content, tmp_path, qtbot):
    clock = FixedClock()
    setup = make_exam(db, with_six_options(sample_content), clock)

    def pc(name: str = "pc-1") -> CandidateWindow:
        window = CandidateWindow(db, setup.library, tmp_path / name, clock=clock, machine=name)
        qtbot.addWidget(window)
        window.allow_close()
        window.resize(1024, 768)
        window.show()
        with qtbot.waitSignal(window.tasks.idle, timeout=5000):
            window.sign_in_page.reload_names()
        return window

    return setup, pc


def candidate_sign_in(qtbot, window: CandidateWindow, code: str) -> None:
    window.names.setCurrentIndex(
        window.names.findText("Nguyễn Văn An", Qt.MatchFlag.MatchStartsWith)
    )
    window.code.setText(code.lower())
    with qtbot.waitSignal(window.exam_started, timeout=5000):
        QTest.keyClick(window.code, Qt.Key.Key_Return)  # Enter signs in


def go_to_six_options(window: CandidateWindow) -> None:
    assert window.state is not None
    for index, question in enumerate(window.state.questions):
        if question.id == "mau-q1":
            window.go(index)


def test_candidate_sign_in_has_no_preselected_name_and_enter_signs_in(qtbot, exam_pc) -> None:
    setup, pc = exam_pc
    window = pc()
    assert window.names.count() == 3
    assert window.names.currentIndex() == -1  # nobody chosen for the candidate
    window.code.setText(setup.session.code.lower())
    QTest.keyClick(window.code, Qt.Key.Key_Return)
    assert "chọn" in window.sign_in_message.text().lower()  # asked to pick a name first
    candidate_sign_in(qtbot, window, setup.session.code)
    assert window.pages.currentIndex() == 1


def test_candidate_letters_keys_font_and_wrapping(qtbot, exam_pc) -> None:
    setup, pc = exam_pc
    window = pc()
    candidate_sign_in(qtbot, window, setup.session.code)
    go_to_six_options(window)
    question = window.question
    assert [row.button.text() for row in question.rows] == ["A", "B", "C", "D", "E", "F"]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(style_sheet(app.font().pointSize()))  # as the app runs it
    try:
        QApplication.processEvents()
        for widget in (question.rows[0].label, question.heading, window.code, window.who):
            assert widget.fontInfo().pointSizeF() >= 14, widget.objectName()
    finally:
        app.setStyleSheet(before)
    assert "&lt;i&gt;" in question.heading.text()
    assert "http://example.com" not in question.stem.text() + question.heading.text()
    QApplication.processEvents()
    assert_wraps(window, question)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(window.answer_saved, timeout=3000):
        QTest.keyClick(window, Qt.Key.Key_E)
    assert question.selected_keys() == [question.rows[4].key]
    with qtbot.waitSignal(window.answer_saved, timeout=3000):
        QTest.keyClick(window, Qt.Key.Key_2)
    assert question.selected_keys() == [question.rows[1].key]


def test_reconnect_banner_does_not_move_the_options(qtbot, exam_pc) -> None:
    """A click aimed at an option while "reconnecting" appears still selects that option."""
    setup, pc = exam_pc
    window = pc()
    candidate_sign_in(qtbot, window, setup.session.code)
    go_to_six_options(window)
    QApplication.processEvents()
    target = window.question.rows[2]
    aim = target.label.mapTo(window, target.label.rect().center())
    window.set_online(False)  # the banner shows as the candidate clicks
    assert window.banner_showing
    QApplication.processEvents()
    hit = window.childAt(aim)
    assert hit is not None
    with qtbot.waitSignal(window.answer_saved, timeout=3000):
        QTest.mouseClick(hit, Qt.MouseButton.LeftButton, pos=hit.mapFrom(window, aim))
    assert window.question.selected_keys() == [target.key]


def test_candidate_result_says_passed(qtbot, exam_pc) -> None:
    setup, pc = exam_pc
    window = pc()
    candidate_sign_in(qtbot, window, setup.session.code)
    assert window.state is not None
    for index, question in enumerate(window.state.questions):
        window.go(index)
        window.choose(correct_keys(question))
    with qtbot.waitSignal(window.submitted, timeout=5000):
        window.submit_now()
    assert "ĐẠT" in window.result_label.text() and "CHƯA ĐẠT" not in window.result_label.text()


def test_starting_a_quiz_keeps_the_window_active(qtbot, paths, monkeypatch) -> None:
    """Building the question widget must not open a stray window that takes the focus
    (the flag box was shown before it had a parent)."""
    window = open_window(qtbot, paths)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    sign_in(qtbot, window)
    yes_to_questions(monkeypatch)
    # windows other tests left open are not this test's business: only new ones count
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    assert QApplication.activeWindow() is window
    stray = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w is not window and id(w) not in before
    ]
    assert stray == []
    window.quiz_view.stop()
    window.close()
