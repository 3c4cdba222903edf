"""Whether this launch is the first app for its user and data folder, decided before any window.

A lock file in the temporary folder, named after the user and the data folder, is taken with an
operating-system lock (``fileio/file_lock.py``); the system releases it when the app ends, even
by a crash, so a lock that can be taken means no other app runs. Deciding this needs neither Qt's
network module nor OpenSSL's hashes, so the first launch answers it before its first paint and
starts the "come forward" socket (``ui/single_instance.py``) only after it (issue #17); a second
launch asks that socket. The same key names both, so two data folders (a test copy) or two users
still run side by side.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path
from typing import IO

from ethics_trainer.fileio.file_lock import try_lock

PREFIX = "ethics-trainer-"


def _user() -> str:
    """The login name, as ``getpass.getuser`` finds it, without importing its terminal code."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        name = os.environ.get(variable)
        if name:
            return name
    try:  # as getpass.getuser() goes on, without importing its terminal code (issue #17)
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):  # no password database (Windows), no entry
        return "user"


def server_name(data_dir: Path | str) -> str:
    """The name of the running app's socket (and lock file) for this user and data folder: two
    32-bit checksums of both, which only need to tell a few folders apart, not resist anyone."""
    key = f"{_user()}\0{Path(data_dir).resolve()}".encode()
    return f"{PREFIX}{zlib.crc32(key):08x}{zlib.adler32(key):08x}"


def lock_path(name: str) -> Path:
    """The lock file for a socket name: in the user's temporary folder, left there (0 bytes)
    when the app ends, since deleting a lock file another launch may hold open races."""
    return Path(tempfile.gettempdir()) / f"{name}.lock"


class InstanceLock:
    """``acquire()``: True when this is the only app, False when another holds the lock, None
    when no lock can be taken here (then the socket alone decides, as before the lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool | None:
        if self._handle is not None:
            return True
        try:
            handle = self.path.open("a+b")
        except OSError:
            return None
        if not try_lock(handle):
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None
