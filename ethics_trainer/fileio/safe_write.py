"""The one atomic writer every output file goes through.

The data is written to a temporary file beside the target, flushed to disk, and renamed over
the target only when everything was written: a full disk, a file-size limit, a crash or a
cancel leaves the previous file exactly as it was. The target must be a regular file or not
exist yet: a device (``-o /dev/sda``), a folder, a FIFO is refused, and so is a symbolic link
unless the caller passes ``follow_links=True`` (then the file it points to is replaced).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from ethics_trainer.errors import BadPath, InputRefused
from ethics_trainer.fileio.oserrors import os_error
from ethics_trainer.i18n import tr


def check_target(target: Path, *, follow_links: bool = False) -> Path:
    """The regular file (or free name) to replace; UserError for anything else."""
    target = Path(target)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise os_error(exc, target, writing=True) from exc
    if info is not None and stat.S_ISLNK(info.st_mode):
        if not follow_links:
            raise InputRefused(target, tr("faults.write.symlink"))
        try:
            target = target.resolve(strict=False)
            info = target.stat()
        except FileNotFoundError:
            info = None
        except (OSError, RuntimeError) as exc:
            raise BadPath(tr("faults.io.loop", path=str(target))) from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InputRefused(target, tr("faults.write.not_regular"))
    if not target.parent.is_dir():
        raise BadPath(
            tr("faults.write.no_folder", path=str(target.parent)), tr("faults.io.missing_hint")
        )
    return target


def fsync_dir(folder: Path) -> None:
    """Make the renames in ``folder`` durable (callers that passed ``sync_folder=False``)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows: the rename is atomic without it
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_path(
    target: Path | str, *, follow_links: bool = False, sync_folder: bool = True
) -> Iterator[Path]:
    """A temporary path to write by name (zip, xlsx, pdf writers); renamed over ``target`` when
    the block ends without error. Write errors become a :class:`UserError` saying the old file
    is intact. ``sync_folder=False``: the caller writing many files into one folder calls
    :func:`fsync_dir` once after them (each file is still whole on disk before its rename)."""
    requested = Path(target)
    final = check_target(requested, follow_links=follow_links)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    except OSError as exc:
        raise os_error(exc, requested, writing=True) from exc
    os.close(fd)
    tmp = Path(name)
    done = False
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        check_target(requested, follow_links=follow_links)  # still a regular file or free
        os.replace(tmp, final)
        done = True
        if sync_folder:
            fsync_dir(final.parent)
    except OSError as exc:
        raise os_error(exc, requested, writing=True) from exc
    finally:
        if not done:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)


@contextmanager
def atomic_open(
    target: Path | str,
    mode: str = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
    follow_links: bool = False,
    sync_folder: bool = True,
) -> Iterator[IO[Any]]:
    """``open()`` for writing, atomically: see :func:`atomic_path`."""
    if "w" not in mode:
        raise ValueError("atomic_open writes: mode must contain 'w'")
    with atomic_path(target, follow_links=follow_links, sync_folder=sync_folder) as tmp:
        try:
            with open(tmp, mode, encoding=encoding, newline=newline) as handle:
                yield handle
        except OSError as exc:
            raise os_error(exc, target, writing=True) from exc


def write_bytes(
    target: Path | str, data: bytes, *, follow_links: bool = False, sync_folder: bool = True
) -> None:
    with atomic_open(target, "wb", follow_links=follow_links, sync_folder=sync_folder) as handle:
        handle.write(data)


def write_text(
    target: Path | str, text: str, *, encoding: str = "utf-8", follow_links: bool = False
) -> None:
    with atomic_open(target, "w", encoding=encoding, newline="", follow_links=follow_links) as h:
        h.write(text)
