"""A minimal XLSX writer for one table: a header row and typed columns, nothing else.

Why not a library: XlsxWriter spends ~6 s in pure-Python per-cell calls on 100,000 rows of
13 columns (openpyxl more). An .xlsx is a zip of small XML parts; for this single table shape
the sheet can be written column by column, with each distinct value's XML built once. The
parts mirror what XlsxWriter's ``constant_memory`` mode wrote before (inline strings, the same
styles, number text, column widths, frozen header, autofilter), so Excel, LibreOffice and
openpyxl read the same cells as before. Strings are escaped like XlsxWriter does (``& < >``,
control characters as ``_xHHHH_``), but always: a value looking like ``<r>…</r>`` is text here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import repeat
from operator import add, floordiv, is_, mod, truediv
from typing import IO, Any
from xml.sax.saxutils import escape

MAX_STRING = 32767  # Excel's limit on one cell; XlsxWriter truncated to it as well
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_EXCEL_EPOCH = datetime(1899, 12, 31)  # with Excel's 1900 leap-year day added below

# cell style ids in styles.xml: 1 header, 2 date-time, 3 one decimal, 4 integer
HEADER, DATETIME, NUMBER, INTEGER = 1, 2, 3, 4
STYLE_OF_KIND = {"datetime": DATETIME, "number": NUMBER, "int": INTEGER}

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_FONT = '<sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/>'
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="0.0"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor '
    'rgb="FFDDE6F0"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
    'applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle='
    '"TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_xml(text: str) -> str:
    """The ``<is>`` content of an inline string cell, escaped as XlsxWriter escapes it."""
    text = text[:MAX_STRING]
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    return f"<is><t{space}>{escape(text)}</t></is>"


def number_text(value: float | int) -> str:
    """The number as XlsxWriter wrote it (``%.16G``: 83.9 is stored as 83.90000000000001)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("NaN and infinity cannot be stored in an XLSX cell")
    return f"{value:.16G}"


def excel_serial(when: datetime) -> float:
    """A naive local time as an Excel serial day number, computed as XlsxWriter does."""
    delta = when - _EXCEL_EPOCH
    serial = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400
    if when.isocalendar() == (1900, 1, 1):  # Excel's day 0 is 1899-12-31 (XlsxWriter's rule)
        serial -= 1
    if serial > 59:  # Excel counts 29 February 1900
        serial += 1
    return serial


def _cell_template(text: str) -> str:
    """Cell XML made safe for ``str.format`` (the row number is filled in later)."""
    return text.replace("{", "{{").replace("}", "}}")


def serial_from_seconds(seconds: int) -> float:
    """Local wall-clock seconds since 1970-01-01 as an Excel serial, bit for bit what
    :func:`excel_serial` gives for that (whole-second) time, without making a datetime."""
    days, rest = divmod(seconds, 86400)
    serial = days + 25568 + float(rest) / 86400  # 25568 days from 1899-12-31 to 1970-01-01
    if serial < 367:  # 1900: leave Excel's oddities to the general formula
        return excel_serial(_EXCEL_EPOCH + timedelta(days=days + 25568, seconds=rest))
    return serial + 1


def cell_function(index: int, kind: str) -> Callable[[Any], str]:
    """Value -> XML of the cell in column ``index``, ``<c r="B{0}" …>…</c>`` with the row
    number left open for ``str.format``. ``kind``: ``text`` (str), ``number`` / ``int``, or
    ``datetime`` given as local wall-clock seconds since 1970 (see :func:`serial_from_seconds`).
    """
    ref = f'<c r="{column_letters(index)}{{0}}"'
    style = STYLE_OF_KIND.get(kind, 0)
    if kind == "text":
        return lambda v: f'{ref} t="inlineStr">{_cell_template(text_xml(str(v)))}</c>'
    if kind == "datetime":
        return lambda v: f'{ref} s="{style}"><v>{serial_from_seconds(v):.16G}</v></c>'
    return lambda v: f'{ref} s="{style}"><v>{number_text(v)}</v></c>'


# A cell is ``<c r="B12"`` + its body; the body (style, type, value) does not depend on the row,
# so it is made once per distinct value, and the references are joined on per chunk of rows.
_TEXT_OPEN, _TEXT_CLOSE = '" t="inlineStr"><is><t>', "</t></is></c>"


