"""The official's own certificate in the main window: offered on the final quiz's result and
the progress page once she passed, disabled with the reason before; it opens HR's preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from ethics_trainer.ui.hr.preview import CertificatePreview
from tests.ui.helpers import open_window, sign_in, take_final_quiz
from tests.window_helpers import screenshot


def test_no_certificate_before_passing_then_one_from_result_and_progress(
    qtbot, paths, monkeypatch
) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window, name="Lê Thị Ánh")

    failed = take_final_quiz(qtbot, window, monkeypatch, correct=False)
    assert failed.passed is False
    result = window.result_view
    assert result.certificate_button.isVisible() and not result.certificate_button.isEnabled()
    assert "đạt bài kiểm tra cuối khoá" in result.certificate_reason.text()
    assert result.certificate_reason.isVisible()
    window.resize(1024, 698)
    screenshot(window, "official-result-failed-1024x768")
    window.study.show_progress()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.progress_page, timeout=5000)
    progress = window.progress_page
    assert not progress.certificate_button.isEnabled()
    assert "đạt bài kiểm tra cuối khoá" in progress.certificate_reason.text()

    passed = take_final_quiz(qtbot, window, monkeypatch, correct=True)
    assert passed.passed is True
    assert window.certificates._prepared  # the PDF machinery loads while she reads the result
    assert result.certificate_button.isEnabled() and not result.certificate_reason.isVisible()
    # the GUI thread keeps running while the certificate is numbered, signed and drawn: a
    # 5 ms timer ticks in between (numbering, signing and drawing take far longer than that)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(window.certificates.opened, timeout=20000) as opened:
        qtbot.mouseClick(result.certificate_button, Qt.MouseButton.LeftButton)
    timer.stop()
    assert ticks, "the event loop was blocked while the certificate was made"
    preview: CertificatePreview = opened.args[0]
    assert preview.isVisible() and preview.pdf.startswith(b"%PDF")
    # first run: HR set nothing up, and the preview says what is printed instead
    assert preview.note.isVisible() and "Nhân sự" in preview.note.text()
    qtbot.mouseClick(preview.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.certificates.preview is None, timeout=5000)

    window.study.show_progress()
    qtbot.waitUntil(
        lambda: (
            window.pages.currentWidget() is progress and progress.certificate_button.isEnabled()
        ),
        timeout=5000,
    )
    assert progress.certificate_reason.text() == ""
    with qtbot.waitSignal(window.certificates.opened, timeout=20000) as opened:
        qtbot.mouseClick(progress.certificate_button, Qt.MouseButton.LeftButton)
    again: CertificatePreview = opened.args[0]
    assert again.default_name == preview.default_name == "giay-chung-nhan-le-thi-anh.pdf"
    again.close()

    # a failed retake does not take away the certificate of the earlier pass
    retake = take_final_quiz(qtbot, window, monkeypatch, correct=False)
    assert retake.passed is False
    qtbot.waitUntil(result.certificate_button.isEnabled, timeout=5000)
    assert not result.certificate_reason.isVisible()
    window.close()


def test_only_the_final_quiz_offers_a_certificate() -> None:
    from datetime import UTC, datetime

    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.ui.result_view import certificate_offer

    def state(kind: str, passed: bool | None) -> AttemptState:
        return AttemptState(
            id=1,
            learner_id=1,
            course_id="mau",
            lesson_id="",
            kind=kind,
            questions=[],
            answers={},
            started_at=datetime.now(UTC),
            deadline=None,
            submitted_at=None,
            pass_percent=80,
            passed=passed,
        )

    assert certificate_offer(state("practice", None)) is None
    assert certificate_offer(state("quiz", True)) is None
    assert certificate_offer(state("final", False)) is False
    assert certificate_offer(state("final", True)) is True
