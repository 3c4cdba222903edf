"""The proctor console and the password dialog never wait for the database on the GUI thread,
and the console shows the server's time whatever the proctor PC's clock says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from ethics_trainer.clock import SYSTEM_CLOCK, FixedClock
from ethics_trainer.exams import live_roster, passwords, server_time, sessions
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.server_time import OffsetClock, RoomClock
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.exams.password_dialog import PasswordDialog
from ethics_trainer.ui.exams.proctor import ProctorWindow
from ethics_trainer.ui.exams.room_table import TIME_LEFT_COLUMN

from .helpers import make_exam


class HangingDatabase:
    """Watches every database call: which thread made it, and holds it while ``up`` is clear."""

    def __init__(self, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        self.gui = threading.current_thread()
        self.threads: list[threading.Thread] = []
        self.up = threading.Event()
        self.up.set()
        self.waiting = threading.Event()  # a call is held right now
        original_session, original_transaction = db.session, db.transaction

        def hold() -> None:
            self.threads.append(threading.current_thread())
            if not self.up.is_set():
                self.waiting.set()
                assert self.up.wait(10), "the test never released the database"

        @contextmanager
        def session() -> Iterator[object]:
            hold()
            with original_session() as s:
                yield s

        @contextmanager
        def transaction() -> Iterator[object]:
            hold()
            with original_transaction() as c:
                yield c

        monkeypatch.setattr(db, "session", session)
        monkeypatch.setattr(db, "transaction", transaction)

    @property
    def on_gui_thread(self) -> bool:
        return any(t is self.gui for t in self.threads)


def console(qtbot, db, setup, **kwargs) -> ProctorWindow:  # type: ignore[no-untyped-def]
    proctor = ProctorWindow(db, setup.library, **kwargs)
    qtbot.addWidget(proctor)
    proctor.tick.setInterval(100)  # the same timers, faster, so the suite stays quick
    proctor.timer.setInterval(250)
    with qtbot.waitSignal(proctor.refreshed, timeout=5000):
        pass  # sessions and the first list come from the background
    return proctor


def start(db, setup, index: int, clock, tmp_path: Path) -> CandidateClient:  # type: ignore[no-untyped-def]
    client = CandidateClient(
        db,
        setup.candidates[index].id,
        f"pc-{index}",
        AnswerJournal.in_folder(tmp_path / f"pc-{index}"),
        clock=clock,
    )
    client.check_in(setup.session.code)
    client.start(setup.library)
    return client


def test_console_keeps_painting_while_the_database_hangs(
    db, sample_content, tmp_path: Path, qtbot, monkeypatch
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    start(db, setup, 0, clock, tmp_path)
    watch = HangingDatabase(db, monkeypatch)
    proctor = console(qtbot, db, setup, clock=clock, export_dir=tmp_path)
    proctor.timer.stop()  # refreshes by hand below, so their count is exact
    qtbot.waitUntil(lambda: not proctor.tasks.busy, timeout=5000)
    an = next(r for r in proctor.rows if r.full_name == "Nguyễn Văn An")
    assert proctor.table.item(0, TIME_LEFT_COLUMN).text() == "20:00"

    calls: list[int] = []
    real_get_session = sessions.get_session
    monkeypatch.setattr(
        sessions, "get_session", lambda *a, **k: calls.append(1) or real_get_session(*a, **k)
    )
    watch.up.clear()  # the server stops answering
    proctor.refresh()
    assert watch.waiting.wait(5)
    for _ in range(5):
        proctor.refresh()  # asked again and again: queued once, never run alongside
    proctor.room_actions.grant_extra_time(an.id, 5, "máy treo")
    assert not proctor.busy_bar.isHidden() and "máy chủ" in proctor.activity.text()

    # the GUI thread is free: the second tick repaints the time left, a tab switch works
    clock.advance(60)
    with qtbot.waitSignal(proctor.ticked, timeout=3000):
        pass
    assert proctor.table.item(0, TIME_LEFT_COLUMN).text() == "19:00"
    qtbot.mouseClick(proctor.tabs.tabBar(), Qt.MouseButton.LeftButton)
    proctor.tabs.setCurrentIndex(1)
    assert proctor.tabs.currentIndex() == 1
    proctor.tabs.setCurrentIndex(0)
    assert proctor.tasks.busy and calls == [1]

    with qtbot.waitSignal(proctor.room_actions.action_done, timeout=5000) as done:
        watch.up.set()  # the server is back: the console catches up
    assert done.args[0] == "extra_time"
    qtbot.waitUntil(lambda: not proctor.tasks.busy, timeout=5000)
    assert proctor.table.item(0, TIME_LEFT_COLUMN).text() == "24:00"
    assert proctor.busy_bar.isHidden()
    # the held refresh, one follow-up for the five asks, one after the extra time
    assert len(calls) == 3
    assert not watch.on_gui_thread


def test_password_dialog_checks_off_the_gui_thread(db, qtbot, monkeypatch) -> None:
    passwords.set_password(db, "proctor", "giam-thi-1")
    gui = threading.current_thread()
    seen: list[threading.Thread] = []
    server_up = threading.Event()
    real_has, real_verify = passwords.has_password, passwords.verify_password

    def has_password(*args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread())
        return real_has(*args, **kwargs)

    def verify_password(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread())
        assert server_up.wait(10)
        real_verify(*args, **kwargs)

    monkeypatch.setattr(passwords, "has_password", has_password)
    monkeypatch.setattr(passwords, "verify_password", verify_password)
    dialog = PasswordDialog(db, "proctor")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.ready, timeout=5000):
        pass
    dialog.password.setText("giam-thi-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # the server is slow: the dialog stays open and busy, and the GUI thread goes on
    assert dialog.busy and not dialog.busy_bar.isHidden() and not dialog.ok_button.isEnabled()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=3000)
    timer.stop()
    assert dialog.isVisible() and dialog.result() != PasswordDialog.DialogCode.Accepted
    with qtbot.waitSignal(dialog.checked, timeout=5000) as answer:
        server_up.set()
    assert answer.args == [True] and dialog.result() == PasswordDialog.DialogCode.Accepted
    assert len(seen) == 2 and gui not in seen  # has_password, then verify_password


def test_candidate_close_check_runs_in_the_background(
    db, sample_content, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """Closing the candidate screen goes through the real dialog; its check is off the GUI."""
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    passwords.set_password(db, "proctor", "giam-thi-1")
    gui = threading.current_thread()
    seen: list[bool] = []
    real_verify = passwords.verify_password

    def verify_password(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread() is gui)
        real_verify(*args, **kwargs)

    monkeypatch.setattr(passwords, "verify_password", verify_password)
    window = CandidateWindow(db, setup.library, tmp_path / "pc", clock=clock, machine="pc")
    qtbot.addWidget(window)
    window.show()
    typed: list[str] = []

    def answer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PasswordDialog) or dialog.first_use is None or dialog.busy:
            QTimer.singleShot(20, answer_dialog)
            return
        text = "sai-roi" if not typed else "giam-thi-1"
        typed.append(text)
        dialog.password.setText(text)
        dialog.try_accept()
        if text == "sai-roi":
            QTimer.singleShot(20, answer_dialog)  # wrong: the dialog stays, try again

    QTimer.singleShot(0, answer_dialog)
    window.close()
    assert not window.isVisible() and typed == ["sai-roi", "giam-thi-1"]
    assert seen == [False, False]


def test_room_clock_follows_the_server_not_the_pc(db, monkeypatch) -> None:
    server = FixedClock()
    monkeypatch.setattr(server_time, "read_server_time", lambda _db: server.now())
    wrong = OffsetClock(server, timedelta(hours=2))
    clock = RoomClock(db, wrong)
    assert not clock.synced and clock.now() == wrong.now()  # nothing measured yet
    clock.sync()
    assert abs(clock.now() - server.now()) < timedelta(seconds=1)
    server.advance(90)
    assert abs(clock.now() - server.now()) < timedelta(seconds=1)
    steady = RoomClock(db)  # the system clock is wrapped in a steady clock
    assert steady.base is not SYSTEM_CLOCK


def test_console_on_a_pc_two_hours_ahead_uses_the_server_time(
    db, sample_content, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """SQLite with a stand-in server clock: time left, expiry and the end on the server's time."""
    server = FixedClock()
    monkeypatch.setattr(server_time, "read_server_time", lambda _db: server.now())
    setup = make_exam(db, sample_content, server)
    start(db, setup, 0, server, tmp_path)
    proctor = console(
        qtbot, db, setup, clock=OffsetClock(server, timedelta(hours=2)), export_dir=tmp_path
    )
    row = proctor.rows[0]
    assert row.status == live_roster.STATUS_IN_PROGRESS  # not submitted as "time is up"
    assert proctor.table.item(0, TIME_LEFT_COLUMN).text() in ("20:00", "19:59")
    server.advance(5 * 60)
    with qtbot.waitSignal(proctor.ticked, timeout=3000):
        pass
    assert proctor.table.item(0, TIME_LEFT_COLUMN).text() in ("15:00", "14:59")

    with qtbot.waitSignal(proctor.room_actions.action_done, timeout=5000) as done:
        proctor.room_actions.end_session()
    assert done.args == ["end_session", 1]
    ended = live_roster.roster(db, setup.session.id)[0]
    assert abs(ended.submitted_at - server.now()) < timedelta(seconds=2)
    assert abs(sessions.get_session(db, setup.session.id).ended_at - server.now()) < timedelta(
        seconds=2
    )


