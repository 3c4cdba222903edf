"""The one rule every CSV/XLSX export follows: text never becomes a formula.

A spreadsheet runs a cell whose text starts with ``= + - @`` (and, after a tab or carriage
return, whatever follows), so a candidate named ``=HYPERLINK(...)`` would become a live link
in the HR officer's Excel. Such text gets a leading apostrophe, which Excel and LibreOffice
show as plain text. HR reports (``hr.exports``, streamed for speed) and the exam results and
minutes (openpyxl, through :class:`SafeSheet`) all call :func:`neutralise`.

The same call also cleans characters an XLSX file cannot hold (C0 control characters other
than tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates): openpyxl refuses
them and the whole export failed for one name typed with a stray control key, or written
into the shared database by a room PC. Each becomes U+FFFD (�), so the reader sees that
something was there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"
# not allowed in XML 1.0 (so in no XLSX cell): C0 controls but tab, LF, CR; U+FFFE/U+FFFF;
# surrogates (never valid on their own)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` with every character a spreadsheet file cannot hold replaced by U+FFFD."""
    return _ILLEGAL.sub(REPLACEMENT, text)


_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` for a terminal line: every control character (C0, DEL, C1, so no escape
    sequence) replaced by U+FFFD, so a name written by a room PC cannot move the cursor or
    erase the line that names its tampering."""
    return _TERMINAL.sub(REPLACEMENT, text)


def neutralise(text: str) -> str:
    """Text that a spreadsheet would read as a formula, made plain text; characters a
    spreadsheet file cannot hold are replaced (:func:`clean`)."""
    text = clean(text)
    return "'" + text if text.startswith(DANGEROUS_START) else text


def safe_value(value: Any) -> Any:
    """Strings neutralised; numbers, dates, booleans and empty cells kept as they are."""
    return neutralise(value) if isinstance(value, str) else value


class SafeSheet:
    """An openpyxl worksheet that only receives neutralised values, stored as text.

    openpyxl itself turns any string starting with ``=`` into a formula cell, so rows must not
    reach ``Worksheet.append`` directly.
    """

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def append(self, values: Iterable[Any]) -> None:
        self.sheet.append([safe_value(v) for v in values])
        for cell in self.sheet[self.sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"

    def __getattr__(self, name: str) -> Any:  # widths, fonts, charts: the plain worksheet
        return getattr(self.sheet, name)

    def __getitem__(self, key: Any) -> Any:
        return self.sheet[key]
