"""The real proctor console and candidate screens, driven with pytest-qt on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import events, live_roster, passwords
from ethics_trainer.ui.exams import lock_down as lock_down_module
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.exams.password_dialog import PasswordDialog
from ethics_trainer.ui.exams.proctor import ProctorWindow
from tests.journeys.steps import top_level

from .helpers import correct_keys, make_exam


@pytest.fixture
def room(db, sample_content, tmp_path, qtbot):
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    proctor = ProctorWindow(db, setup.library, clock=clock, export_dir=tmp_path)
    qtbot.addWidget(proctor)
    with qtbot.waitSignal(proctor.refreshed, timeout=30000):
        pass  # the sessions and the first list are read in the background

    def pc(name: str) -> CandidateWindow:
        window = CandidateWindow(db, setup.library, tmp_path / name, clock=clock, machine=name)
        qtbot.addWidget(window)
        window.allow_close()
        return window

    return setup, clock, proctor, pc


def settle(qtbot, window: CandidateWindow) -> None:
    """Poll the server and wait until every background call of the window came back."""
    with qtbot.waitSignal(window.tasks.idle, timeout=30000):
        window.refresh()


def act(qtbot, proctor: ProctorWindow, call):  # type: ignore[no-untyped-def]
    """Run a console action (it returns at once) and wait for it and the refresh after it."""
    got: list[object] = []

    def keep(_name: str, result: object) -> None:
        got.append(result)

    proctor.room_actions.action_done.connect(keep)
    try:
        with qtbot.waitSignal(proctor.tasks.idle, timeout=30000):
            call()
    finally:
        proctor.room_actions.action_done.disconnect(keep)
    assert got, "the action did not succeed"
    return got[-1]


def refresh_console(qtbot, proctor: ProctorWindow) -> None:
    """Ask for a refresh and wait until the list painted from it is on screen."""
    with qtbot.waitSignal(proctor.tasks.idle, timeout=30000):
        proctor.refresh()


def sign_in(qtbot, window: CandidateWindow, name: str, code: str) -> None:
    with qtbot.waitSignal(window.tasks.idle, timeout=30000):
        window.sign_in_page.reload_names()
    window.names.setCurrentIndex(window.names.findText(name, Qt.MatchFlag.MatchStartsWith))
    window.code.setText(code.lower())
    with qtbot.waitSignal(window.exam_started, timeout=30000):
        qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)


def test_candidate_and_proctor_flow(room, qtbot, tmp_path: Path) -> None:
    setup, _clock, proctor, pc = room
    an = pc("pc-1")
    window_binh = pc("pc-2")
    sign_in(qtbot, an, "Nguyễn Văn An", setup.session.code)
    sign_in(qtbot, window_binh, "Trần Thị Bình", setup.session.code)
    assert an.state is not None and len(an.nav_buttons) == 4

    first = an.state.questions[0]
    with qtbot.waitSignal(an.answer_saved, timeout=30000) as saved:
        an.choose(correct_keys(first))
    assert saved.args == [first.id]
    assert an.nav_buttons[0].property("answered") is True
    assert an.nav_buttons[1].property("answered") is False
    an.flag_box.setChecked(True)
    assert an.nav_buttons[0].property("flagged") is True  # at once, from this PC
    settle(qtbot, an)
    assert an.state.answers[first.id].flagged  # and on the server

    # the console's timer picks the answer up from the database
    with qtbot.waitSignal(proctor.refreshed, timeout=30000):
        pass
    rows = {r.full_name: r for r in proctor.rows}
    assert rows["Nguyễn Văn An"].answered == 1 and rows["Nguyễn Văn An"].status == "in_progress"
    assert proctor.table.rowCount() == 3
    assert "1/4" in [proctor.table.item(0, c).text() for c in range(proctor.table.columnCount())]

    # extra time reaches the candidate's countdown on its next poll
    before = an.state.deadline
    act(
        qtbot,
        proctor,
        lambda: proctor.room_actions.grant_extra_time(rows["Nguyễn Văn An"].id, 10, "máy treo"),
    )
    settle(qtbot, an)
    assert an.state.deadline == before + timedelta(minutes=10)
    an.on_tick()
    assert an.countdown.text() == "30:00"

    # lock: answering is disabled until unlocked
    act(qtbot, proctor, lambda: proctor.room_actions.set_locked(rows["Nguyễn Văn An"].id, True))
    settle(qtbot, an)
    assert not an.lock_label.isHidden() and not an.option_buttons[0].isEnabled()
    act(qtbot, proctor, lambda: proctor.room_actions.set_locked(rows["Nguyễn Văn An"].id, False))
    settle(qtbot, an)
    assert an.lock_label.isHidden() and an.option_buttons[0].isEnabled()

    for i, question in enumerate(an.state.questions):
        an.go(i)
        an.choose(correct_keys(question))
    with qtbot.waitSignal(an.submitted, timeout=30000):
        an.submit_now()
    assert "100%" in an.result_label.text()

    # Bình is still working: ending the session submits her, and her screen notices
    window_binh.choose(correct_keys(window_binh.state.questions[0]))
    # her answer is on the server before the proctor ends the session (the write may already
    # be back: waiting for the idle signal would then wait for a signal that came and went)
    qtbot.waitUntil(lambda: not window_binh.tasks.busy, timeout=30000)
    act(qtbot, proctor, lambda: proctor.room_actions.add_incident("Mất điện 2 phút ở dãy B"))
    assert act(qtbot, proctor, proctor.room_actions.end_session) == 1
    assert "(đã kết thúc)" in proctor.session_box.currentText()
    with qtbot.waitSignal(window_binh.submitted, timeout=30000):
        window_binh.refresh()
    assert window_binh.state.submit_reason == "ended"

    for kind, name in (
        ("minutes_pdf", "bb.pdf"),
        ("minutes_xlsx", "bb.xlsx"),
        ("results_xlsx", "kq.xlsx"),
    ):
        written = act(
            qtbot, proctor, lambda k=kind, n=name: proctor.room_actions.export(k, tmp_path / n)
        )
        assert written.stat().st_size > 1000
        assert proctor.busy_bar.isHidden() and proctor.export_buttons[kind].isEnabled()
    proctor.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Phân bố điểm" in proctor.results_view.text(), timeout=30000)
    kinds = [e.kind for e in events.list_events(proctor.db, setup.session.id)]
    assert kinds.count("submitted") == 2 and "extra_time" in kinds and "incident" in kinds


def test_time_out_and_move_to_another_pc(room, qtbot) -> None:
    setup, clock, proctor, pc = room
    first = pc("pc-1")
    sign_in(qtbot, first, "Lê Hoàng Cường", setup.session.code)
    question = first.state.questions[0]
    first.choose(correct_keys(question))
    deadline = first.state.deadline

    # the PC dies; on another PC the candidate must wait for the proctor
    other = pc("pc-5")
    with qtbot.waitSignal(other.tasks.idle, timeout=30000):
        other.sign_in_page.reload_names()
    other.names.setCurrentIndex(
        other.names.findText("Lê Hoàng Cường", Qt.MatchFlag.MatchStartsWith)
    )
    other.code.setText(setup.session.code)
    with qtbot.waitSignal(other.sign_in_page.sign_in_failed, timeout=30000) as failed:
        other.sign_in_page.sign_in()
    assert other.state is None and "giám thị" in failed.args[0]
    assert "giám thị" in other.sign_in_message.text()
    refresh_console(qtbot, proctor)
    row = next(r for r in proctor.rows if r.full_name == "Lê Hoàng Cường")
    assert row.move_to == "pc-5"
    act(qtbot, proctor, lambda: proctor.room_actions.approve_move(row.id))
    with qtbot.waitSignal(other.exam_started, timeout=30000):
        other.sign_in_page.sign_in()
    assert other.state.deadline == deadline
    assert other.answers()[question.id] == tuple(sorted(correct_keys(question)))

    clock.advance(21 * 60)
    with qtbot.waitSignal(other.submitted, timeout=30000):
        other.on_tick()
    assert other.state.submit_reason == "timeout" and other.state.submitted_at == deadline


def test_close_and_escape_ask_for_the_proctor_password(
    db, sample_content, tmp_path, qtbot, monkeypatch
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    window = CandidateWindow(db, setup.library, tmp_path / "pc", clock=clock, machine="pc")
    qtbot.addWidget(window)
    window.show()
    asked: list[str] = []
    answer = {"ok": False}

    def fake_ask(_db, role, _parent=None, **_kw) -> bool:
        asked.append(role)
        return answer["ok"]

    monkeypatch.setattr(lock_down_module, "ask_password", fake_ask)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and asked == ["proctor"]
    window.close()  # Alt+F4 arrives as a close event too
    assert window.isVisible() and len(asked) == 2
    answer["ok"] = True
    window.close()
    assert not window.isVisible()


def open_password_dialog(qtbot, db, clock) -> PasswordDialog:
    dialog = PasswordDialog(db, "proctor", clock=clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=30000):
        pass  # whether a password is set is read in the background
    return dialog


def check(qtbot, dialog: PasswordDialog, text: str) -> bool:
    """Type a password and wait for the background check's answer."""
    dialog.password.setText(text)
    dialog.confirm.setText(text)
    with qtbot.waitSignal(dialog.checked, timeout=30000) as answer:
        dialog.try_accept()
    return bool(answer.args[0])


