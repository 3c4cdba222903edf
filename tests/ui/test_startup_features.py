"""The optional screens' menus come after the first paint (issue #17) and are still there.

Installing them imported the import preview, the exams and HR menus before the window was
painted; now they are installed once the library is painted, or at once when a window takes
over another's data (a language switch, where there is no new paint of a loading library).
"""

from __future__ import annotations

from ethics_trainer.clock import FixedClock
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow

FEATURE_MENUS = {"interopMenu", "hrMenu"}


def feature_menus(window: MainWindow) -> set[str]:
    names = {a.menu().objectName() for a in window.menuBar().actions() if a.menu()}
    return names & FEATURE_MENUS


def test_feature_menus_arrive_with_the_painted_library_once(qtbot, paths) -> None:
    window = MainWindow(AppContext(paths=paths, clock=FixedClock()))
    qtbot.addWidget(window)
    window.show()
    assert feature_menus(window) == set()  # not built before the first paint
    menus_at_paint: list[set[str]] = []
    window.painted_with_library.connect(lambda: menus_at_paint.append(feature_menus(window)))
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    assert menus_at_paint == [set()]  # the paint did not wait for them
    assert feature_menus(window) == FEATURE_MENUS
    count = len(window.menuBar().actions())
    window._install_features()  # a second call adds nothing
    assert len(window.menuBar().actions()) == count


def test_a_window_taking_over_after_a_language_switch_has_them(qtbot, paths) -> None:
    window = MainWindow(AppContext(paths=paths, clock=FixedClock()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    successor = window.switch_language("en")
    qtbot.addWidget(successor)
    qtbot.waitUntil(lambda: feature_menus(successor) == FEATURE_MENUS, timeout=20000)
    back = successor.switch_language("vi")  # the language as the other tests expect it
    qtbot.addWidget(back)
    qtbot.waitUntil(lambda: feature_menus(back) == FEATURE_MENUS, timeout=20000)


def test_a_long_first_load_moves_the_bar_in_steps_and_ends_full(qtbot) -> None:
    """Each bar update repaints at once on the GUI thread: 2,000 files give at most
    PROGRESS_STEPS + 1 updates, in order, the last one at the end."""
    from ethics_trainer.ui.startup import PROGRESS_STEPS, _Progress, progress_relay

    relay = _Progress()
    seen: list[tuple[int, int]] = []
    relay.changed.connect(lambda done, total: seen.append((done, total)))
    report = progress_relay(relay)
    for done in range(1, 2001):
        report(done, 2000)
    assert len(seen) <= PROGRESS_STEPS + 1
    assert seen[-1] == (2000, 2000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    few = progress_relay(relay)
    seen.clear()
    few(1, 1)  # a cached load reports once: shown
    assert seen == [(1, 1)]
