"""Which format a question file is in, and reading it as text.

Moodle saves both GIFT and Aiken as ``.txt``, so the name alone does not decide: ``.gift``
(also ``.gift.txt``) is GIFT, ``.aiken`` (also ``.aiken.txt``) is Aiken, and a bare ``.txt``
is told apart by its content (Aiken has ``ANSWER:`` lines, GIFT has ``{...}`` answers).
"""

from __future__ import annotations

import re
from pathlib import Path

from ethics_trainer.content.text import ContentFileError, decode
from ethics_trainer.errors import InputRefused, UserError
from ethics_trainer.fileio.bounded_read import IMPORT_LIMIT, read_bytes_bounded
from ethics_trainer.interchange.aiken import parse_aiken
from ethics_trainer.interchange.gift import parse_gift
from ethics_trainer.interchange.records import ParseResult

FORMATS = ("gift", "aiken")
_AIKEN_ANSWER_RE = re.compile(r"^\s*ANSWER:\s*[A-Z]", re.MULTILINE)
_AIKEN_OPTION_RE = re.compile(r"^\s*[A-Z][).]", re.MULTILINE)
_GIFT_ANSWERS_RE = re.compile(r"\{[^{}]*\}")
_GIFT_MARKS_RE = re.compile(r"^\s*(?:::|\$CATEGORY:)", re.MULTILINE)


def read_source_bytes(path: Path, limit: int = IMPORT_LIMIT) -> bytes:
    """The file's bytes (Word, Excel, XML formats): a regular file of at most ``limit`` bytes,
    read without blocking on a FIFO or a device; UserError otherwise."""
    try:
        return read_bytes_bounded(path, limit)
    except InputRefused:
        raise
    except UserError as exc:
        cause = exc.__cause__
        if isinstance(cause, FileNotFoundError):
            raise UserError(f"{path}: file not found") from exc
        if isinstance(cause, OSError):
            raise UserError(f"{path}: cannot read file: {cause.strerror or cause}") from exc
        raise


def read_source(path: Path) -> str:
    """The file as text (UTF-8, BOM or not, any line ending); UserError when unreadable,
    too large (:data:`IMPORT_LIMIT`), or not a regular file."""
    data = read_source_bytes(path)
    try:
        return decode(data)
    except ContentFileError as exc:
        raise UserError(
            f"{path}:{exc.line}: not UTF-8 text", "save the file as UTF-8 and try again"
        ) from exc


def detect_format(path: Path, text: str) -> str:
    """``gift`` or ``aiken`` from the name, or from the content when the name says ``.txt``."""
    name = path.name.lower()
    if name.endswith((".gift", ".gift.txt")):
        return "gift"
    if name.endswith((".aiken", ".aiken.txt")):
        return "aiken"
    aiken = len(_AIKEN_ANSWER_RE.findall(text)) if _AIKEN_OPTION_RE.search(text) else 0
    gift = len(_GIFT_ANSWERS_RE.findall(text)) + len(_GIFT_MARKS_RE.findall(text))
    if aiken and aiken >= gift:
        return "aiken"
    if gift:
        return "gift"
    raise UserError(
        f"{path}: cannot tell whether this is GIFT or Aiken", "name the format with --format"
    )


def parse_file(path: Path, fmt: str | None = None) -> ParseResult:
    """Read and parse one file; the result's paths are the file's path as given."""
    text = read_source(path)
    fmt = fmt or detect_format(path, text)
    parser = parse_gift if fmt == "gift" else parse_aiken
    return parser(text, str(path))
