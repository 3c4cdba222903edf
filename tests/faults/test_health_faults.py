"""At start, a full disk or a missing ``-shm`` is never called damage, and the damaged-database
dialog's default button keeps every file as it is.

A full disk is a file-size limit (RLIMIT_FSIZE) in a child process: SQLite then cannot size the
``-shm`` file (``SQLITE_IOERR_SHMSIZE``), which the check used to report as a damaged database,
offering "restore an older backup" as the default — throwing away good data.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ethics_trainer.clock import SystemClock
from ethics_trainer.paths import resolve_paths
from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow

from .cli_child import NO_PYC, ROOT, run_cli

FULL_AT = 100  # bytes a child may write: less than any write the database makes


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FULL_AT, FULL_AT))


def sound_database(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ethics-trainer.db"
    db = open_database(f"sqlite:///{path}")
    learners.create_learner(db, full_name="Nguyễn Văn An")
    db.dispose()
    for companion in ("-wal", "-shm"):
        Path(f"{path}{companion}").unlink(missing_ok=True)
    return path


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` on a full disk, for a check the command line does not expose."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT), "ETHICS_TRAINER_LANG": "en", **NO_PYC},
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        timeout=300,
    )


def test_db_check_on_full_disk_calls_a_sound_database_sound(tmp_path) -> None:
    data = tmp_path / "data"
    sound_database(data)
    done = run_cli("--data-dir", str(data), "db", "check", size_limit=FULL_AT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "damaged" not in (done.stdout + done.stderr)


def test_startup_check_on_full_disk_is_not_damage(tmp_path) -> None:
    data = tmp_path / "data"
    path = sound_database(data)
    # Keep a WAL with pages, so the check cannot fall back to reading the file immutably.
    import sqlite3

    keep = sqlite3.connect(path)
    keep.execute("PRAGMA journal_mode=WAL")
    keep.execute("PRAGMA wal_autocheckpoint=0")
    keep.execute("CREATE TABLE note (x)")
    keep.execute("INSERT INTO note VALUES ('Trần Thị Bình')")
    keep.commit()
    Path(f"{path}-shm").unlink()  # the -shm must be made again, which the full disk refuses
    code = (
        "from ethics_trainer.paths import resolve_paths;"
        "from ethics_trainer.storage.health import startup_check;"
        f"h = startup_check(resolve_paths({str(data)!r}), make_backup=False);"
        "print(h.health.value); print(h.message())"
    )
    done = run_python(code)
    keep.close()
    assert done.returncode == 0, done.stderr
    health, _, message = done.stdout.partition("\n")
    assert health == "unreadable", done.stdout
    assert "full" in message and "damaged" not in message.replace("not damaged", "")


def test_damaged_dialog_defaults_to_quit(qtbot, tmp_path, sample_content) -> None:
    paths = resolve_paths(tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", sample_content)
    db_path = paths.sqlite_path
    assert db_path is not None
    sound_database(db_path.parent)
    db_path.write_bytes(b"\x00" * 8192)
    window = MainWindow(AppContext(paths=paths, clock=SystemClock()))
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.startup.restore_box is not None, timeout=20000)
    box: QMessageBox = window.startup.restore_box
    quit_button = box.defaultButton()
    assert quit_button is not None
    assert box.buttonRole(quit_button) == QMessageBox.ButtonRole.RejectRole
    assert box.escapeButton() is quit_button
    before = db_path.read_bytes()
    quit_button.click()
    assert db_path.read_bytes() == before  # quitting changed nothing
    window.close()
