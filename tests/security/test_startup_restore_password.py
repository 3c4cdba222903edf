"""F-RESTORE (GUI half): the restore the app offers at start-up asks the admin password,
exactly as ``db restore`` does (``exams.restore_guard``).

Before, anyone at the PC could damage the database file, start the app and press "Restore the
newest backup": no password was asked, and a password-less file planted in the backup folder
(named like one of the app's own backups) then left the admin role open for the taking.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ethics_trainer.clock import SystemClock
from ethics_trainer.exams import passwords
from ethics_trainer.services import learners
from ethics_trainer.storage.backup import backup_database
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow
from tests.window_fixtures import paths, private_qt_settings

from .helpers import ADMIN_PASSWORD

__all__ = ["paths", "private_qt_settings"]  # fixtures: found by pytest in this module


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0:100] = b"\x00" * 100
    path.write_bytes(bytes(data))


def _installed(paths) -> Path:  # type: ignore[no-untyped-def]
    """A database with a person and an admin password, and a backup of it two days old."""
    db = open_database(paths.database_url)
    learners.create_learner(db, full_name="Nguyễn Thị Thu Hương", unit="Sở Tư pháp")
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
    db_path = paths.sqlite_path
    backup_database(db_path, paths.backup_dir, now=datetime.now(UTC) - timedelta(days=2))
    return db_path


def _start(qtbot, paths) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(paths=paths, clock=SystemClock()))
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.startup.restore_box is not None, timeout=20000)
    return window


def _press_restore(qtbot, window):  # type: ignore[no-untyped-def]
    box = window.startup.restore_box
    restore = next(b for b in box.buttons() if b.text() == "Khôi phục bản sao lưu mới nhất")
    restore.click()
    qtbot.waitUntil(lambda: window.startup.password_dialog is not None, timeout=20000)
    return window.startup.password_dialog


def _admin_hash(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT role FROM role_password")]


def test_the_start_up_restore_asks_the_admin_password(qtbot, paths) -> None:
    db_path = _installed(paths)
    _damage(db_path)
    damaged = db_path.read_bytes()
    window = _start(qtbot, paths)
    dialog = _press_restore(qtbot, window)
    assert dialog.objectName() == "restorePasswordDialog"

    # a wrong password: said so, nothing restored, the dialog stays
    dialog.password.setText("doan-bua-1")
    with qtbot.waitSignal(dialog.checked, timeout=20000) as result:
        dialog.ok_button.click()
    assert result.args == [False]
    assert "Sai mật khẩu" in dialog.message.text() or "không đúng" in dialog.message.text()
    assert db_path.read_bytes() == damaged
    assert not any(".damaged-" in p.name for p in db_path.parent.iterdir())

    # cancel: the three choices again, still nothing changed
    dialog.reject()
    qtbot.waitUntil(lambda: window.startup.restore_box is not None, timeout=20000)
    assert db_path.read_bytes() == damaged

    # the right password: restored, the person is back, the admin password still set
    dialog = _press_restore(qtbot, window)
    dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=30000):
        dialog.ok_button.click()
    names = [
        window.profile_page.list.item(i).text() for i in range(window.profile_page.list.count())
    ]
    assert any("Nguyễn Thị Thu Hương" in n for n in names)
    assert "admin" in _admin_hash(db_path)
    window.close()


def test_a_planted_password_less_backup_does_not_open_the_admin_role(qtbot, paths) -> None:
    """A file without passwords, dropped into the backup folder under a newer name: the admin
    password of the newest real backup is asked, and its passwords go into the restored file."""
    db_path = _installed(paths)
    planted_source = paths.data_dir / "elsewhere.db"
    db = open_database(f"sqlite:///{planted_source}")
    learners.create_learner(db, full_name="Kẻ Gian")
    db.dispose()
    planted = backup_database(planted_source, paths.backup_dir, now=datetime.now(UTC))
    assert planted.parent == paths.backup_dir  # in the folder, under the app's own name
    _damage(db_path)
    window = _start(qtbot, paths)
    dialog = _press_restore(qtbot, window)
    dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=30000):
        dialog.ok_button.click()
    assert "admin" in _admin_hash(db_path)  # carried over from the real backup
    db = open_database(paths.database_url)
    with pytest.raises(passwords.WrongPassword):
        passwords.verify_password(db, "admin", "chiem-quyen-1")
    passwords.verify_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
    window.close()
