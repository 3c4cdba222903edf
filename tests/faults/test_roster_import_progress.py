"""The proctor console's roster import shows a percentage with Cancel, and Cancel stores nobody.

A 20,000-row roster is loaded through the console's own button and open dialog on a real
SQLite file. The first test sees the progress dialog's value advance to the end and every
person stored. The second holds the database's write lock from another connection, so the
import is certainly still storing when Cancel is pressed (no timing luck); once the lock is
let go, the import stops at its next report and its one transaction rolls back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton
from sqlmodel import func, select

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.exams import definitions, sessions
from ethics_trainer.exams.definitions import ExamDraft
from ethics_trainer.i18n import set_language
from ethics_trainer.storage.draw_parts import DrawPart
from ethics_trainer.storage.models import ExamCandidate, Learner
from ethics_trainer.ui.exams.proctor import ProctorWindow
from ethics_trainer.ui.exams.roster_import import READ_SHARE, STEPS
from tests.window_helpers import answer_file_dialog

ROWS = 20_000


@pytest.fixture
def console(db, sample_content, tmp_path, qtbot):  # type: ignore[no-untyped-def]
    set_language("vi")
    clock = FixedClock()
    library = load_library(sample_content)
    draft = ExamDraft(name="Sát hạch", course_id="mau", parts=[DrawPart(count=2)])
    definition = definitions.save_definition(db, draft, library=library, clock=clock)
    info = sessions.open_session(db, definition.id, room="P.301", clock=clock)
    proctor = ProctorWindow(db, library, clock=clock, export_dir=tmp_path)
    qtbot.addWidget(proctor)
    qtbot.waitUntil(lambda: proctor.session_id == info.id, timeout=10000)
    proctor.timer.stop()  # the two-second poll is not under test here
    qtbot.waitUntil(lambda: not proctor.tasks.busy, timeout=10000)
    path = tmp_path / "danh sách lớn.csv"
    lines = ["Họ và tên,Mã cán bộ,Đơn vị,Chức vụ"]
    lines += [f"Nguyễn Văn Thí Sinh {i},HN{i:06d},Sở Nội vụ,Chuyên viên" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return proctor, info, path


def start_import(qtbot, proctor: ProctorWindow, path: Path) -> tuple[QProgressDialog, list[int]]:  # type: ignore[no-untyped-def]
    """Click "Nạp danh sách", answer the open dialog, and record the progress bar's values."""
    answer_file_dialog(qtbot, path)
    button = next(b for b in proctor.findChildren(QPushButton) if "Nạp danh sách" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = proctor.findChild(QProgressDialog, "taskProgress")
    assert dialog is not None, "no progress dialog for the roster import"
    assert path.name in dialog.labelText()
    values: list[int] = []
    bar = dialog.findChild(QProgressBar)
    assert bar is not None
    bar.valueChanged.connect(values.append)
    return dialog, values


def stored(db, session_id: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        candidates = s.exec(
            select(func.count()).where(ExamCandidate.session_id == session_id)
        ).one()
        learners = s.exec(select(func.count()).select_from(Learner)).one()
    return int(candidates), int(learners)


def test_roster_import_shows_an_advancing_percentage(qtbot, db, console) -> None:  # type: ignore[no-untyped-def]
    proctor, info, path = console
    with qtbot.waitSignal(proctor.room_actions.action_done, timeout=120000) as done:
        dialog, values = start_import(qtbot, proctor, path)
        assert dialog.maximum() in (0, STEPS)
    assert done.args == ["load_roster", ROWS]
    advancing = [v for v in values if v >= 0]
    assert advancing == sorted(advancing), values  # never goes back
    assert len(set(advancing)) >= 4, values  # reading, then several storing steps
    assert any(0 < v < READ_SHARE for v in advancing) or READ_SHARE in advancing, values
    assert any(READ_SHARE < v < STEPS for v in advancing), values  # part-way through storing
    assert max(advancing) == STEPS
    assert stored(db, info.id) == (ROWS, ROWS)
    assert str(ROWS) in proctor.activity.text()


def test_cancel_stores_nobody(qtbot, db, db_url, console) -> None:  # type: ignore[no-untyped-def]
    proctor, info, path = console
    lock = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another writer: storing waits for it
    try:
        dialog, values = start_import(qtbot, proctor, path)
        qtbot.waitUntil(lambda: READ_SHARE in values, timeout=60000)  # the file is read
        qtbot.waitUntil(dialog.isVisible, timeout=10000)
        cancel = dialog.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Hủy"
        with qtbot.waitSignal(proctor.room_actions.action_cancelled, timeout=60000) as cancelled:
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            lock.execute("ROLLBACK")  # the other writer is done: storing resumes, then stops
    finally:
        lock.close()
    assert cancelled.args == ["load_roster"]
    assert max(values) < STEPS
    assert stored(db, info.id) == (0, 0)  # all or nothing: nobody, no new learner
    assert "không thí sinh nào" in proctor.activity.text()
    # the console is still usable: the same file loads in full afterwards
    with qtbot.waitSignal(proctor.room_actions.action_done, timeout=120000) as done:
        start_import(qtbot, proctor, path)
    assert done.args == ["load_roster", ROWS]
