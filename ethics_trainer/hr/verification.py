"""Signed certificate payloads (Ed25519) and checking them offline.

Each installation makes its own key pair on first use. The private key stays in the data
folder (``keys/certificate-ed25519.pem``, readable by the owner only); the public half is
written beside it (``keys/certificate-ed25519.pub``) for HR to copy to the PCs that must
trust it. A key is trusted only from this PC's files (:mod:`certificate_trust`), never from
the shared database, which every room PC can write. (The public key is still noted in
AppSetting, for information only.)

The QR code holds one line (UTF-8, NFC)::

    ET1|<number>|<full name>|<course id>|<YYYY-MM-DD>|<content hash, 12 hex>|<key id>|<signature>

where the signature (base64url, no padding) covers everything before the last ``|``.

When the installation names where its verification page is hosted (``hr.verify.url``), the
QR holds ``<url>#<fragment>`` instead, the fragment being base64url(signed message + the
64 signature bytes): a phone camera opens the page, which checks the signature itself, and
the part after ``#`` never leaves the phone. :func:`verify` reads all three forms.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select
from sqlmodel import col

from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.hr.certificate_numbers import number_variants
from ethics_trainer.hr.certificate_trust import (
    default_data_dir,
    trusted_certificate_keys,
    write_public_file,
)
from ethics_trainer.hr.settings_store import get_setting, set_settings
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Completion, Learner

MAGIC = "ET1"
SEP = "|"
KEY_FILE = Path("keys") / "certificate-ed25519.pem"
KEY_SETTING = "hr.verify.key."  # + key id -> base64 raw public key
URL_SETTING = "hr.verify.url"  # where this installation hosts its verification page
SIGNATURE_BYTES = 64
HASH_CHARS = 12

VALID = "valid"
# signed by another installation's key that HR copied into trusted-certificate-keys/; its
# number is not in this database, so only the issuing centre knows whether it was withdrawn
VALID_ELSEWHERE = "valid_elsewhere"
# signed by THIS installation's own key, yet its record is gone from this database (deleted
# rows, or a database put back from before it): never "valid", whatever the signature says
NOT_ON_RECORD = "not_on_record"
REGISTERED = "registered"  # a typed number found in this database
ALTERED = "altered"
UNKNOWN_KEY = "unknown_key"
MALFORMED = "malformed"
UNKNOWN_NUMBER = "unknown_number"
MISMATCH = "mismatch"
REVOKED = "revoked"

_lock = threading.Lock()


def canonical(text: str) -> str:
    """A field as the signed message holds it: NFC, the separator ``|`` written as ``/``.

    Signing, parsing and comparing with the records all go through this one form, so a
    holder whose name contains ``|`` (or is stored decomposed) still matches their record.
    """
    return nfc(text).replace(SEP, "/")


@dataclass(frozen=True)
class CertificateFields:
    """What a certificate asserts, and what the signature covers (text fields canonical)."""

    number: str
    full_name: str
    course_id: str
    completed_on: date
    content_hash: str  # short form, HASH_CHARS hex digits

    def __post_init__(self) -> None:
        for name in ("number", "full_name", "course_id", "content_hash"):
            object.__setattr__(self, name, canonical(getattr(self, name)))

    def message(self, key_id: str) -> str:
        parts = [
            MAGIC,
            self.number,
            self.full_name,
            self.course_id,
            self.completed_on.isoformat(),
            self.content_hash,
            canonical(key_id),
        ]
        return nfc(SEP.join(parts))


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    key_id: str
    url: str = ""  # the verification page's address; "" puts the bare payload in the QR

    def sign(self, fields: CertificateFields) -> str:
        """The QR text for ``fields``: ``<url>#<fragment>`` when a page URL is set."""
        message = fields.message(self.key_id)
        signature = self.private.sign(message.encode("utf-8"))
        if self.url:
            return f"{self.url}#{compact(message, signature)}"
        return message + SEP + _b64(signature)


def compact(message: str, signature: bytes) -> str:
    """The URL fragment: base64url of the message's UTF-8 bytes then the raw signature."""
    return _b64(message.encode("utf-8") + signature)