def body_function(kind: str) -> Callable[[Any], str]:
    """Value -> the body of its cell (everything after the row number of ``<c r="B12"``), for
    :meth:`TableWriter.body_rows`; ``kind`` as in :func:`cell_function`."""
    style = STYLE_OF_KIND.get(kind, 0)
    if kind == "text":
        return lambda v: f'" t="inlineStr">{text_xml(str(v))}</c>'
    if kind == "datetime":
        return lambda v: f'" s="{style}"><v>{serial_from_seconds(v):.16G}</v></c>'
    return lambda v: f'" s="{style}"><v>{number_text(v)}</v></c>'


def plain_text_bodies(values: Sequence[str], joined: str) -> list[str] | None:
    """The bodies of text cells whose text needs no escaping, made in C; None when one does.

    ``joined`` is ``"\x00".join(values)`` (the caller has it: one scan decides for the chunk).
    Why: names and certificate numbers are mostly unique, so memoising their XML saves nothing
    and calling :func:`text_xml` for each was a fifth of an export's time.
    """
    if len(joined) > MAX_STRING and max(map(len, values)) > MAX_STRING:
        return None
    # what text_xml (or safe_cells.clean) would change: XML's specials, "_xHHHH_", control
    # characters, U+FFFE/U+FFFF and lone surrogates (none is printable), space at either end.
    # Tests in C, several times faster than one regular expression over the chunk.
    if "&" in joined or "<" in joined or ">" in joined or "_x" in joined:
        return None
    if not "".join(values).isprintable() or not all(map(is_, map(str.strip, values), values)):
        return None
    return list(map(add, map(add, repeat(_TEXT_OPEN), values), repeat(_TEXT_CLOSE)))


def datetime_bodies(seconds: Sequence[int | None]) -> list[str]:
    """Bodies of date-time cells from local seconds since 1970 ("" for no time): the serial of
    :func:`serial_from_seconds`, bit for bit, computed by ``map`` in C for the usual times."""
    if not seconds or None in seconds or min(cast_ints(seconds)) < 367 * 86400 - 25568 * 86400:
        one = body_function("datetime")
        return ["" if v is None else one(v) for v in seconds]
    whole = cast_ints(seconds)
    days = map(add, map(floordiv, whole, repeat(86400)), repeat(25568))
    parts = map(truediv, map(mod, whole, repeat(86400)), repeat(86400))
    serials = map(add, map(add, days, parts), repeat(1))
    head = f'" s="{DATETIME}"><v>'
    return list(
        map(add, map(add, repeat(head), map("{:.16G}".format, serials)), repeat("</v></c>"))
    )


def cast_ints(values: Sequence[int | None]) -> Sequence[int]:
    """``values`` once ``None`` has been ruled out (for the type checker)."""
    return values  # type: ignore[return-value]  # None was ruled out by the caller


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


