"""The one rule every CSV/XLSX export follows: text never becomes a formula.

A spreadsheet runs a cell whose text starts with ``= + - @`` (and, after a tab or carriage
return, whatever follows), so a candidate named ``=HYPERLINK(...)`` would become a live link
in the HR officer's Excel. Such text gets a leading apostrophe, which Excel and LibreOffice
show as plain text. HR reports (``hr.exports``, streamed for speed) and the exam results and
minutes (openpyxl, through :class:`SafeSheet`) all call :func:`neutralise`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would read as a formula, made plain text."""
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