def test_password_dialog_first_use_then_lockout(db, qtbot) -> None:
    clock = FixedClock()
    first = open_password_dialog(qtbot, db, clock)
    assert first.first_use and first.confirm.isVisibleTo(first)
    first.password.setText("quan-tri-1")
    first.confirm.setText("khac-roi")
    first.try_accept()  # a mismatch is caught on the spot, nothing sent
    assert "không khớp" in first.message.text() and not first.busy
    assert check(qtbot, first, "quan-tri-1")
    assert first.result() == PasswordDialog.DialogCode.Accepted
    assert passwords.has_password(db, "admin")

    dialog = open_password_dialog(qtbot, db, clock)
    assert dialog.first_use is False and not dialog.confirm.isVisibleTo(dialog)
    for _ in range(5):
        assert not check(qtbot, dialog, "sai")
    assert "60" in dialog.message.text()
    assert not check(qtbot, dialog, "quan-tri-1")
    assert dialog.result() != PasswordDialog.DialogCode.Accepted
    with db.engine.begin() as conn:  # the minute is over by the database's clock
        conn.execute(
            sa.text("UPDATE role_password SET locked_until = :t"),
            {"t": datetime.now(UTC) - timedelta(seconds=1)},
        )
    assert check(qtbot, dialog, "quan-tri-1")
    assert dialog.result() == PasswordDialog.DialogCode.Accepted


