"""Found in the attack pass: a restored file brought its own triggers.

``db restore`` carries the current role passwords into the file it puts in place, by deleting
and inserting ``role_password`` rows. A file that holds a trigger on that table (it needs no
more than the sqlite3 shell to make) rewrote the admin hash right after, so an admin who
restored "the backup from the other office" handed the admin role to whoever made it; any
other trigger (on ``attempt``, ``answer`` …) would keep working in the production database.
The app's schema has no trigger and no view: a file with one is refused before anything.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import open_database

from .helpers import ADMIN_PASSWORD
from .test_restore import _restore, installed  # noqa: F401  (fixture)

ATTACKER = "ke-gian-2026"


def _hash_row(password: str) -> tuple[str, str, str]:
    import hashlib
    import secrets

    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=2**14, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32
    )
    return digest.hex(), salt.hex(), "16384,8,1"


@pytest.mark.parametrize("kind", ["trigger", "view"])
def test_a_file_with_its_own_trigger_is_refused(
    installed,  # noqa: F811
    tmp_path,
    monkeypatch,
    capsys,
    kind,
) -> None:
    booby = tmp_path / "tu-van-phong-khac.db"
    shutil.copy(installed.sqlite_path, booby)
    hash_hex, salt_hex, params = _hash_row(ATTACKER)
    with sqlite3.connect(booby) as conn:
        if kind == "trigger":
            conn.execute(
                "CREATE TRIGGER keep_mine AFTER INSERT ON role_password WHEN NEW.role = 'admin'"
                f" BEGIN UPDATE role_password SET hash_hex = '{hash_hex}',"
                f" salt_hex = '{salt_hex}', params = '{params}' WHERE role = 'admin'; END"
            )
        else:
            conn.execute("CREATE VIEW v AS SELECT * FROM learner")
    before = installed.sqlite_path.read_bytes()
    assert _restore(str(booby), env=ADMIN_PASSWORD, monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(booby) in err
    assert installed.sqlite_path.read_bytes() == before
    db = open_database(installed.database_url)
    with pytest.raises(passwords.WrongPassword):
        passwords.verify_password(db, "admin", ATTACKER)
    passwords.verify_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
