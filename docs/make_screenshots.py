"""Regenerate the README's screenshots from the real app, at the office screens' sizes.

Our users have 1366×768 or 1024×768 screens, so every screen is taken at both, the window
sized as if maximised there (a 40 px taskbar and a 30 px title bar taken, as the journeys'
``fit_to_screen`` does), and saved as ``docs/screenshots/<screen>-<lang>-<WxH>.png``. Run it
under Xvfb, once per screen size, to see the app as a user would:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/make_screenshots.py --size 1366x768
    xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python docs/make_screenshots.py --size 1024x768

(Without ``--size`` it takes both sizes in one run; without a display it falls back to Qt's
offscreen platform.) It uses a throwaway data folder and a throwaway settings folder (the
user's own QSettings are never read or written), the bundled course, walks through the screens
in Vietnamese and English, and saves one PNG per screen, language and size. Home and progress
are taken after two quizzes (one with mistakes), so the score chart and the count of questions
due for review show real data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ethics_trainer import i18n
from ethics_trainer.paths import bundled_content_dir, resolve_paths
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.theme import load_fonts

OUT = Path(__file__).resolve().parent / "screenshots"
SIZES = ((1366, 768), (1024, 768))
TASKBAR, TITLE_BAR = 40, 30  # pixels a maximised window loses on a Windows office PC
EXTRA_SHOTS: list[Callable[[MainWindow, str], None]] = []
SUFFIX = ""  # "-1366x768" while that size is being taken


def study_shots(window: MainWindow, language: str) -> None:
    """Search, practice with feedback, and progress (the self-study screens)."""
    wait_until(lambda: window.search.ready)
    window.search_box.setText("qua tang" if language == "vi" else "dao duc cong vu")
    wait_until(
        lambda: window.pages.currentWidget() is window.search_page and bool(window.search_page.hits)
    )
    shot(window, f"search-{language}")
    window.search_box.clear()
    library = window.ctx.library
    assert library is not None
    lesson = next(le for c in library.courses for le in c.lessons if c.lesson_questions(le.id))
    window.study.start_practice(lesson.id)
    wait_until(lambda: window.pages.currentWidget() is window.practice_view)
    view = window.practice_view
    question = view.current_question
    wrong = next((i for i, o in enumerate(question.options) if o.weight <= 0), 0)
    view.choose_option(wrong)
    view.check_current()
    wait_until(lambda: question.id in view.judged)
    shot(window, f"practice-{language}")
    window.study.finish_practice()
    wait_until(lambda: window.pages.currentWidget() is window.result_view)
    window.study.show_progress()
    wait_until(lambda: window.pages.currentWidget() is window.progress_page)
    shot(window, f"progress-{language}")
    window.study.show_review()
    wait_until(lambda: window.pages.currentWidget() is window.review_page)
    shot(window, f"review-{language}")


EXTRA_SHOTS.append(study_shots)


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 15000) -> None:
    loop = QEventLoop()
    waited = 0
    while not predicate():
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50
        if waited > timeout_ms:
            raise TimeoutError("screen did not appear")


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shot(window: MainWindow, name: str) -> None:
    settle()
    OUT.mkdir(parents=True, exist_ok=True)
    file = f"{name}{SUFFIX}.png"
    window.grab().save(str(OUT / file))
    print(f"saved docs/screenshots/{file}")


def walk(app: QApplication, language: str, data: Path, size: tuple[int, int]) -> None:
    global SUFFIX
    SUFFIX = f"-{size[0]}x{size[1]}"
    i18n.set_language(language)
    paths = resolve_paths(data / f"{language}{SUFFIX}", None, bundled_content_dir())
    window = MainWindow(AppContext(paths=paths))
    window.show()
    window.resize(size[0], size[1] - TASKBAR - TITLE_BAR)
    window.move(0, 0)
    window.start()
    wait_until(lambda: window.pages.currentWidget() is window.profile_page)
    page = window.profile_page
    page.full_name.setText("Nguyễn Thị Lan")
    page.employee_code.setText("HN-0427")
    page.unit.setText("UBND phường Hoàn Kiếm")
    page.position.setText("Công chức Văn phòng – Thống kê")
    shot(window, f"profile-{language}")
    page.create_button.click()
    wait_until(lambda: window.pages.currentWidget() is window.home_page)
    library = window.ctx.library
    assert library is not None and library.courses
    course = library.courses[0]
    first, second = course.lessons[0], course.lessons[1]
    window.navigation.open_lesson(first.id)
    wait_until(lambda: window.pages.currentWidget() is window.lesson_view)
    window.lesson_view.read_button.click()
    settle(500)
    window.navigation.open_lesson(second.id)
    wait_until(
        lambda: window.lesson_view.lesson is not None and window.lesson_view.lesson.id == second.id
    )
    shot(window, f"reader-{language}")
    original = QMessageBox.question
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes  # type: ignore[assignment]
    try:
        window.quiz.start_final_quiz(course.id)
        wait_until(lambda: window.pages.currentWidget() is window.quiz_view)
    finally:
        QMessageBox.question = original  # type: ignore[assignment]
    view = window.quiz_view
    for index in range(min(6, len(view.state.questions))):  # type: ignore[union-attr]
        view.go_to(index)
        question = view.current_question
        options = question.options
        wanted = next(  # every third answer wrong, so some questions are due for review
            i for i, o in enumerate(options) if (o.weight <= 0 if index % 3 == 2 else o.correct)
        )
        view.choose_option(wanted)
        settle(50)
    view.go_to(2)
    view.question.flag.click()
    view.go_to(6)
    shot(window, f"quiz-{language}")
    window.quiz.submit_quiz("user")
    wait_until(lambda: window.pages.currentWidget() is window.result_view)
    shot(window, f"result-{language}")
    lesson_quiz_all_right(window, first.id)
    window.navigation.show_home()
    wait_until(
        lambda: (
            window.pages.currentWidget() is window.home_page and window.home_page.due_reviews > 0
        )
    )
    shot(window, f"home-{language}")
    for extra in EXTRA_SHOTS:
        extra(window, language)
    window.close()
    settle(200)


def lesson_quiz_all_right(window: MainWindow, lesson_id: str) -> None:
    """A second, passed quiz, so the score chart has a line rather than a lone point."""
    window.quiz.start_lesson_quiz(lesson_id)
    wait_until(lambda: window.pages.currentWidget() is window.quiz_view)
    view = window.quiz_view
    assert view.state is not None
    for index in range(len(view.state.questions)):
        view.go_to(index)
        for option, choice in enumerate(view.current_question.options):
            if choice.correct:
                view.choose_option(option)
        settle(50)
    window.quiz.submit_quiz("user")
    wait_until(lambda: window.pages.currentWidget() is window.result_view)


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, action="append", help="WxH, e.g. 1024x768")
    parser.add_argument("--lang", choices=("vi", "en"), action="append")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory(prefix="ethics-shots-") as data:
        # Settings (language, font size, theme) go to the throwaway folder too.
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(data) / "settings")
        )
        for size in args.size or SIZES:
            for language in args.lang or ("vi", "en"):
                walk(app, language, Path(data), size)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 can crash while collecting widgets
