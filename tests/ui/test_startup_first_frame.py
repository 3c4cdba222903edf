"""The first frame the start-up bench times is the real main window (issue #17): its title,
its File and Study menus with their keys, and the course tree filled, wrapped at its width
and drawn in the tree's own viewport, all there when ``painted_with_library`` fires."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ethics_trainer.clock import FixedClock
from ethics_trainer.i18n import tr
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.widgets.course_tree import ROLE_KIND, ROLE_WIDEST, RowText


class PaintCounter(QObject):
    """Counts the paint events a widget receives (the tree's viewport: where the rows are)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_the_painted_frame_is_the_whole_start_page(qtbot, paths) -> None:
    window = MainWindow(AppContext(paths=paths, clock=FixedClock()))
    qtbot.addWidget(window)
    window.resize(1024, 740)
    window.show()
    seen: dict[str, object] = {}
    counter = PaintCounter(window.tree.viewport())
    window.startup.library_loaded.connect(lambda _library: setattr(counter, "paints", 0))

    def at_paint() -> None:
        tree = window.tree
        # the frame was really drawn: a window shown but not yet exposed paints nothing when
        # asked, and stamping then timed a frame that came later (issue #17)
        handle = window.windowHandle()
        seen["exposed"] = handle is not None and handle.isExposed()
        seen["tree_paints"] = counter.paints
        seen["filled_when_painted"] = tree.topLevelItemCount() > 0
        menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
        seen["title"] = window.windowTitle()
        seen["menus"] = [m.title() for m in menus]
        seen["keys"] = sorted(
            a.shortcut().toString()
            for m in menus
            for a in m.actions()
            if not a.shortcut().isEmpty()
        )
        seen["texts"] = [a.text() for m in menus for a in m.actions() if not a.isSeparator()]
        rows = []
        for i in range(tree.topLevelItemCount()):
            course = tree.topLevelItem(i)
            assert course is not None
            rows.append(course.text(0))
            for j in range(course.childCount()):
                child = course.child(j)
                assert child is not None
                rows.append(
                    f"{child.data(0, ROLE_KIND)}:{RowText.of(tree.indexFromItem(child)).title}"
                )
        seen["rows"] = rows
        first = tree.topLevelItem(0)
        seen["expanded"] = first is not None and first.isExpanded()
        seen["viewport"] = type(tree.viewport()) is QWidget and tree.viewport().width() > 0
        seen["visible"] = window.isVisible() and tree.isVisible()

    window.painted_with_library.connect(at_paint)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    library = window.ctx.library
    assert library is not None
    expected_rows: list[str] = []
    for course in library.courses:
        expected_rows.append(course.title)
        expected_rows += [f"lesson:{lesson.title}" for lesson in course.lessons]
        if course.final_quiz is not None:
            expected_rows.append(f"final:{tr('main.final_quiz_item')}")
    assert seen["title"] == tr("uic.main.title")
    assert seen["menus"][:2] == [tr("menu.file"), tr("uis.menu.study")]
    assert {"Ctrl+H", "Ctrl+R", "Ctrl+Shift+P"} <= set(seen["keys"])
    assert tr("menu.switch_profile") in seen["texts"] and tr("uis.menu.search") in seen["texts"]
    assert seen["rows"] == expected_rows
    assert seen["expanded"] and seen["viewport"] and seen["visible"]
    assert seen["exposed"] and seen["tree_paints"] >= 1 and seen["filled_when_painted"]


def test_each_course_row_keeps_its_widest_lesson_number(qtbot, paths) -> None:
    """The delegate lines titles up after the widest number of the course ("10. "), read from
    the course row instead of walking the model (which set up every model class, issue #17)."""
    from tests.ui.helpers import open_window

    window = open_window(qtbot, paths)
    tree = window.tree
    for i in range(tree.topLevelItemCount()):
        course = tree.topLevelItem(i)
        assert course is not None
        numbers = [
            RowText.of(tree.indexFromItem(child)).number
            for child in (course.child(j) for j in range(course.childCount()))
            if child is not None
        ]
        assert course.data(0, ROLE_WIDEST) == max(numbers, key=len)
        assert course.data(0, ROLE_WIDEST).endswith(". ")
    window.close()
