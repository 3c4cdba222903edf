"""Rosters: 100,000 people read from CSV and XLSX through the one roster reader.

Target: ≤ 10 s for 100,000 rows (the issue measured over a minute, once 465 s, with no
progress). Baseline: the same CSV read with a bare ``csv.reader`` into lists. Run alone with
``python -m bench.roster`` or as a section of ``bench/run.py --only roster``.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure

UNITS = ["UBND quận Ba Đình", "Sở Nội vụ", "Sở Tư pháp", "UBND huyện Gia Lâm", "Sở Y tế"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Hương", "Đỗ Minh Khoa"]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Họ và tên", "Mã cán bộ", "Đơn vị", "Chức vụ"])
        for i in range(rows):
            writer.writerow([f"{NAMES[i % 5]} {i}", f"HN{i:06d}", UNITS[i % 5], "Chuyên viên"])


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Full name", "Employee code", "Unit", "Position"])
    for i in range(rows):
        sheet.append([f"{NAMES[i % 5]} {i}", f"HN{i:06d}", UNITS[i % 5], "Chuyên viên"])
    book.save(path)


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(quick: bool = False) -> list[Figure]:
    from ethics_trainer.roster import read_roster

    rows = 20_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        csv_path = folder / "roster.csv"
        xlsx_path = folder / "roster.xlsx"
        write_csv(csv_path, rows)
        write_xlsx(xlsx_path, rows)
        calls: list[tuple[int, int]] = []
        csv_s = _time(lambda: read_roster(csv_path, lambda d, t: calls.append((d, t))))
        text = csv_path.read_text(encoding="utf-8-sig")
        base_s = _time(lambda: list(csv.reader(io.StringIO(text), delimiter=";")))
        xlsx_s = _time(lambda: read_roster(xlsx_path))
    return [
        Figure(
            "roster",
            f"roster CSV, {rows:,} rows ({len(calls)} progress calls)",
            csv_s,
            "s",
            "≤ 10 s",
            base_s,
            "csv.reader",
            csv_s <= 10,
        ),
        Figure(
            "roster", f"roster XLSX, {rows:,} rows", xlsx_s, "s", "≤ 10 s", None, "", xlsx_s <= 10
        ),
    ]


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        print(
            f"{figure.label}: {figure.value:.2f} {figure.unit} (target {figure.target})"
            + (f", baseline {figure.baseline:.2f} s" if figure.baseline else "")
        )
