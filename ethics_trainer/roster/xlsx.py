"""The first sheet of an XLSX workbook as rows of cell texts, streamed with expat.

openpyxl's read-only mode took ~45 s for 100,000 rows on this machine; parsing the sheet's XML
with expat (C) takes a few seconds. Only what a roster needs is read: shared and inline
strings, numbers (a code typed as a number loses its ".0"), booleans. Every part is checked
against a size limit before it is decompressed, so a ZIP bomb is refused, not expanded.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.parsers import expat

from ethics_trainer.errors import InputRefused, UserError
from ethics_trainer.fileio.bounded_read import human_size
from ethics_trainer.i18n import tr

MAX_PART = 512 * 1024 * 1024  # uncompressed bytes of one XML part
_CHUNK = 1 << 20
_CELL_REF = re.compile(r"([A-Z]+)")
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column(ref: str) -> int:
    match = _CELL_REF.match(ref)
    index = 0
    for ch in match.group(1) if match else "":
        index = index * 26 + ord(ch) - 64
    return index - 1


def _open_part(archive: zipfile.ZipFile, name: str, source: str) -> IO[bytes]:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART:
        raise InputRefused(
            source,
            tr(
                "faults.read.too_large", size=human_size(info.file_size), limit=human_size(MAX_PART)
            ),
        )
    return archive.open(info)


def _feed(parser: expat.XMLParserType, stream: IO[bytes]) -> None:
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            parser.Parse(b"", True)
            return
        parser.Parse(chunk, False)


def _parser() -> expat.XMLParserType:
    return expat.ParserCreate(namespace_separator="|")


def _shared_strings(archive: zipfile.ZipFile, source: str) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    depth = {"t": False, "rph": 0}
    parser = _parser()

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = name.rsplit("|", 1)[-1]
        if local == "si":
            parts.clear()
        elif local == "t":
            depth["t"] = True
        elif local in ("rPh", "phoneticPr"):
            depth["rph"] += 1  # phonetic hints are not part of the text

    def end(name: str) -> None:
        local = name.rsplit("|", 1)[-1]
        if local == "si":
            strings.append("".join(parts))
        elif local == "t":
            depth["t"] = False
        elif local in ("rPh", "phoneticPr"):
            depth["rph"] -= 1

    def text(data: str) -> None:
        if depth["t"] and not depth["rph"]:
            parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with _open_part(archive, "xl/sharedStrings.xml", source) as stream:
        _feed(parser, stream)
    return strings


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet (usually xl/worksheets/sheet1.xml)."""
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        workbook = rels = b""
    first_id = ""
    targets: dict[str, str] = {}

    def wb_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal first_id
        if name.endswith("|sheet") and not first_id:
            first_id = attrs.get(f"{NS_REL}|id", "")

    def rel_start(name: str, attrs: dict[str, str]) -> None:
        if name.endswith("Relationship"):
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    if workbook and rels:
        parser = _parser()
        parser.StartElementHandler = wb_start
        parser.Parse(workbook, True)
        parser = _parser()
        parser.StartElementHandler = rel_start
        parser.Parse(rels, True)
        target = targets.get(first_id, "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            part = posixpath.normpath(part)
            if part in names:
                return part
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
    if not sheets:
        raise KeyError("no worksheet")
    return sheets[0]


def xlsx_rows(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of the first sheet; empty cells are ""."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        shared = _shared_strings(archive, source)
        sheet = _first_sheet(archive)
    except UserError:
        raise
    except (zipfile.BadZipFile, KeyError, expat.ExpatError, ValueError, OSError) as exc:
        raise UserError(tr("faults.roster.bad_xlsx", file=source), str(exc)) from exc
    rows: list[tuple[int, list[str]]] = []
    cells: dict[int, str] = {}
    value: list[str] = []
    columns: dict[str, int] = {}  # "AB12" letters -> index, computed once per column
    row_number = 0
    column = -1
    kind = "n"
    in_value = False

    def local(name: str) -> str:
        return name[name.rfind(":") + 1 :] if ":" in name else name

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row_number, column, kind, in_value
        if ":" in name:
            name = local(name)
        if name == "c":
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                found = columns.get(letters)
                if found is None:
                    found = columns[letters] = _column(letters)
                column = found
            else:
                column += 1
            kind = attrs.get("t", "n")
            value.clear()
        elif name == "v" or name == "t":
            in_value = True
        elif name == "row":
            number = attrs.get("r")
            row_number = int(number) if number else row_number + 1
            column = -1
            cells.clear()

    def end(name: str) -> None:
        nonlocal in_value
        if ":" in name:
            name = local(name)
        if name == "v" or name == "t":
            in_value = False
        elif name == "c":
            raw = "".join(value)
            if kind == "s":
                text = shared[int(raw)] if raw.isdigit() and int(raw) < len(shared) else ""
            elif kind == "n" and raw:
                number = float(raw)
                text = str(int(number)) if number.is_integer() else raw
            elif kind == "b":
                text = "TRUE" if raw == "1" else "FALSE"
            else:
                text = raw
            if text:
                cells[column] = text
        elif name == "row":
            if cells:
                width = max(cells) + 1
                rows.append((row_number, [cells.get(i, "") for i in range(width)]))
            else:
                rows.append((row_number, []))

    def text_data(data: str) -> None:
        if in_value:
            value.append(data)

    parser = expat.ParserCreate()  # no namespace processing: plain names are cheaper
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text_data
    parser.buffer_text = True
    try:
        with _open_part(archive, sheet, source) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                parser.Parse(chunk, not chunk)
                yield from rows
                rows.clear()
                if not chunk:
                    break
    except UserError:
        raise
    except (zipfile.BadZipFile, expat.ExpatError, ValueError, OSError) as exc:
        raise UserError(tr("faults.roster.bad_xlsx", file=source), str(exc)) from exc
    finally:
        archive.close()
