"""Signed QR payloads: real ones verify, altered or forged ones do not (core and CLI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from ethics_trainer.cli.main import main
from ethics_trainer.hr.certificates import prepare_certificates
from ethics_trainer.hr.reports import ReportFilter
from ethics_trainer.hr.verification import (
    ALTERED,
    MISMATCH,
    REGISTERED,
    UNKNOWN_KEY,
    UNKNOWN_NUMBER,
    VALID,
    SigningKey,
    load_signing_key,
    verify,
)
from ethics_trainer.storage.models import Learner

from .conftest import TITLES


def issue(db, data_dir: Path) -> str:
    certs = prepare_certificates(db, data_dir, ReportFilter(unit="Ba Đình"), TITLES)
    assert len(certs) == 1
    return certs[0].qr_text


def test_real_payload_is_valid(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path / "data")
    assert "Nguyễn Thị Thu Hương" in qr
    result = verify(hr_db, qr)
    assert result.status == VALID and result.valid
    assert result.fields is not None and result.fields.full_name == "Nguyễn Thị Thu Hương"
    assert result.unit == "UBND quận Ba Đình"
    key_file = tmp_path / "data" / "keys" / "certificate-ed25519.pem"
    assert key_file.exists()
    if os.name == "posix":
        assert key_file.stat().st_mode & 0o077 == 0


def test_altered_and_forged_payloads(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path / "data")
    assert (
        verify(hr_db, qr.replace("Nguyễn Thị Thu Hương", "Nguyễn Thị Thu Hường")).status == ALTERED
    )
    assert verify(hr_db, qr.replace("|2026-10-10|", "|2026-10-11|")).status == ALTERED
    forger = SigningKey(Ed25519PrivateKey.generate(), qr.split("|")[6])
    fields = verify(hr_db, qr).fields
    assert fields is not None
    assert verify(hr_db, forger.sign(fields)).status == ALTERED
    stranger = SigningKey(Ed25519PrivateKey.generate(), "deadbeef")
    assert verify(hr_db, stranger.sign(fields)).status == UNKNOWN_KEY
    assert not verify(hr_db, qr[:-5]).valid
    assert not verify(hr_db, "ET1|garbage").valid


def test_second_installation_verifies_via_the_database(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path / "pc1")
    other = load_signing_key(hr_db, tmp_path / "pc2")  # a second PC on the same server
    assert other.key_id != qr.split("|")[6]
    assert verify(hr_db, qr).status == VALID


def test_renamed_learner_is_a_mismatch(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path / "data")
    with hr_db.session() as session:
        learner = session.exec(
            select(Learner).where(Learner.full_name == "Nguyễn Thị Thu Hương")
        ).one()
        learner.full_name = "Nguyễn Thị Hương"
        session.add(learner)
    assert verify(hr_db, qr).status == MISMATCH


def test_typed_number(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path / "data")
    number = qr.split("|")[1]
    assert verify(hr_db, number).status == REGISTERED
    assert verify(hr_db, "ddcv-" + number.split("-", 1)[1].lower()).status == REGISTERED
    assert verify(hr_db, "ĐĐCV-2026-999999").status == UNKNOWN_NUMBER


def test_cli_exit_codes(hr_db, tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "data"
    qr = issue(hr_db, data_dir)
    base = ["--data-dir", str(data_dir), "--database", hr_db.url]
    assert main([*base, "verify", qr]) == 0
    assert "HỢP LỆ" in capsys.readouterr().out
    assert main([*base, "verify", qr.replace("Hương", "Huong")]) == 1
    assert "KHÔNG HỢP LỆ" in capsys.readouterr().out
    assert main([*base, "verify", "ĐĐCV-2026-424242"]) == 1


def test_cli_in_subprocess(hr_db, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    qr = issue(hr_db, data_dir)
    env = {**os.environ, "ETHICS_TRAINER_DATABASE_URL": hr_db.url, "ETHICS_TRAINER_LANG": "en"}
    cmd = [sys.executable, "-m", "ethics_trainer.cli.main", "--data-dir", str(data_dir), "verify"]
    good = subprocess.run([*cmd, qr], capture_output=True, text=True, env=env, timeout=120)
    assert good.returncode == 0, good.stderr
    assert "VALID" in good.stdout and "Nguyễn Thị Thu Hương" in good.stdout
    bad = subprocess.run(
        [*cmd, qr.replace("|mau|", "|khac|")], capture_output=True, text=True, env=env, timeout=120
    )
    assert bad.returncode == 1 and "INVALID" in bad.stdout