def expand(fragment: str) -> str | None:
    """The ``ET1|...|<signature>`` text of a URL fragment, or None when it is not one."""
    try:
        data = _unb64(fragment.strip())
    except (ValueError, binascii.Error):
        return None
    if len(data) <= SIGNATURE_BYTES:
        return None
    try:
        message = data[:-SIGNATURE_BYTES].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return message + SEP + _b64(data[-SIGNATURE_BYTES:])


def verify_url(db: Database) -> str:
    """This installation's verification page address ("" when none is set)."""
    return get_setting(db, URL_SETTING)


def set_verify_url(db: Database, url: str) -> str:
    """Store the page address (``https://host/path``; "" to put bare payloads in QR codes)."""
    url = url.strip()
    if url:
        parsed = urlsplit(url)
        if parsed.scheme not in ("https", "http") or not parsed.netloc or parsed.fragment:
            raise UserError(tr("interop.verify.bad_url", url=url), tr("interop.verify.url_hint"))
        if "#" in url or any(c.isspace() for c in url):
            raise UserError(tr("interop.verify.bad_url", url=url), tr("interop.verify.url_hint"))
    set_settings(db, {URL_SETTING: url})
    return url


@dataclass(frozen=True)
class Verification:
    status: str
    message: str
    fields: CertificateFields | None = None
    unit: str = ""

    @property
    def valid(self) -> bool:
        return self.status in (VALID, REGISTERED, VALID_ELSEWHERE)

    @property
    def issued_here(self) -> bool:
        """Valid AND on this database's records (not merely signed by a trusted centre)."""
        return self.status in (VALID, REGISTERED)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def short_hash(content_hash: str) -> str:
    return (content_hash or "").lower()[:HASH_CHARS]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:8]


def load_signing_key(db: Database, data_dir: Path) -> SigningKey:
    """This installation's key, made on first use; its public half is registered in the DB."""
    path = Path(data_dir) / KEY_FILE
    with _lock:
        try:
            if path.exists():
                private = serialization.load_pem_private_key(path.read_bytes(), password=None)
                if not isinstance(private, Ed25519PrivateKey):
                    raise UserError(tr("hr.error.bad_key", path=str(path)))
            else:
                private = Ed25519PrivateKey.generate()
                path.parent.mkdir(parents=True, exist_ok=True)
                pem = private.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(pem)
        except (OSError, ValueError) as exc:
            raise UserError(tr("hr.error.bad_key", path=str(path)), str(exc)) from exc
    public = _raw_public(private.public_key())
    write_public_file(Path(data_dir), public)
    key_id = key_id_of(public)
    setting = KEY_SETTING + key_id
    encoded = base64.b64encode(public).decode("ascii")
    if get_setting(db, setting) != encoded:
        set_settings(db, {setting: encoded})
    return SigningKey(private, key_id, verify_url(db))


def trusted_key(db: Database, key_id: str, data_dir: Path | None = None) -> Ed25519PublicKey | None:
    """The key ``key_id`` if this PC trusts it (its own, or one in trusted-certificate-keys/)."""
    stored = all_public_keys(db, data_dir).get(key_id)
    if not stored:
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(stored))
    except ValueError:
        return None


def payload_text(text: str) -> str:
    """The ``ET1|...`` text of a QR: as is, or decoded from a page URL or its fragment."""
    text = text.strip()
    if text.startswith(MAGIC + SEP):
        return text
    fragment = text.rsplit("#", 1)[1] if "#" in text else text
    if fragment and all(c.isalnum() or c in "-_" for c in fragment):
        expanded = expand(fragment)
        if expanded is not None and expanded.startswith(MAGIC + SEP):
            return expanded
    return text


def all_public_keys(db: Database, data_dir: Path | None = None) -> dict[str, str]:
    """key id -> base64 raw public key, for every key this PC trusts: its own and those in
    ``trusted-certificate-keys/`` of ``data_dir`` (default: beside the SQLite file). Keys
    merely present in the database are ignored."""
    return trusted_certificate_keys(data_dir if data_dir is not None else default_data_dir(db))


