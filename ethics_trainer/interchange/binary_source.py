"""Reading a binary question file (.docx, .xlsx) safely: bounded, regular files only.

A file picked in a dialog or named on the command line may be a FIFO or a device that would
block forever, or a huge file that would exhaust a small office PC's memory. We look before
we open (``os.stat`` + ``S_ISREG``), open without blocking, and refuse anything over the
limit, each with a message the user understands.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

MAX_BINARY_BYTES = 20 * 1024 * 1024  # a Word bank with pictures is a few MB


def read_binary(path: Path, limit: int = MAX_BINARY_BYTES) -> bytes:
    """The whole file; UserError when missing, not a regular file, or larger than ``limit``."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise UserError(tr("interop.file.missing", path=str(path))) from exc
    except OSError as exc:
        raise UserError(tr("interop.file.unreadable", path=str(path), detail=exc.strerror)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UserError(tr("interop.file.folder", path=str(path)))
    if not stat.S_ISREG(info.st_mode):
        raise UserError(tr("interop.file.not_regular", path=str(path)))
    if info.st_size > limit:
        raise UserError(tr("interop.file.too_big", path=str(path), mb=limit // (1024 * 1024)))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UserError(tr("interop.file.unreadable", path=str(path), detail=exc.strerror)) from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the stat
            raise UserError(tr("interop.file.not_regular", path=str(path)))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UserError(tr("interop.file.too_big", path=str(path), mb=limit // (1024 * 1024)))
    return data
