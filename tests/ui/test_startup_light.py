"""A current SQLite database: the window lists the profiles without opening the database
(SQLAlchemy stays unloaded while it idles, issue #17) and opens it — checks and migrations
first — for the first thing the person does. Anything else is opened at start, as before."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication, QMessageBox

from ethics_trainer import i18n
from ethics_trainer.clock import FixedClock
from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.migrate import current_revision, head_revision
from ethics_trainer.storage.models import Learner
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow


def seeded(paths) -> int:
    db = open_database(paths.database_url)
    me = learners.create_learner(db, full_name="Nguyễn Thị Thu Hương", unit="Sở Tư pháp")
    db.dispose()
    return me.id


def ready_window(qtbot, paths) -> MainWindow:
    window = MainWindow(AppContext(paths=paths, clock=FixedClock()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    return window


def last_used(paths, learner_id: int) -> object:
    db = open_database(paths.database_url)
    try:
        with db.session() as session:
            row = session.get(Learner, learner_id)
            assert row is not None
            return row.last_used_at
    finally:
        db.dispose()


def test_profiles_listed_unopened_and_the_first_choice_opens_it(qtbot, paths) -> None:
    me = seeded(paths)
    window = ready_window(qtbot, paths)
    assert window.ctx.open_db_or_none is None, "listing the profiles opened the database"
    assert [p.id for p in window._learners] == [me]
    window.choose_learner(window._learners[0])
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=20000)
    assert window.ctx.open_db_or_none is not None
    assert last_used(paths, me) is not None  # the choice was written
    window.close()


def test_a_new_profile_after_a_light_start_is_stored(qtbot, paths) -> None:
    seeded(paths)
    window = ready_window(qtbot, paths)
    assert window.ctx.open_db_or_none is None
    page = window.profile_page
    page.full_name.setText("Lê Văn Cường")
    page.unit.setText("UBND phường Ba Đình")
    page.create_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=20000)
    window.close()
    db = open_database(paths.database_url)
    assert [p.full_name for p in learners.list_learners(db)] == [
        "Lê Văn Cường",
        "Nguyễn Thị Thu Hương",
    ]
    db.dispose()


def test_an_older_database_is_migrated_at_start_as_before(qtbot, paths) -> None:
    seeded(paths)
    assert paths.sqlite_path is not None
    with sqlite3.connect(paths.sqlite_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    connection.close()
    window = ready_window(qtbot, paths)
    db = window.ctx.open_db_or_none
    assert db is not None, "an old schema must be upgraded at start"
    assert current_revision(db) == head_revision()
    window.close()


def test_the_first_write_checks_before_writing_and_says_what_is_wrong(qtbot, paths) -> None:
    """Between the start and the first choice the file was taken over by a newer version of
    the app: the person is told so, in Vietnamese, and nothing is written."""
    me = seeded(paths)
    window = ready_window(qtbot, paths)
    assert window.ctx.open_db_or_none is None
    assert paths.sqlite_path is not None
    with sqlite3.connect(paths.sqlite_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_newer'")
    connection.close()
    window.choose_learner(window._learners[0])

    def error_box() -> QMessageBox | None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QMessageBox)
                and widget.objectName() == "errorBox"
                and widget.parent() is window
            ):
                return widget
        return None

    qtbot.waitUntil(lambda: error_box() is not None, timeout=20000)
    box = error_box()
    assert box is not None
    assert box.text() == i18n.tr("errors.database_newer"), box.informativeText()
    assert "Traceback" not in box.text() + box.informativeText()
    box.close()
    assert window.ctx.open_db_or_none is None  # asked again at the next try
    assert window.pages.currentWidget() is not window.home_page
    with sqlite3.connect(paths.sqlite_path) as connection:
        (used,) = connection.execute(
            "SELECT last_used_at FROM learner WHERE id = ?", (me,)
        ).fetchone()
    connection.close()
    assert used is None  # nothing was written
    window.close()


def test_a_language_switch_before_any_use_keeps_the_profiles(qtbot, paths) -> None:
    me = seeded(paths)
    window = ready_window(qtbot, paths)
    assert window.ctx.open_db_or_none is None
    with qtbot.waitSignal(window.replaced, timeout=5000) as replaced:
        window.switch_language("en")
    new = replaced.args[0]
    qtbot.addWidget(new)
    with qtbot.waitSignal(new.ready, timeout=20000):
        pass
    assert new.pages.currentWidget() is new.profile_page
    assert [p.id for p in new._learners] == [me]
    new.choose_learner(new._learners[0])
    qtbot.waitUntil(lambda: new.pages.currentWidget() is new.home_page, timeout=20000)
    new.close()
    i18n.set_language("vi")