def test_roster_loaded_from_the_console(room, tmp_path, qtbot) -> None:
    setup, _clock, proctor, _pc = room
    path = tmp_path / "them.csv"
    path.write_bytes(
        b"\xef\xbb\xbfH\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan;\xc4\x90\xc6\xa1n v\xe1\xbb\x8b\nPh\xe1\xba\xa1m Thu H\xc3\xa0;S\xe1\xbb\x9f Y t\xe1\xba\xbf\n"
    )
    assert act(qtbot, proctor, lambda: proctor.room_actions.load_roster(path)) == 1
    assert "1" in proctor.activity.text()
    assert any(r.full_name == "Phạm Thu Hà" for r in proctor.rows)
    assert live_roster.roster(proctor.db, setup.session.id)[-1].unit == "Sở Y tế"


def test_menu_plugs_into_a_main_window(db, sample_content, tmp_path, qtbot, monkeypatch) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMainWindow

    from ethics_trainer.content.loader import load_library
    from ethics_trainer.ui.exams import menu
    from ethics_trainer.ui.features import INSTALLERS, install_exams

    assert install_exams in INSTALLERS
    window = QMainWindow()
    qtbot.addWidget(window)
    window.ctx = SimpleNamespace(
        db=db,
        library=load_library(sample_content),
        clock=FixedClock(),
        paths=SimpleNamespace(data_dir=tmp_path),
    )
    monkeypatch.setattr(menu, "ask_password", lambda *_a, **_k: True)
    from ethics_trainer.ui.database_gate import DatabaseGate
    from ethics_trainer.ui.toolkit.tasks import TaskRunner

    window.database = DatabaseGate(window.ctx, TaskRunner(window))  # as MainWindow has it
    menu.install(window)
    (exam_menu,) = [
        a.menu()
        for a in window.menuBar().actions()
        if a.text().replace("&", "") == "Thi có giám sát"
    ]
    actions = exam_menu.actions()
    assert len(actions) == 4
    actions[0].trigger()
    proctor = top_level(ProctorWindow)
    assert isinstance(proctor, ProctorWindow)
    assert not hasattr(window, "_exam_windows")  # owned by the menu, not poked onto the window
    proctor.close()


def test_definition_editor_saves_a_definition(db, sample_content, qtbot) -> None:
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.exams import definitions
    from ethics_trainer.ui.exams.definition_editor import DefinitionEditor

    editor = DefinitionEditor(db, load_library(sample_content))
    qtbot.addWidget(editor)
    editor.name.setText("Sát hạch quý IV")
    editor.minutes.setValue(25)
    editor.parts.item(0, 2).setText("3")
    editor.show_after.setCurrentIndex(editor.show_after.findData("nothing"))
    with qtbot.waitSignal(editor.save_done, timeout=30000):
        editor.save()  # written in the background
    assert editor.saved is not None
    stored = definitions.get_definition(db, editor.saved.id)
    assert stored.minutes == 25 and stored.parts[0].count == 3 and stored.show_after == "nothing"


