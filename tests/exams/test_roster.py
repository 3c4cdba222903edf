"""Roster files: UTF-8 with and without BOM, semicolons, XLSX; legacy encodings refused by row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ethics_trainer.errors import UserError
from ethics_trainer.exams.roster import read_roster

CSV = (
    "Họ và tên,Mã cán bộ,Đơn vị,Chức vụ\n"
    "Nguyễn Văn An,HN001,Sở Nội vụ,Chuyên viên\n"
    "Trần Thị Bình,HN002,UBND quận Ba Đình,Phó phòng\n"
    "Đặng Thị Hương,HN003,Sở Tư pháp,Chuyên viên\n"
)


def _names(path: Path) -> list[str]:
    return [r.full_name for r in read_roster(path)]


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain = tmp_path / "ds.csv"
    plain.write_bytes(CSV.encode("utf-8"))
    bom = tmp_path / "ds-bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + CSV.replace("\n", "\r\n").encode("utf-8"))
    assert _names(plain) == _names(bom) == ["Nguyễn Văn An", "Trần Thị Bình", "Đặng Thị Hương"]
    rows = read_roster(bom)
    assert rows[1].employee_code == "HN002" and rows[1].unit == "UBND quận Ba Đình"


def test_semicolons_and_decomposed_text(tmp_path: Path) -> None:
    import unicodedata

    path = tmp_path / "ds.csv"
    path.write_text(unicodedata.normalize("NFD", CSV.replace(",", ";")), encoding="utf-8")
    assert _names(path)[2] == "Đặng Thị Hương"  # back to NFC


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for line in CSV.strip().splitlines():
        sheet.append(line.split(","))
    sheet.append([None, None, None, None])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    assert _names(path) == ["Nguyễn Văn An", "Trần Thị Bình", "Đặng Thị Hương"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone mark as a separate combining character."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258") + parts[-1].encode(
                "cp1258"
            )
    return out


def test_windows_1258_refused_naming_the_row(tmp_path: Path) -> None:
    text = "Ho va ten,Ma can bo\nNguyen Van An,HN001\nTrần Thị Bình,HN002\n"
    path = tmp_path / "cu.csv"
    path.write_bytes(_cp1258(text))
    with pytest.raises(UserError) as refused:
        read_roster(path)
    assert "dòng 3" in refused.value.message and "Windows-1258" in refused.value.message
    assert "UTF-8" in refused.value.hint


def test_tcvn3_garbage_saved_as_utf8_refused(tmp_path: Path) -> None:
    # "Nguyễn Văn An" typed in TCVN3 (ABC) and shown as if it were Unicode
    path = tmp_path / "tcvn3.csv"
    path.write_text(
        "Họ và tên,Mã cán bộ\nLê Văn Cường,HN9\nNguyÔn V¨n An,HN001\n", encoding="utf-8"
    )
    with pytest.raises(UserError) as refused:
        read_roster(path)
    assert "dòng 3" in refused.value.message


def test_missing_name_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UserError):
        read_roster(path)
