"""An ``OSError`` turned into the fault it is (full disk, read-only, missing, ...) with a message."""

from __future__ import annotations

import errno
from pathlib import Path

from ethics_trainer.errors import BadPath, DiskFull, ReadOnlyLocation, UserError
from ethics_trainer.i18n import tr

FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
MISSING_ERRNOS = {errno.ENOENT, errno.ENOTDIR}


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL_ERRNOS


def os_error(exc: OSError, path: Path | str | None = None, *, writing: bool = False) -> UserError:
    """The user's message for ``exc`` on ``path``; ``writing`` adds "the old file is intact"."""
    where = str(path if path is not None else exc.filename or "")
    reason = exc.strerror or str(exc)
    if exc.errno in FULL_ERRNOS:
        message = tr("faults.write.disk_full", path=where)
        return DiskFull(message, tr("faults.write.disk_full_hint"))
    if exc.errno in READ_ONLY_ERRNOS:
        return ReadOnlyLocation(
            tr("faults.io.read_only", path=where, error=reason), tr("faults.io.read_only_hint")
        )
    if exc.errno in MISSING_ERRNOS:
        return BadPath(tr("faults.io.missing", path=where), tr("faults.io.missing_hint"))
    if exc.errno == errno.ELOOP:
        return BadPath(tr("faults.io.loop", path=where))
    if writing:
        return UserError(tr("faults.write.failed", path=where, error=reason))
    return UserError(tr("faults.io.failed", path=where, error=reason))
