"""Which format a question file is in, and reading it.

Moodle saves both GIFT and Aiken as ``.txt``, so the name alone does not decide: ``.gift``
(also ``.gift.txt``) is GIFT, ``.aiken`` (also ``.aiken.txt``) is Aiken, and a bare ``.txt``
is told apart by its content (Aiken has ``ANSWER:`` lines, GIFT has ``{...}`` answers).
Word and Excel files are zip packages: the parts inside (``word/document.xml``,
``xl/workbook.xml``) decide, whatever the name says, so a renamed file is still read right.
Moodle XML is text starting with ``<?xml`` or ``<quiz``.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ethics_trainer.content.text import ContentFileError, decode
from ethics_trainer.errors import InputRefused, UserError
from ethics_trainer.fileio.bounded_read import IMPORT_LIMIT, read_bytes_bounded
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.aiken import parse_aiken
from ethics_trainer.interchange.gift import parse_gift
from ethics_trainer.interchange.names import IMPORT_FORMATS
from ethics_trainer.interchange.package_check import check_package
from ethics_trainer.interchange.records import ParseResult

FORMATS = IMPORT_FORMATS
BINARY_FORMATS = ("docx", "xlsx")
_EXTENSIONS = {".docx": "docx", ".xlsx": "xlsx", ".xml": "moodle-xml"}
_XML_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<quiz[\s>]", re.DOTALL)
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


def sniff_binary(data: bytes) -> str | None:
    """``docx`` or ``xlsx`` when the bytes are such a zip package, else None."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def detect_format(path: Path, text: str) -> str:
    """A format of :data:`FORMATS` from the content, then the name; text formats only here
    (binary packages are recognised by :func:`detect_file`)."""
    if _XML_START_RE.match(text.lstrip("\ufeff")):
        return "moodle-xml"
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
    if path.suffix.lower() == ".xml":
        raise UserError(tr("interop.detect.xml_not_quiz", path=str(path)))
    raise UserError(tr("interop.detect.unknown", path=str(path)), tr("interop.detect.hint"))


def detect_file(path: Path) -> str:
    """The format of a file on disk: zip packages by their parts, then the extension, then
    the text. Never blocks on a FIFO (only regular files are peeked at)."""
    head = _head(path) if path.is_file() else b""
    if head.startswith(b"PK\x03\x04"):
        kind = sniff_binary(read_source_bytes(path))
        if kind:
            return kind
        raise UserError(tr("interop.detect.zip", path=str(path)))
    by_name = _EXTENSIONS.get(path.suffix.lower())
    if by_name in BINARY_FORMATS:
        if head:
            raise UserError(tr("interop.detect.not_package", path=str(path), format=by_name))
        return by_name  # empty or unreadable: read_source_bytes says why
    return detect_format(path, read_source(path))


def parse_file(path: Path, fmt: str | None = None) -> ParseResult:
    """Read and parse one file; the result's paths are the file's path as given."""
    fmt = fmt or detect_file(path)
    if fmt in BINARY_FORMATS:
        data = read_source_bytes(path)
        check_package(data, path)
        if fmt == "docx":
            from ethics_trainer.interchange.docx_bank import parse_docx

            return parse_docx(data, str(path))
        from ethics_trainer.interchange.xlsx_bank import parse_xlsx

        return parse_xlsx(data, str(path))
    text = read_source(path)
    if fmt == "moodle-xml":
        from ethics_trainer.interchange.moodle_xml import parse_moodle_xml

        return parse_moodle_xml(text, str(path))
    parser = parse_gift if fmt == "gift" else parse_aiken
    return parser(text, str(path))
