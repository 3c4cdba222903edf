"""Start-up as the user meets it: the window paints before the database opens, a damaged
database is met with an offer of the newest good backup, backups run on a timer, and a quiz
runs on a steady clock that ignores jumps of the computer's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ethics_trainer.clock import SystemClock
from ethics_trainer.paths import resolve_paths
from ethics_trainer.services import learners
from ethics_trainer.storage.backup import backup_database, list_backups
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow


def make_window(qtbot, paths, clock=None) -> MainWindow:
    window = MainWindow(AppContext(paths=paths, clock=clock or SystemClock()))
    qtbot.addWidget(window)
    window.show()
    return window


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0:100] = b"\x00" * 100  # the SQLite header is gone
    path.write_bytes(bytes(data))


def seeded_database(paths) -> Path:
    db = open_database(paths.database_url)
    learners.create_learner(db, full_name="Nguyễn Thị Thu Hương", unit="Sở Tư pháp")
    db.dispose()
    db_path = paths.sqlite_path
    assert db_path is not None
    return db_path


def test_window_paints_before_the_database_opens(qtbot, paths) -> None:
    window = make_window(qtbot, paths)
    seen: list[object] = []
    window.painted_with_library.connect(lambda: seen.append(window.ctx.db))
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    assert seen == [None], "the library was painted before the database was opened"
    assert window.ctx.db is not None
    window.close()


def test_damaged_database_offers_the_newest_backup(qtbot, paths) -> None:
    db_path = seeded_database(paths)
    backup_database(db_path, paths.backup_dir, now=datetime.now(UTC) - timedelta(hours=2))
    damage(db_path)
    window = make_window(qtbot, paths)
    window.start()
    qtbot.waitUntil(lambda: window.startup.restore_box is not None, timeout=20000)
    box = window.startup.restore_box
    assert box.windowTitle() == "Cơ sở dữ liệu bị hỏng"
    restore = next(b for b in box.buttons() if b.text() == "Khôi phục bản sao lưu mới nhất")
    with qtbot.waitSignal(window.ready, timeout=20000):
        restore.click()
    names = [
        item.text()
        for item in map(window.profile_page.list.item, range(window.profile_page.list.count()))
    ]
    assert any("Nguyễn Thị Thu Hương" in name for name in names)
    damaged = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name]
    assert damaged, "the damaged file is kept aside, never deleted"
    window.close()


def test_damaged_database_without_backup_can_start_fresh(qtbot, paths) -> None:
    db_path = seeded_database(paths)
    damage(db_path)
    window = make_window(qtbot, paths)
    window.start()
    qtbot.waitUntil(lambda: window.startup.restore_box is not None, timeout=20000)
    texts = [b.text() for b in window.startup.restore_box.buttons()]
    assert "Khôi phục bản sao lưu mới nhất" not in texts
    fresh = next(b for b in window.startup.restore_box.buttons() if b.text().startswith("Bắt đầu"))
    with qtbot.waitSignal(window.ready, timeout=20000):
        fresh.click()
    assert window.profile_page.list.count() == 0
    assert any(".damaged-" in p.name for p in db_path.parent.iterdir())
    window.close()


def test_backups_run_on_a_timer(qtbot, paths) -> None:
    window = make_window(qtbot, paths)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    timer = window.startup.backup_timer
    assert timer is not None and timer.isActive()
    assert timer.interval() == 30 * 60 * 1000
    before = len(list_backups(paths.backup_dir))
    for backup in list_backups(paths.backup_dir):
        backup.path.unlink()  # no recent copy: the timer must make one
    timer.timeout.emit()
    qtbot.waitUntil(lambda: len(list_backups(paths.backup_dir)) == 1, timeout=10000)
    assert before <= 1
    window.close()


class JumpingClock(SystemClock):
    """The computer's clock, which the user (or a bad NTP sync) can move."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return super().now() + self.offset


def test_clock_jump_neither_grants_nor_steals_time(
    qtbot, tmp_path: Path, sample_content, monkeypatch
) -> None:
    paths = resolve_paths(tmp_path / "d", f"sqlite:///{tmp_path / 'j.db'}", sample_content)
    clock = JumpingClock()
    window = make_window(qtbot, paths, clock)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    window.profile_page.full_name.setText("Phạm Quang Huy")
    window.profile_page.create_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=10000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=10000)
    view = window.quiz_view
    left_before = view.seconds_left()
    clock.offset = timedelta(hours=1)  # the wall clock jumps past the deadline
    view.tick()
    assert abs(view.seconds_left() - left_before) < 5
    assert window.pages.currentWidget() is window.quiz_view
    question = view.current_question
    with qtbot.waitSignal(window.saved, timeout=5000):
        view.choose_option(0)
    assert window.pages.currentWidget() is window.quiz_view, (
        "the answer was accepted, not timed out"
    )
    clock.offset = -timedelta(hours=1)
    view.tick()
    assert abs(view.seconds_left() - left_before) < 5
    assert view.answers[question.id].answered
    window.close()


def test_an_answer_whose_save_failed_is_written_before_submitting(
    qtbot, paths, monkeypatch
) -> None:
    """The server was away when the learner answered: the answer is kept on screen, the error
    shown, and it goes in before the quiz is scored."""
    from ethics_trainer.clock import FixedClock
    from ethics_trainer.errors import DatabaseUnavailable
    from ethics_trainer.services import attempts

    window = make_window(qtbot, paths, FixedClock())
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    window.profile_page.full_name.setText("Vũ Thị Mai")
    window.profile_page.create_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=10000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=10000)
    view = window.quiz_view
    question = view.current_question
    right = next(i for i, o in enumerate(question.options) if o.correct)
    real_save = attempts.save_answer
    calls: list[str] = []

    def server_away(*args, **kwargs):
        calls.append("away")
        raise DatabaseUnavailable("Không kết nối được cơ sở dữ liệu.")

    monkeypatch.setattr(attempts, "save_answer", server_away)
    view.choose_option(right)
    qtbot.waitUntil(
        lambda: calls == ["away"] and question.id in window.quiz.unsaved_answers, timeout=5000
    )
    monkeypatch.setattr(attempts, "save_answer", real_save)
    with qtbot.waitSignal(window.quiz_finished, timeout=10000) as finished:
        window.quiz.submit_quiz("user")
    state = finished.args[0]
    assert state.answers[question.id].selected, "the unsaved answer was written before scoring"
    assert window.quiz.unsaved_answers == {}
    window.close()
