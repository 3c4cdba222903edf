"""Single instance: a second launch on the same data folder raises the first window."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.ui.instance_lock import InstanceLock, lock_path, server_name
from ethics_trainer.ui.single_instance import SingleInstance, hand_over


def test_second_instance_activates_the_first(qtbot, tmp_path: Path) -> None:
    name = server_name(tmp_path / "data")
    first = SingleInstance(name)
    assert first.claim()
    second = SingleInstance(name)
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not second.claim()
    assert second.server is None
    # Another data folder is another app: both run.
    other = SingleInstance(server_name(tmp_path / "other"))
    assert other.claim()
    other.close()
    first.close()
    # Once the first has gone, the next launch runs.
    third = SingleInstance(name)
    assert third.claim()
    third.close()


def test_the_lock_file_decides_who_is_first(tmp_path: Path) -> None:
    """The first lock wins until released; the system would release it at a crash too."""
    path = lock_path(server_name(tmp_path / "data"))
    first, second = InstanceLock(path), InstanceLock(path)
    try:
        assert first.acquire() is True
        assert second.acquire() is False
        assert not second.held
        first.release()
        assert second.acquire() is True
    finally:
        first.release()
        second.release()


def test_no_lock_possible_means_the_socket_decides(tmp_path: Path) -> None:
    assert InstanceLock(tmp_path / "missing-folder" / "x.lock").acquire() is None


def test_a_launch_while_the_first_is_still_starting_waits_for_its_socket(
    qtbot, tmp_path: Path
) -> None:
    """The first app takes the lock at once but listens only after its first paint: a launch
    in between must neither start a second app nor give up, but wait and raise the first."""
    name = server_name(tmp_path / "data")
    lock = InstanceLock(lock_path(name))
    assert lock.acquire()
    first = SingleInstance(name)  # not listening yet: the first app is still painting
    later = InstanceLock(lock_path(name))
    waits: list[bool] = []

    def first_paints() -> None:
        waits.append(True)
        assert first.listen()

    try:
        with qtbot.waitSignal(first.activated, timeout=5000):
            assert hand_over(name, later, waiting=first_paints)
        assert waits == [True]  # it found no socket, waited once, then was heard
        assert not later.held
    finally:
        first.close()
        lock.release()


def test_a_launch_runs_when_the_other_app_quits_meanwhile(tmp_path: Path) -> None:
    name = server_name(tmp_path / "data")
    lock = InstanceLock(lock_path(name))
    assert lock.acquire()
    later = InstanceLock(lock_path(name))
    try:
        assert not hand_over(name, later, waiting=lock.release)
        assert later.held  # this launch is the first app now
    finally:
        later.release()
        lock.release()


def test_a_lock_nobody_answers_for_does_not_stop_the_app(tmp_path: Path) -> None:
    name = server_name(tmp_path / "data")
    lock = InstanceLock(lock_path(name))
    assert lock.acquire()
    later = InstanceLock(lock_path(name))
    try:
        assert not hand_over(name, later, seconds=0.0)  # runs, as without the lock
        assert not later.held
    finally:
        lock.release()


def test_names_differ_per_data_folder(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")


def test_window_is_brought_forward(qtbot, paths) -> None:
    from tests.ui.helpers import open_window

    window = open_window(qtbot, paths)
    window.showMinimized()
    guard = SingleInstance(server_name(paths.data_dir))
    assert guard.claim()
    guard.activated.connect(window.bring_forward)
    with qtbot.waitSignal(guard.activated, timeout=5000):
        assert not SingleInstance(guard.name).claim()
    assert not window.isMinimized() and window.isVisible()
    guard.close()
    window.close()


def test_second_process_hands_over_and_exits(qtbot, paths) -> None:
    """A real second launch (``python -m ethics_trainer``, same data folder) raises the
    running window and exits at once with status 0, without opening a window of its own."""
    import os
    import sys

    from PySide6.QtCore import QProcess, QProcessEnvironment

    from ethics_trainer.i18n import ENV_LANGUAGE
    from tests.ui.helpers import open_window

    window = open_window(qtbot, paths)
    window.showMinimized()
    name = server_name(paths.data_dir)
    lock = InstanceLock(lock_path(name))
    assert lock.acquire()  # as the running app holds it from its start
    guard = SingleInstance(name)
    assert guard.listen()
    guard.activated.connect(window.bring_forward)
    process = QProcess()
    env = QProcessEnvironment.systemEnvironment()
    env.insert("QT_QPA_PLATFORM", "offscreen")
    env.insert(ENV_LANGUAGE, "en")
    env.insert("PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
    process.setProcessEnvironment(env)
    args = ["-m", "ethics_trainer", "--data-dir", str(paths.data_dir)]
    args += ["--content", str(paths.content_dir)]
    try:
        with (
            qtbot.waitSignal(guard.activated, timeout=30000),
            qtbot.waitSignal(process.finished, timeout=30000) as finished,
        ):
            process.start(sys.executable, args)
        assert finished.args[1] == QProcess.ExitStatus.NormalExit
        assert finished.args[0] == 0, bytes(process.readAllStandardError().data())
        assert "already running" in bytes(process.readAllStandardError().data()).decode()
        assert not window.isMinimized() and window.isVisible()
    finally:
        if process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            process.waitForFinished(5000)
        guard.close()
        lock.release()
        window.close()


def test_two_real_launches_the_second_raises_the_first(qtbot, paths) -> None:
    """Two ``python -m ethics_trainer`` on one data folder, the second started while the first
    is still starting: the first listens once painted, the second hands over and exits 0."""
    import os
    import sys

    from PySide6.QtCore import QProcess, QProcessEnvironment

    from ethics_trainer.i18n import ENV_LANGUAGE

    env = QProcessEnvironment.systemEnvironment()
    env.insert("QT_QPA_PLATFORM", "offscreen")
    env.insert(ENV_LANGUAGE, "en")
    env.insert("PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
    args = ["-m", "ethics_trainer", "--data-dir", str(paths.data_dir)]
    args += ["--content", str(paths.content_dir)]
    first, second = QProcess(), QProcess()
    for process in (first, second):
        process.setProcessEnvironment(env)
    not_running = QProcess.ProcessState.NotRunning
    try:
        with qtbot.waitSignal(first.started, timeout=30000):
            first.start(sys.executable, args)
        second.start(sys.executable, args)
        # Whichever takes the lock first is "the first": on a loaded machine the second
        # process can get there before the first one's interpreter has started. The other
        # must hand over and exit 0 while the winner goes on.
        qtbot.waitUntil(lambda: not_running in (first.state(), second.state()), timeout=60000)
        ended, going_on = (first, second) if first.state() == not_running else (second, first)
        error = bytes(ended.readAllStandardError().data()).decode()
        assert ended.exitStatus() == QProcess.ExitStatus.NormalExit, error
        assert ended.exitCode() == 0, error
        assert "already running" in error
        assert going_on.state() == QProcess.ProcessState.Running  # the first app goes on
    finally:
        for process in (first, second):
            if process.state() != QProcess.ProcessState.NotRunning:
                process.kill()
                process.waitForFinished(5000)