@pytest.mark.postgres
def test_console_with_a_pc_clock_two_hours_ahead_on_postgres(
    postgres_url: str, sample_content, tmp_path: Path, qtbot
) -> None:
    from ethics_trainer.exams.server_time import room_clock
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        setup = make_exam(db, sample_content, SYSTEM_CLOCK)
        start(db, setup, 0, room_clock(db), tmp_path)
        proctor = console(
            qtbot,
            db,
            setup,
            clock=OffsetClock(SYSTEM_CLOCK, timedelta(hours=2)),
            export_dir=tmp_path,
        )
        assert abs(proctor.clock.offset + timedelta(hours=2)) < timedelta(seconds=5)
        assert proctor.rows[0].status == live_roster.STATUS_IN_PROGRESS
        minutes, _seconds = proctor.table.item(0, TIME_LEFT_COLUMN).text().split(":")
        assert minutes in ("19", "20")
        proctor.close()
    finally:
        db.dispose()


@pytest.mark.postgres
def test_console_shows_reconnecting_and_recovers(
    postgres_server, postgres_url: str, sample_content, tmp_path: Path, qtbot
) -> None:
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        setup = make_exam(db, sample_content, SYSTEM_CLOCK)
        proctor = console(qtbot, db, setup, export_dir=tmp_path)
        assert proctor.banner.isHidden()
        postgres_server.stop()
        try:
            with qtbot.waitSignal(proctor.connection_changed, timeout=10000) as lost:
                pass  # the console's own timer notices
            assert lost.args == [False]
            assert "Đang kết nối lại" in proctor.banner.text() and not proctor.banner.isHidden()
            with qtbot.waitSignal(proctor.ticked, timeout=3000):
                pass  # still painting
            with qtbot.waitSignal(proctor.room_actions.action_failed, timeout=10000) as failed:
                proctor.room_actions.add_incident("Mất mạng")
            assert "chưa được thực hiện" in failed.args[1]
            qtbot.waitUntil(lambda: not proctor.tasks.busy, timeout=10000)
            # a console opened while the server is down waits for it too
            late = ProctorWindow(db, setup.library, export_dir=tmp_path)
            qtbot.addWidget(late)
            late.timer.setInterval(250)
            with qtbot.waitSignal(late.connection_changed, timeout=10000):
                pass
            assert not late.banner.isHidden() and late.session_id is None
        finally:
            postgres_server.start()
        with qtbot.waitSignal(proctor.connection_changed, timeout=15000) as back:
            pass  # and keeps trying until the server answers
        assert back.args == [True] and proctor.banner.isHidden()
        assert len(proctor.rows) == 3  # painted by the refresh that found the server
        qtbot.waitUntil(lambda: len(late.rows) == 3 and late.banner.isHidden(), timeout=10000)
        assert late.session_id == setup.session.id
        late.close()
        proctor.close()
    finally:
        db.dispose()


def test_menu_sets_a_password_in_the_background(db, qtbot, monkeypatch) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QInputDialog, QMainWindow

    from ethics_trainer.ui.exams import menu

    window = QMainWindow()
    qtbot.addWidget(window)
    window.ctx = SimpleNamespace(db=db, library=object())
    monkeypatch.setattr(menu, "ask_password", lambda *_a, **_k: True)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("proctor", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("giam-thi-9", True))
    gui = threading.current_thread()
    seen: list[bool] = []
    real_set = passwords.set_password

    def set_password(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread() is gui)
        real_set(*args, **kwargs)

    monkeypatch.setattr(passwords, "set_password", set_password)
    menu.install(window)
    (exam_menu,) = [a.menu() for a in window.menuBar().actions() if a.menu()]
    exam_menu.actions()[3].trigger()
    with qtbot.waitSignal(window._exam_tasks.idle, timeout=5000):
        pass
    assert seen == [False] and "proctor" in window.statusBar().currentMessage()
    passwords.verify_password(db, "proctor", "giam-thi-9")
