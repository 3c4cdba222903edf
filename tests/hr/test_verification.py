"""Signed QR payloads: real ones verify, altered or forged ones do not (core and CLI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
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
    REVOKED,
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
    qr = issue(hr_db, tmp_path)
    assert "Nguyễn Thị Thu Hương" in qr
    result = verify(hr_db, qr)
    assert result.status == VALID and result.valid
    assert result.fields is not None and result.fields.full_name == "Nguyễn Thị Thu Hương"
    assert result.unit == "UBND quận Ba Đình"
    key_file = tmp_path / "keys" / "certificate-ed25519.pem"
    assert key_file.exists()
    if os.name == "posix":
        assert key_file.stat().st_mode & 0o077 == 0


def test_altered_and_forged_payloads(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path)
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


def test_second_installation_is_trusted_only_from_a_copied_key_file(hr_db, tmp_path: Path) -> None:
    """The shared database holds pc1's public key, but pc2 trusts it only once HR copied
    pc1's ``keys/certificate-ed25519.pub`` into pc2's ``trusted-certificate-keys/``."""
    qr = issue(hr_db, tmp_path / "pc1")
    other = load_signing_key(hr_db, tmp_path / "pc2")  # a second PC on the same server
    assert other.key_id != qr.split("|")[6]
    assert verify(hr_db, qr, data_dir=tmp_path / "pc2").status == UNKNOWN_KEY
    trusted = tmp_path / "pc2" / "trusted-certificate-keys"
    trusted.mkdir()
    shutil.copy(tmp_path / "pc1" / "keys" / "certificate-ed25519.pub", trusted / "pc1.pub")
    assert verify(hr_db, qr, data_dir=tmp_path / "pc2").status == VALID


def test_renamed_learner_is_a_mismatch(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path)
    with hr_db.session() as session:
        learner = session.exec(
            select(Learner).where(Learner.full_name == "Nguyễn Thị Thu Hương")
        ).one()
        learner.full_name = "Nguyễn Thị Hương"
        session.add(learner)
    assert verify(hr_db, qr).status == MISMATCH


def test_typed_number(hr_db, tmp_path: Path) -> None:
    qr = issue(hr_db, tmp_path)
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


def _rename(db, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        learner = session.exec(select(Learner).where(Learner.full_name == old)).one()
        learner.full_name = new
        session.add(learner)


def test_holder_name_with_separator_verifies(hr_db, tmp_path: Path) -> None:
    """F-CERT-4: the signed message writes '|' as '/', and the records are compared in that
    same form, so the genuine certificate of 'Nguyễn Văn | Một' is valid, not a mismatch."""
    _rename(hr_db, "Nguyễn Thị Thu Hương", "Nguyễn Văn | Một")
    qr = issue(hr_db, tmp_path)
    result = verify(hr_db, qr)
    assert result.status == VALID, result.message
    assert result.fields is not None and result.fields.full_name == "Nguyễn Văn / Một"
    _rename(hr_db, "Nguyễn Văn | Một", "Nguyễn Văn Một")  # a real change is still caught
    assert verify(hr_db, qr).status == MISMATCH


def test_decomposed_holder_name_verifies(hr_db, tmp_path: Path) -> None:
    """A name stored decomposed (NFD, as some keyboards type it) is signed in NFC; the
    comparison with the record uses NFC too."""
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thu Hương")
    assert decomposed != "Nguyễn Thị Thu Hương"
    _rename(hr_db, "Nguyễn Thị Thu Hương", decomposed)
    assert verify(hr_db, issue(hr_db, tmp_path)).status == VALID


def test_number_prefix_with_separator_verifies(hr_db, tmp_path: Path) -> None:
    """A number prefix containing '|' is signed as '/'; the record is still found (and the
    certificate can still be revoked by the number the QR shows)."""
    from dataclasses import replace

    from ethics_trainer.hr.org_settings import load_org_settings, save_org_settings
    from ethics_trainer.hr.revocations import revoke

    save_org_settings(hr_db, replace(load_org_settings(hr_db), number_prefix="SNV|ĐĐ"))
    qr = issue(hr_db, tmp_path)
    result = verify(hr_db, qr)
    assert result.status == VALID, result.message
    assert result.fields is not None and result.fields.number.startswith("SNV/ĐĐ-")
    assert revoke(hr_db, result.fields.number, "Cấp nhầm").number.startswith("SNV|ĐĐ-")
    assert verify(hr_db, qr).status == REVOKED
