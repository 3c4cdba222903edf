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
