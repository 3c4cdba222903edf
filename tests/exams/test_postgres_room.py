"""A room on one PostgreSQL server: two candidate PCs and a proctor console at once, an
outage mid-exam with answers kept on the PC, and the room check with 50 candidates."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.exams import live_roster, results
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.exams.proctor import ProctorWindow

from .helpers import correct_keys, make_exam

pytestmark = pytest.mark.postgres

EN_ROOM = ["--lang", "en", "room-check"]  # the English last line is the contract
SUMMARY = re.compile(r"^written (\d+), lost (\d+), p50 \d+\.\d ms, p99 \d+\.\d ms$")


def test_room_check_50_candidates(postgres_url: str, capsys) -> None:
    from ethics_trainer.cli.main import main

    assert (
        main([*EN_ROOM, "--database", postgres_url, "--candidates", "50", "--questions", "4"]) == 0
    )
    last = capsys.readouterr().out.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match and match.groups() == ("200", "0"), last
    # the global option works too, and the simulated rows are gone afterwards
    assert (
        main(["--lang", "en", "--database", postgres_url, "room-check", "--candidates", "3"]) == 0
    )
    assert SUMMARY.match(capsys.readouterr().out.strip().splitlines()[-1])
    db = open_database(postgres_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM attempt").scalar() == 0
    db.dispose()


def test_room_check_spreads_candidates_over_processes(postgres_url: str) -> None:
    from ethics_trainer.exams.room_check import run_room_check

    result = run_room_check(postgres_url, 6, 3, pace=0.02, workers=3)
    assert (result.written, result.lost, result.workers) == (18, 0, 3)
    assert len(result.latencies_ms) == 18 and not result.errors
    assert result.summary().startswith("written 18, lost 0, p50 ")


def _sign_in(qtbot, window: CandidateWindow, name: str, code: str) -> None:
    with qtbot.waitSignal(window.tasks.idle, timeout=10000):
        window.sign_in_page.reload_names()
    window.names.setCurrentIndex(window.names.findText(name, Qt.MatchFlag.MatchStartsWith))
    window.code.setText(code)
    with qtbot.waitSignal(window.exam_started, timeout=10000):
        qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)


def _answered(db, attempt_id: int) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM answer WHERE attempt_id = %(id)s AND selected_json <> '[]'",
                {"id": attempt_id},
            ).scalar_one()
        )


def _reconnected(window, changes: list[bool]) -> bool:
    if changes and changes[-1]:
        return True
    if not window.tasks.busy:
        window.refresh()
    return False


def _saw_outage(window, changes: list[bool]) -> bool:
    """The window reported the lost connection, by its own poll or by the refresh asked here."""
    if False in changes:
        return True
    if not window.tasks.busy:
        window.refresh()
    return False


def test_two_candidates_and_a_proctor_through_an_outage(
    postgres_server, postgres_url: str, sample_content, tmp_path, qtbot
) -> None:
    # three PCs, each with its own connection pool to the one server
    proctor_db, pc1_db, pc2_db = (open_database(postgres_url) for _ in range(3))
    setup = make_exam(proctor_db, sample_content, SYSTEM_CLOCK)
    proctor = ProctorWindow(proctor_db, setup.library, export_dir=tmp_path)
    qtbot.addWidget(proctor)
    windows = []
    for db, machine in ((pc1_db, "pc-1"), (pc2_db, "pc-2")):
        window = CandidateWindow(db, setup.library, tmp_path / machine, machine=machine)
        window.allow_close()
        qtbot.addWidget(window)
        windows.append(window)
    one, two = windows
    _sign_in(qtbot, one, "Nguyễn Văn An", setup.session.code)
    _sign_in(qtbot, two, "Trần Thị Bình", setup.session.code)
    for window in windows:
        with qtbot.waitSignal(window.synced, timeout=10000):
            window.choose(correct_keys(window.state.questions[0]))
    with qtbot.waitSignal(proctor.refreshed, timeout=5000):
        pass
    live = {r.full_name: r for r in proctor.rows}
    assert live["Nguyễn Văn An"].answered == 1 and live["Trần Thị Bình"].answered == 1

    # recorded from before the stop: the proctor's own poll may notice the outage while the
    # candidates are being checked below, before a wait started there would listen
    # (the same for each PC: its own poll may notice it while the other PC is being checked)
    proctor_changes: list[bool] = []
    proctor.connection_changed.connect(proctor_changes.append)
    pc_changes: list[list[bool]] = [[], []]
    for window, changes in zip(windows, pc_changes, strict=True):
        window.connection_changed.connect(changes.append)
    postgres_server.stop()
    try:
        for window, changes in zip(windows, pc_changes, strict=True):
            window.go(1)
            window.choose(correct_keys(window.state.questions[1]))
            qtbot.waitUntil(lambda c=changes: False in c, timeout=30_000)
            assert "Đang kết nối lại" in window.banner.text() and window.banner_showing
            window.go(2)
            window.choose(correct_keys(window.state.questions[2]))  # still kept on the PC
            assert window.client.journal.count(window.client.candidate_id) == 2
            assert window.nav_buttons[2].property("answered") is True
        qtbot.waitUntil(lambda: _saw_outage(proctor, proctor_changes), timeout=60_000)
    finally:
        postgres_server.start()

    for window, back in zip(windows, pc_changes, strict=True):
        # The server takes its own time to accept connections again (longer on a loaded
        # machine): ask again until the PC is back, as the PC's own timer would. The changes
        # were recorded since before the stop: the second PC's own poll may reconnect it
        # while the first is being checked, before a list connected here would listen.
        window.refresh()
        qtbot.waitUntil(lambda w=window, b=back: _reconnected(w, b), timeout=120_000)
        assert back[-1] is True and not window.banner_showing
        assert window.client.journal.count(window.client.candidate_id) == 0
        assert _answered(proctor_db, window.state.id) == 3  # 0 lost
        window.go(3)
        window.choose(correct_keys(window.state.questions[3]))
        with qtbot.waitSignal(window.submitted, timeout=5000):
            window.submit_now()
        assert window.state.score == 100.0

    with qtbot.waitSignal(proctor.tasks.idle, timeout=10000):
        proctor.refresh()
    assert all(r.status == live_roster.STATUS_SUBMITTED for r in proctor.rows[:2])
    res = results.session_results(proctor_db, setup.session.id)
    assert [r.integrity for r in res.submitted] == ["ok", "ok"]
    for db in (proctor_db, pc1_db, pc2_db):
        db.dispose()
