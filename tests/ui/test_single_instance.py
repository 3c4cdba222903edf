"""Single instance: a second launch on the same data folder raises the first window."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.ui.single_instance import SingleInstance, server_name


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
    guard = SingleInstance(server_name(paths.data_dir))
    assert guard.claim()
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
        window.close()
