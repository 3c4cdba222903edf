"""The proctor PC's own memory of the sessions it sealed, kept beside its seal key.

The seal tables live in the shared database, which every room PC may write: a PC that deletes
a session's manifest and signatures could otherwise have the next seal rebuild them from its
edited results. So each time this PC signs a manifest it also writes, outside the database, a
signed note of the session (number + code), how many attempts the manifest lists and its
digest. A session with a note is never sealed from scratch, and a manifest that vanished or
lists fewer attempts than the note is reported, not rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ethics_trainer.fileio import safe_write

LEDGER_DIR_NAME = "sealed-sessions"


@dataclass(frozen=True)
class SealNote:
    """What this PC last signed for a session: how many attempts and the manifest's digest."""

    count: int
    manifest_sha256: str


def _path(folder: Path, session_id: int, code: str) -> Path:
    safe = "".join(ch for ch in code if ch.isascii() and ch.isalnum())
    return folder / LEDGER_DIR_NAME / f"{session_id}-{safe}.json"


def _body(session_id: int, code: str, count: int, manifest_sha: str, database: str = "") -> bytes:
    body: dict[str, object] = {"session": [session_id, code], "count": count}
    body["manifest_sha256"] = manifest_sha
    if database:  # notes written before databases had an identity carry none
        body["database"] = database
    text = json.dumps(
        body,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return text.encode("utf-8")


def manifest_digest(manifest_json: str) -> str:
    return hashlib.sha256(manifest_json.encode("utf-8")).hexdigest()


def read_note(
    folder: Path, session_id: int, code: str, public: bytes | None, database: str = ""
) -> SealNote | None:
    """The note for this session, or None if this PC never sealed it. A note that is damaged
    or not signed by this PC's key still says the session was sealed (count unknown: 0). A
    note of another database (``database``: this one's identity) is not this session's."""
    path = _path(folder, session_id, code)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return SealNote(0, "")
    try:
        data = json.loads(raw)
    except ValueError:
        return SealNote(0, "")
    noted_db = str(data.get("database") or "") if isinstance(data, dict) else ""
    if database and noted_db and noted_db != database:
        return None
    try:
        count, sha = int(data["count"]), str(data["manifest_sha256"])
        if public is None:
            raise ValueError("no key to check the note")
        Ed25519PublicKey.from_public_bytes(public).verify(
            bytes.fromhex(str(data["signature"])), _body(session_id, code, count, sha, noted_db)
        )
    except (ValueError, KeyError, TypeError, InvalidSignature):
        return SealNote(0, "")
    return SealNote(count, sha)


def find_note(
    folder: Path,
    session_id: int,
    code: str,
    public: bytes | None,
    facts: list[object],
    database: str = "",
) -> SealNote | None:
    """:func:`read_note`, and also a note of the same session number, date, room and
    definition under another code: a room PC that renames a sealed session's code and wipes
    its seal list must not get it sealed from scratch (the session is taken as sealed, count
    unknown). A new database reusing the number is told apart by its date, room or
    definition."""
    exact = read_note(folder, session_id, code, public, database)
    if exact is not None:
        return exact
    with contextlib.suppress(OSError):
        for path in (folder / LEDGER_DIR_NAME).glob(f"{session_id}-*.json"):
            with contextlib.suppress(OSError, ValueError):
                data = json.loads(path.read_bytes())
                noted_db = str(data.get("database") or "")
                if database and noted_db and noted_db != database:
                    continue
                if data.get("facts") == facts:
                    return SealNote(0, "")
    return None


def sealed_as(folder: Path, session_id: int, code: str, database: str) -> str | None:
    """The code this PC sealed session ``session_id`` of this database under, when it is not
    ``code``: the session was renamed since, and must never be taken over. Only notes that
    name this database count (a new database reuses the numbers)."""
    with contextlib.suppress(OSError):
        for path in sorted((folder / LEDGER_DIR_NAME).glob(f"{session_id}-*.json")):
            with contextlib.suppress(OSError, ValueError, TypeError, IndexError):
                data = json.loads(path.read_bytes())
                sid, old = data["session"]
                if data.get("database") == database and int(sid) == session_id and old != code:
                    return str(old)
    return None


def write_note(
    folder: Path,
    session_id: int,
    code: str,
    count: int,
    manifest_json: str,
    sign: Callable[[bytes], str],
    facts: list[object] | None = None,
    database: str = "",
) -> None:
    """Record (atomically, through the one file writer) that this PC signed this manifest.
    ``facts`` (date, room, definition) let :func:`find_note` recognise the session renamed;
    ``database`` (its identity) ties the note to this database (:func:`sealed_as`)."""
    sha = manifest_digest(manifest_json)
    signature = sign(_body(session_id, code, count, sha, database))
    data: dict[str, object] = {"session": [session_id, code], "count": count}
    data["manifest_sha256"] = sha
    if database:
        data["database"] = database
    if facts is not None:
        data["facts"] = facts
    data["signature"] = signature
    path = _path(folder, session_id, code)
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_write.write_text(path, json.dumps(data, ensure_ascii=False))
