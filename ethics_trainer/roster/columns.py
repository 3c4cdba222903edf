"""The one column vocabulary of roster files, Vietnamese and English, for exams and HR."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

FIELDS = ("full_name", "employee_code", "unit", "position")

HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "họ và tên",
        "họ tên",
        "ho va ten",
        "ho ten",
        "tên",
        "full name",
        "full_name",
        "name",
    ),
    "employee_code": (
        "mã cán bộ",
        "mã",
        "mã số",
        "mã nhân viên",
        "mã cb",
        "ma can bo",
        "ma",
        "employee code",
        "employee_code",
        "code",
        "staff id",
        "id",
    ),
    "unit": ("đơn vị", "don vi", "cơ quan", "co quan", "unit", "department", "organisation"),
    "position": ("chức vụ", "chuc vu", "chức danh", "chuc danh", "position", "title", "job title"),
}
_LOOKUP = {name: field for field, names in HEADERS.items() for name in names}


def header_key(raw: object) -> str:
    text = unicodedata.normalize("NFC", "" if raw is None else str(raw))
    return " ".join(text.split()).casefold().strip(" :*")


def header_map(header: Sequence[object]) -> dict[str, int]:
    """Field -> column index, first match wins; unknown columns are ignored."""
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        field = _LOOKUP.get(header_key(raw))
        if field and field not in found:
            found[field] = index
    return found