class TableWriter:
    """Streams one sheet: :meth:`header`, then :meth:`rows` (column lists) any number of
    times, then :meth:`close` writes the remaining parts. The worksheet XML goes straight
    into the zip, so memory stays flat whatever the row count."""

    def __init__(
        self,
        path: str,
        sheet_name: str,
        kinds: Sequence[str],
        widths: Sequence[float],
        *,
        compresslevel: int = 1,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.path = path
        self.sheet_name = sheet_name
        self.kinds = list(kinds)
        self.widths = list(widths)
        self.cell_functions = [cell_function(i, k) for i, k in enumerate(self.kinds)]
        self.prefixes = [f'<c r="{column_letters(i)}' for i in range(len(self.kinds))]
        self.last_row = 0  # 1-based number of the last row written
        self.now = now
        self.zip = zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self.sheet: IO[bytes] | None = None

    def _start_sheet(self, total_rows: int) -> None:
        self.sheet = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        last = column_letters(len(self.kinds) - 1)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{_width(w)}" customWidth="1"/>'
            for i, w in enumerate(self.widths, 1)
        )
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<dimension ref="A1:{last}{total_rows + 1}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" '
            'topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection '
            'pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{cols}</cols><sheetData>"
        )

    def _write(self, text: str) -> None:
        assert self.sheet is not None
        self.sheet.write(text.encode("utf-8"))

    def header(self, titles: Sequence[str], total_rows: int) -> None:
        """The bold, shaded first row; ``total_rows`` (data rows to come) sizes the sheet."""
        self.total_rows = total_rows
        self._start_sheet(total_rows)
        cells = "".join(
            f'<c r="{column_letters(i)}1" s="{HEADER}" t="inlineStr">{text_xml(t)}</c>'
            for i, t in enumerate(titles)
        )
        self._write(f'<row r="1">{cells}</row>')
        self.last_row = 1

    def rows(self, cells: Sequence[Sequence[str]]) -> None:
        """Append rows given column by column as cell XML (from :attr:`cell_functions`;
        "" for an empty cell), every list as long as the others."""
        if not cells or not cells[0]:
            return
        first = self.last_row + 1
        parts = ["".join(row).join(('<row r="{0}">', "</row>")) for row in zip(*cells, strict=True)]
        self._write("".join(p.format(n) for n, p in enumerate(parts, first)))
        self.last_row = first + len(parts) - 1

    def body_rows(self, bodies: Sequence[Sequence[str]]) -> None:
        """Append rows given column by column as cell bodies (:func:`body_function`,
        :func:`plain_text_bodies`, :func:`datetime_bodies`; "" for an empty cell). The
        references are joined on in C: formatting each row's XML with its number was a
        quarter of an export's time."""
        if not bodies or not bodies[0]:
            return
        first = self.last_row + 1
        numbers = list(map(str, range(first, first + len(bodies[0]))))
        cells: list[list[str]] = []
        for prefix, column in zip(self.prefixes, bodies, strict=True):
            refs = map(add, repeat(prefix), numbers)
            if "" in column:
                cells.append([r + b if b else "" for r, b in zip(refs, column, strict=True)])
            else:
                cells.append(list(map(add, refs, column)))
        opens = map(add, map(add, repeat('<row r="'), numbers), repeat('">'))
        self._write("".join(map("".join, zip(opens, *cells, repeat("</row>")))))
        self.last_row = first + len(numbers) - 1

    def close(self) -> None:
        """Finish the sheet (autofilter over the data) and write the other parts."""
        if self.sheet is None:
            self.header([], 0)
        last = column_letters(len(self.kinds) - 1)
        data_rows = self.last_row - 1
        autofilter = f'<autoFilter ref="A1:{last}{self.last_row}"/>' if data_rows else ""
        self._write(
            f'</sheetData>{autofilter}<pageMargins left="0.7" right="0.7" top="0.75" '
            'bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        )
        assert self.sheet is not None
        self.sheet.close()
        name = _attr(self.sheet_name)
        defined = (
            f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f'hidden="1">{escape(_quote_sheet(self.sheet_name))}!$A$1:${last}${self.last_row}'
            "</definedName></definedNames>"
            if data_rows
            else ""
        )
        when = self.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS,
            "docProps/app.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
                'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
                'docPropsVTypes"><Application>Ethics Trainer</Application><TitlesOfParts>'
                f'<vt:vector size="1" baseType="lpstr"><vt:lpstr>{name}</vt:lpstr></vt:vector>'
                "</TitlesOfParts></Properties>"
            ),
            "docProps/core.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-'
                'properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms='
                '"http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-'
                f'instance"><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook '
                'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
                f'windowHeight="9660"/></bookViews><sheets><sheet name="{name}" sheetId="1" '
                f'r:id="rId1"/></sheets>{defined}<calcPr calcId="124519" fullCalcOnLoad="1"/>'
                "</workbook>"
            ),
            "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "xl/styles.xml": STYLES,
        }
        for part, text in parts.items():
            self.zip.writestr(part, text)
        self.zip.close()

    def abort(self) -> None:
        """Close the file after a failure or a cancel (the caller deletes it)."""
        try:
            if self.sheet is not None:
                self.sheet.close()
        finally:
            self.zip.close()


def _width(characters: float) -> float:
    """Column width as Excel stores it for ``characters`` digits of Calibri 11 (XlsxWriter's
    formula: 7-pixel digits plus 5 pixels of padding, in 1/256ths)."""
    return int((int(characters * 7 + 5)) / 7 * 256) / 256
