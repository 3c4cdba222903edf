"""The proctor PC's Ed25519 seal key and the public keys it trusts.

Why signatures and not an HMAC: an HMAC key has to be readable by whoever checks, so every PC
of a room sharing one PostgreSQL server could re-seal what it edited. Here the private key is a
file in the proctor PC's data folder (next to the SQLite file on a single PC); the database
holds only public keys, so a room PC can read everything and still not forge a seal.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import SealKey

KEY_FILE_NAME = "ethics-trainer-seal.key"
TRUSTED_DIR_NAME = "trusted-seal-keys"  # other proctor PCs' public keys (hex, *.pub)


_lock = threading.Lock()
_signers: dict[Path, Signer] = {}


def key_id_of(public: bytes) -> str:
    """A key's fingerprint: the first 16 hex digits of SHA-256 of its raw public bytes."""
    return hashlib.sha256(public).hexdigest()[:16]


@dataclass(frozen=True)
class Signer:
    """The proctor PC's private key, and the folder it lives in (where its notes go too)."""

    private: Ed25519PrivateKey
    public: bytes
    folder: Path

    @property
    def key_id(self) -> str:
        return key_id_of(self.public)

    def sign(self, message: bytes) -> str:
        return self.private.sign(message).hex()


def key_folder(db: Database, data_dir: Path | None = None) -> Path:
    """Where this PC keeps its seal key, notes and trusted keys: beside a SQLite file, else in
    ``data_dir``, the data folder this run was given (``--data-dir``, the environment or the
    default, as resolved by the caller). A server database has no file to sit beside: every
    entry point of the app (CLI, proctor console) passes its ``data_dir``, so two profiles
    of one account never share a key. Without one (a script or test calling the library),
    the environment's data folder is used, as the CLI would without ``--data-dir``."""
    if db.engine.url.get_backend_name() == "sqlite":
        database = db.engine.url.database or ""
        if database and database != ":memory:":
            return Path(database).resolve().parent
    if data_dir is None:
        from ethics_trainer.paths import resolve_paths

        return resolve_paths().data_dir
    return Path(data_dir).expanduser().resolve()


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _read_key_file(path: Path) -> Signer:
    """The key in an existing file; a damaged file is refused (never replaced silently)."""
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
    except (OSError, ValueError, TypeError) as error:
        raise UserError(
            tr("security.seal.bad_key_file", path=str(path)),
            tr("security.seal.bad_key_file_hint"),
        ) from error
    return Signer(private, _raw_public(private), path.parent)


def _create_key_file(path: Path) -> Signer:
    """Write a new key to a synced temporary file, then link it into place: the key file never
    exists half-written, and of two processes racing, both use the one linked first."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".seal-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            return _read_key_file(path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    return Signer(private, _raw_public(private), path.parent)


def load_signer(folder: Path, *, create: bool = True) -> Signer | None:
    """This PC's seal key in ``folder`` (made on first use when ``create``)."""
    path = folder / KEY_FILE_NAME
    with _lock:
        cached = _signers.get(path)
        if cached is not None and path.exists():
            return cached
        if path.exists():
            signer = _read_key_file(path)
        elif create:
            signer = _create_key_file(path)
        else:
            return None
        _signers[path] = signer
        return signer


def proctor_signer(db: Database, data_dir: Path | None = None) -> Signer:
    """The key the proctor's console and commands seal with, created on first use."""
    signer = load_signer(key_folder(db, data_dir))
    assert signer is not None
    return signer


def trusted_keys(db: Database, data_dir: Path | None = None) -> dict[str, bytes]:
    """Public keys this PC trusts: its own seal key and ``trusted-seal-keys/*.pub`` (hex)."""
    return trusted_in(key_folder(db, data_dir))


def trusted_in(folder: Path) -> dict[str, bytes]:
    """The keys trusted by the PC whose key folder is ``folder``."""
    found: dict[str, bytes] = {}
    own = load_signer(folder, create=False)
    if own is not None:
        found[own.key_id] = own.public
    with contextlib.suppress(OSError):
        for path in sorted((folder / TRUSTED_DIR_NAME).glob("*.pub")):
            with contextlib.suppress(OSError, ValueError):
                public = bytes.fromhex(path.read_text(encoding="ascii").strip())
                if len(public) == 32:
                    found[key_id_of(public)] = public
    return found


def register_key(session: Session, signer: Signer) -> None:
    if session.get(SealKey, signer.key_id) is None:
        session.add(
            SealKey(
                key_id=signer.key_id, public_hex=signer.public.hex(), created_at=datetime.now(UTC)
            )
        )
        session.flush()
