"""Refusing a Word or Excel package that would inflate beyond reason (a "zip bomb").

The file itself is read by the bounded reader (``formats.read_source_bytes``: regular files
only, never blocking, at most ``IMPORT_LIMIT``); a few megabytes of zip can still unpack to
gigabytes inside python-docx or openpyxl, so the parts' declared sizes are checked first.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what the parts of a .docx/.xlsx may inflate to
MAX_PARTS = 10_000


def check_package(data: bytes, path: Path) -> None:
    """UserError when the package's parts would inflate past the limits; a file that is not
    a zip passes (its reader says what is wrong with it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise UserError(
            tr("interop.file.too_big", path=str(path), mb=MAX_UNPACKED_BYTES // (1024 * 1024))
        )
