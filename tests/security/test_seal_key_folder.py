"""F-KEY-1: on a server database the seal key, its notes and ``trusted-seal-keys/`` follow
``--data-dir``.

Before, ``seal_keys.key_folder`` ignored the data folder a run was given and always used the
environment's (here ``ETHICS_TRAINER_DATA_DIR``, on a PC the platform folder): two proctor
profiles of one account shared one key, and keys copied into ``<--data-dir>/trusted-seal-keys``
were never read. Two data folders against one PostgreSQL database show it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import passwords, seal_keys, seal_ledger
from ethics_trainer.storage.db import open_database

from ..exams.helpers import make_exam
from .helpers import PROCTOR_PASSWORD, sit

pytestmark = pytest.mark.postgres


def _cli(url: str, data_dir: Path, *args: str) -> int:
    return main(["--lang", "en", "--database", url, "--data-dir", str(data_dir), "exam", *args])


def test_two_data_folders_on_one_server_keep_their_own_keys(
    postgres_url, sample_content, tmp_path, monkeypatch, capsys
) -> None:
    db = open_database(postgres_url)
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    sit(db, setup, 0, clock)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    db.dispose()
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    environment_dir = Path(os.environ["ETHICS_TRAINER_DATA_DIR"])
    proctor_pc, hr_pc = tmp_path / "proctor-pc", tmp_path / "hr-pc"
    code = setup.session.code

    assert _cli(postgres_url, proctor_pc, "seal", "--session", code) == 0
    assert (proctor_pc / seal_keys.KEY_FILE_NAME).is_file()
    assert any((proctor_pc / seal_ledger.LEDGER_DIR_NAME).glob("*.json"))
    assert not (environment_dir / seal_keys.KEY_FILE_NAME).exists()  # not the default folder

    # the proctor's own profile confirms its signer
    capsys.readouterr()
    assert _cli(postgres_url, proctor_pc, "verify", "--session", code) == 0
    assert "not confirmed" not in capsys.readouterr().out
    # the HR profile, same database, other folder: consistent but the signer is not confirmed
    assert _cli(postgres_url, hr_pc, "verify", "--session", code) == 0
    out = capsys.readouterr().out
    assert "not confirmed" in out
    assert not (hr_pc / seal_keys.KEY_FILE_NAME).exists()  # verifying makes no key

    # HR copies the proctor's public key into ITS folder (given by --data-dir): confirmed
    assert _cli(postgres_url, proctor_pc, "seal-key") == 0
    _key_id, public_hex = capsys.readouterr().out.split()
    (hr_pc / seal_keys.TRUSTED_DIR_NAME).mkdir(parents=True)
    (hr_pc / seal_keys.TRUSTED_DIR_NAME / "proctor.pub").write_text(public_hex)
    assert _cli(postgres_url, hr_pc, "verify", "--session", code) == 0
    assert "not confirmed" not in capsys.readouterr().out

    # a second proctor profile seals with a key of its own, which the first does not trust
    other = tmp_path / "other-proctor"
    assert _cli(postgres_url, other, "seal-key") == 1  # no key there yet: none is shared
    assert not (other / seal_keys.KEY_FILE_NAME).exists()
