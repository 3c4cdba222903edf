"""Review item 2 (F-CERT-1): a key found in the shared database is not a trusted signer.

A room PC holds the database's credentials. It inserts its own public key next to the real
ones and signs a made-up certificate. Before the fix ``verify`` said HỢP LỆ and the next
``verify-page`` published that key.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ethics_trainer.cli.main import main
from ethics_trainer.hr.verification import (
    KEY_SETTING,
    UNKNOWN_KEY,
    CertificateFields,
    SigningKey,
    key_id_of,
    load_signing_key,
    verify,
)
from ethics_trainer.hr.verify_page import build_page


def _forge(db) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """What the room PC does with plain SQL: register a key of its own, sign a fake."""
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key_id = key_id_of(public)
    with db.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO app_setting (key, value) VALUES (:k, :v)"),
            {"k": KEY_SETTING + key_id, "v": base64.b64encode(public).decode("ascii")},
        )
    fields = CertificateFields(
        "ĐĐCV-2026-999999", "Kẻ Gian Giả Mạo", "dao-duc", date(2026, 11, 30), "ab12cd34ef56"
    )
    return SigningKey(private, key_id).sign(fields), key_id


def test_a_key_inserted_into_the_database_signs_nothing_valid(db, tmp_path: Path, capsys) -> None:
    load_signing_key(db, tmp_path)  # this installation's own, genuine key
    forged, _key_id = _forge(db)
    result = verify(db, forged, data_dir=tmp_path)
    assert result.status == UNKNOWN_KEY and not result.valid
    assert (
        main(["--lang", "en", "--data-dir", str(tmp_path), "--database", db.url, "verify", forged])
        == 1
    )
    out = capsys.readouterr().out
    assert out.startswith("NOT VALID: unknown signer")


def test_the_page_publishes_only_keys_trusted_on_this_pc(db, tmp_path: Path) -> None:
    own = load_signing_key(db, tmp_path)
    _forged, _key_id = _forge(db)
    html = build_page(db, {}, data_dir=tmp_path)
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    assert match
    assert list(json.loads(match.group(1))["keys"]) == [own.key_id]
