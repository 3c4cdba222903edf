"""Reading an input file without trusting it: a regular file, inside its folder, not too big.

Every reader of user-supplied files (lessons, images, question imports, rosters) goes through
:func:`read_bytes_bounded`. The file is opened non-blocking, so a FIFO or a device never hangs
the app, checked with ``fstat`` on the open descriptor (no race with a swapped file), and read
up to its limit plus one byte, so ``/dev/zero`` or a 24 GB file costs at most the limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ethics_trainer.errors import InputRefused, UserError
from ethics_trainer.fileio.oserrors import os_error
from ethics_trainer.i18n import tr

MB = 1024 * 1024
LESSON_LIMIT = 4 * MB  # a lesson or question bank (Markdown, YAML)
IMAGE_LIMIT = 20 * MB
IMPORT_LIMIT = 64 * MB  # a GIFT/Aiken/Word/Excel question file
ROSTER_LIMIT = 64 * MB  # a CSV/XLSX list of people (100,000 rows is ~10 MB)


def human_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def check_inside(path: Path, roots: Sequence[Path]) -> Path:
    """``path`` with links followed, when it lies within one of ``roots``; else refused."""
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop (Python 3.11)
        raise InputRefused(path, tr("faults.read.loop")) from exc
    if not any(real.is_relative_to(root) for root in roots):
        raise InputRefused(path, tr("faults.read.outside", root=str(roots[0])))
    return real


def read_bytes_bounded(path: Path, limit: int, *, roots: Sequence[Path] = ()) -> bytes:
    """The bytes of ``path``: a regular file of at most ``limit`` bytes; when ``roots`` are
    given (resolved folders), the file, links followed, must lie inside one of them."""
    path = Path(path)
    if roots:
        check_inside(path, roots)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError as exc:
        raise InputRefused(path, tr("faults.read.not_regular")) from exc
    except OSError as exc:
        raise os_error(exc, path) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(path, tr("faults.read.not_regular"))
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read
                raise _too_large(path, total, limit)
        return b"".join(chunks)
    except UserError:
        raise
    except OSError as exc:
        raise os_error(exc, path) from exc
    finally:
        os.close(fd)


def _too_large(path: Path, size: int, limit: int) -> InputRefused:
    return InputRefused(
        path, tr("faults.read.too_large", size=human_size(size), limit=human_size(limit))
    )