def parse_payload(text: str) -> tuple[CertificateFields, str, str, bytes] | None:
    """(fields, key id, signed message, signature) or None when it is not our format."""
    parts = nfc(payload_text(text)).split(SEP)
    if len(parts) != 8 or parts[0] != MAGIC:
        return None
    try:
        completed_on = date.fromisoformat(parts[4])
        signature = _unb64(parts[7])
    except ValueError:
        return None
    fields = CertificateFields(parts[1], parts[2], parts[3], completed_on, parts[5])
    return fields, parts[6], SEP.join(parts[:7]), signature


def _lookup(db: Database, number: str) -> tuple[Completion, Learner] | None:
    with db.session() as session:
        row = session.execute(
            select(Completion, Learner)
            .join(Learner, col(Learner.id) == col(Completion.learner_id))
            .where(col(Completion.certificate_no).in_(number_variants(number)))
        ).first()
        return (row[0], row[1]) if row else None


def fields_for(completion: Completion, learner: Learner) -> CertificateFields:
    from ethics_trainer.i18n.formats import local

    when = completion.completed_at  # aware UTC (storage/utc_datetime.py)
    return CertificateFields(
        number=completion.certificate_no,
        full_name=learner.full_name,
        course_id=completion.course_id,
        completed_on=local(when).date(),
        content_hash=short_hash(completion.content_hash),
    )


def verify(db: Database, text: str, *, data_dir: Path | None = None) -> Verification:
    """Check scanned QR text (signature) or a typed certificate number (records).

    A signature counts only with a key this PC trusts (see :func:`all_public_keys`).
    """
    text = payload_text(text)
    if not text:
        return Verification(MALFORMED, tr("hr.verify.empty"))
    parsed = parse_payload(text)
    if parsed is None:
        if text.startswith(MAGIC + SEP):
            return Verification(MALFORMED, tr("hr.verify.malformed"))
        found = _lookup(db, text)
        if found is None:
            return Verification(UNKNOWN_NUMBER, tr("hr.verify.unknown_number", number=text))
        fields = fields_for(*found)
        revoked = _revoked(db, fields)
        if revoked is not None:
            return Verification(REVOKED, revoked, fields, found[1].unit)
        return Verification(
            REGISTERED, tr("hr.verify.registered", number=fields.number), fields, found[1].unit
        )
    fields, key_id, message, signature = parsed
    public = trusted_key(db, key_id, data_dir)
    if public is None:
        return Verification(UNKNOWN_KEY, tr("hr.verify.unknown_key", key=key_id), fields)
    try:
        public.verify(signature, message.encode("utf-8"))
    except InvalidSignature:
        return Verification(ALTERED, tr("hr.verify.altered"), fields)
    revoked = _revoked(db, fields)
    found = _lookup(db, fields.number)
    if revoked is not None:
        return Verification(REVOKED, revoked, fields, found[1].unit if found else "")
    if found is not None:
        recorded = fields_for(*found)
        if recorded != fields:
            return Verification(MISMATCH, tr("hr.verify.mismatch"), fields, found[1].unit)
        return Verification(VALID, tr("hr.verify.valid"), fields, found[1].unit)
    from ethics_trainer.hr.certificate_trust import default_data_dir, own_key_id

    if key_id == own_key_id(data_dir if data_dir is not None else default_data_dir(db)):
        return Verification(
            NOT_ON_RECORD, tr("hr.verify.not_on_record", number=fields.number), fields
        )
    return Verification(VALID_ELSEWHERE, tr("hr.verify.valid_elsewhere", key=key_id), fields)


def _revoked(db: Database, fields: CertificateFields) -> str | None:
    """The "revoked on ... because ..." message when HR withdrew this certificate."""
    from ethics_trainer.hr.revocations import revocation_of
    from ethics_trainer.i18n.formats import local

    for number in number_variants(fields.number):
        found = revocation_of(db, number)
        if found is not None:
            day = local(found.revoked_at).date().isoformat()
            return tr("interop.verify.revoked", date=day, reason=found.reason)
    return None
