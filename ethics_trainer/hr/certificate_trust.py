"""Which certificate-signing keys this PC trusts: its own, and those HR copied in by hand.

Every room PC can write the shared database, so a public key found there proves nothing: a
PC could register a key of its own and sign any certificate it likes. Trust therefore comes
only from files on this PC: its own key (``keys/certificate-ed25519.pem``) and one line of
base64 per trusted installation in ``trusted-certificate-keys/*.pub`` (the content of the
other PC's ``keys/certificate-ed25519.pub``).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ethics_trainer.storage.db import Database

TRUSTED_DIR_NAME = "trusted-certificate-keys"
KEY_FILE = Path("keys") / "certificate-ed25519.pem"
PUBLIC_FILE = Path("keys") / "certificate-ed25519.pub"


def key_id_of(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:8]


def default_data_dir(db: Database) -> Path:
    """This installation's data folder when the caller did not name one: beside a SQLite
    file, else the configured data folder."""
    if db.engine.url.get_backend_name() == "sqlite":
        database = db.engine.url.database or ""
        if database and database != ":memory:":
            return Path(database).resolve().parent
    from ethics_trainer.paths import resolve_paths

    return resolve_paths().data_dir


def _own_public(data_dir: Path) -> bytes | None:
    with contextlib.suppress(OSError, ValueError, TypeError):
        private = serialization.load_pem_private_key((data_dir / KEY_FILE).read_bytes(), None)
        if isinstance(private, Ed25519PrivateKey):
            return private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
    return None


def own_key_id(data_dir: Path) -> str | None:
    """The id of this installation's own certificate key (None before it has one)."""
    own = _own_public(data_dir)
    return None if own is None else key_id_of(own)


def parse_public(text: str) -> bytes | None:
    """A 32-byte Ed25519 public key written as base64 (or hex); None when it is not one."""
    text = text.strip()
    for decode in (bytes.fromhex, lambda t: base64.b64decode(t, validate=True)):
        with contextlib.suppress(ValueError, binascii.Error):
            raw = decode(text)
            if len(raw) == 32:
                return raw
    return None


def trusted_certificate_keys(data_dir: Path) -> dict[str, str]:
    """key id -> base64 raw public key, for this PC's own key and the keys HR trusts here."""
    found: dict[str, str] = {}
    own = _own_public(data_dir)
    if own is not None:
        found[key_id_of(own)] = base64.b64encode(own).decode("ascii")
    with contextlib.suppress(OSError):
        for path in sorted((data_dir / TRUSTED_DIR_NAME).glob("*.pub")):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                raw = parse_public(path.read_text(encoding="ascii"))
                if raw is not None:
                    found[key_id_of(raw)] = base64.b64encode(raw).decode("ascii")
    return found


def write_public_file(data_dir: Path, public: bytes) -> None:
    """Leave ``keys/certificate-ed25519.pub`` for HR to copy to the PCs that must trust it."""
    path = data_dir / PUBLIC_FILE
    line = base64.b64encode(public).decode("ascii") + "\n"
    with contextlib.suppress(OSError):
        if not path.exists() or path.read_text(encoding="ascii") != line:
            path.write_text(line, encoding="ascii")