def test_candidate_screen_keeps_database_calls_off_the_gui_thread(room, qtbot, monkeypatch) -> None:
    """A server that hangs does not freeze the screen: answering and the countdown go on."""
    import threading
    from contextlib import contextmanager

    setup, clock, _proctor, pc = room
    window = pc("pc-1")
    db = window.db
    original = db.session
    gui = threading.current_thread()
    on_gui: list[bool] = []
    server_up = threading.Event()
    server_up.set()

    @contextmanager
    def watched():
        on_gui.append(threading.current_thread() is gui)
        assert server_up.wait(10)
        with original() as session:
            yield session

    monkeypatch.setattr(db, "session", watched)
    sign_in(qtbot, window, "Nguyễn Văn An", setup.session.code)
    questions = window.state.questions

    server_up.clear()  # the server stops answering mid-exam
    with qtbot.waitSignal(window.answer_saved, timeout=10000):
        window.choose(correct_keys(questions[0]))
    assert window.nav_buttons[0].property("answered") is True
    window.go(1)
    window.choose(correct_keys(questions[1]))
    assert window.client.journal.count(window.client.candidate_id) == 2
    clock.advance(65)
    window.on_tick()
    assert window.countdown.text() == "18:55"
    assert window.tasks.busy  # the write is still waiting for the server

    server_up.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    assert window.client.journal.count(window.client.candidate_id) == 0
    assert set(window.state.answers) >= {questions[0].id, questions[1].id}
    with qtbot.waitSignal(window.submitted, timeout=30000):
        window.submit_now()
    assert on_gui and not any(on_gui)


def test_candidate_window_takes_the_focus_back_during_the_exam(room, qtbot) -> None:
    setup, _clock, _proctor, pc = room
    window = pc("pc-1")
    window.lock_down.closing_allowed = False  # as in the room: closing needs the proctor
    window.lock_down.ask_password_on_close = False
    with qtbot.assertNotEmitted(window.lock_down.reclaimed, wait=400):
        window.lock_down.on_application_state(
            Qt.ApplicationState.ApplicationInactive
        )  # not started
    window.show()
    sign_in(qtbot, window, "Trần Thị Bình", setup.session.code)
    with qtbot.waitSignal(window.lock_down.reclaimed, timeout=30000):
        window.lock_down.on_application_state(Qt.ApplicationState.ApplicationInactive)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_definition_list_edits_and_archives(db, sample_content, qtbot) -> None:
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.exams import definitions
    from ethics_trainer.exams.definitions import ExamDraft
    from ethics_trainer.storage.draw_parts import DrawPart
    from ethics_trainer.ui.exams.definition_list import DefinitionList

    library = load_library(sample_content)
    for name in ("Sát hạch quý III", "Sát hạch quý IV"):
        definitions.save_definition(
            db, ExamDraft(name=name, course_id="mau", parts=[DrawPart(count=2)]), library=library
        )
    dialog = DefinitionList(db, library)
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.loaded, timeout=30000).wait()  # read in the background
    assert dialog.items.count() == 2 and dialog.selected().name == "Sát hạch quý IV"
    assert "Khoá mẫu" in dialog.items.item(0).text()

    editor = dialog.editor(dialog.selected())
    qtbot.addWidget(editor)
    assert editor.name.text() == "Sát hạch quý IV" and editor.parts.item(0, 2).text() == "2"
    editor.minutes.setValue(45)
    with qtbot.waitSignal(editor.save_done, timeout=30000):
        editor.save()
    with qtbot.waitSignal(dialog.loaded, timeout=30000):
        dialog.reload(editor.saved.id)
    assert definitions.get_definition(db, editor.saved.id).minutes == 45
    assert dialog.items.count() == 2 and "45" in dialog.items.currentItem().text()

    with qtbot.waitSignal(dialog.loaded, timeout=30000):
        dialog.toggle_archive_selected(confirm=False)
    assert [d.name for d in definitions.list_definitions(db)] == ["Sát hạch quý III"]
    assert dialog.items.count() == 1
    with qtbot.waitSignal(dialog.loaded, timeout=30000):
        dialog.show_archived.setChecked(True)
    assert dialog.items.count() == 2 and "(đã lưu trữ)" in dialog.items.item(0).text()
    dialog.items.setCurrentRow(0)
    assert dialog.archive_button.text() == "Dùng lại"
    with qtbot.waitSignal(dialog.loaded, timeout=30000):
        dialog.toggle_archive_selected()
    assert len(definitions.list_definitions(db)) == 2
