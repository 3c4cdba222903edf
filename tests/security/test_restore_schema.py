"""F-RESTORE-2: ``db restore`` refuses a file whose ``alembic_version`` disagrees with its
tables; the current database stays and keeps working.

Before, a current database relabelled as revision 0001 was put in place ("Restored …"), after
which every command failed ("table exam_definition already exists") while ``db check`` said
OK. The same for a file labelled with the newest revision but missing a table.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.storage.migrate import head_revision

from .helpers import ADMIN_PASSWORD
from .test_restore import _names, _restore, installed  # noqa: F401  (fixture)


def _relabelled(source, target, version: str) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(source, target)
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE alembic_version SET version_num = :v", {"v": version})


def _missing_table(source, target) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(source, target)
    with sqlite3.connect(target) as conn:
        conn.execute("DROP TABLE exam_event")
        conn.execute("UPDATE alembic_version SET version_num = :v", {"v": head_revision()})


@pytest.mark.parametrize("damage", ["relabelled-0001", "table-missing"])
def test_a_file_whose_version_disagrees_with_its_tables_is_refused(
    installed,  # noqa: F811
    tmp_path,
    monkeypatch,
    capsys,
    damage,
) -> None:
    odd = tmp_path / "odd.db"
    if damage == "relabelled-0001":
        _relabelled(installed.sqlite_path, odd, "0001")
    else:
        _missing_table(installed.sqlite_path, odd)
    before = installed.sqlite_path.read_bytes()
    assert _restore(str(odd), env=ADMIN_PASSWORD, monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert "không khớp với phiên bản cấu trúc" in err and "Traceback" not in err
    # the current database is untouched and every command still works
    assert installed.sqlite_path.read_bytes() == before
    assert not list(installed.sqlite_path.parent.glob("*.before-restore-*"))
    assert not list(installed.sqlite_path.parent.glob("*.restoring"))
    assert _names(installed.sqlite_path) == ["Đặng Văn Hùng"]
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    assert main(["exam", "list"]) == 0
    assert main(["db", "check"]) == 0


def test_english_message(installed, tmp_path, monkeypatch, capsys) -> None:  # noqa: F811
    odd = tmp_path / "odd.db"
    _relabelled(installed.sqlite_path, odd, "0001")
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    assert main(["--lang", "en", "db", "restore", str(odd)]) == 1
    assert "do not match its schema version" in capsys.readouterr().err


def test_a_genuine_older_backup_still_restores(installed, monkeypatch) -> None:  # noqa: F811
    """The check migrates a copy: a real backup of an older day still goes back in place."""
    assert _restore(env=ADMIN_PASSWORD, monkeypatch=monkeypatch) == 0
    assert _names(installed.sqlite_path) == ["Đặng Văn Hùng"]
