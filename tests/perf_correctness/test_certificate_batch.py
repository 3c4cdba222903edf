"""Certificates drawn as one batch and split read, look and verify exactly as one at a time.

The batch path (``render_batch``: fonts subset once, fixed parts repeated, pages split into one
PDF each) must give every person a PDF whose extracted text, fonts, metadata, picture and QR
code are those of :func:`render_certificate`, and whose QR signature verifies.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from ethics_trainer.hr import verification
from ethics_trainer.hr.certificate_files import write_certificates
from ethics_trainer.hr.certificate_layout import wrap_lines
from ethics_trainer.hr.certificates import (
    _document,
    prepare_certificates,
    render_batch,
    render_certificate,
    sample_certificate,
)
from ethics_trainer.hr.org_settings import OrgSettings
from ethics_trainer.hr.reports import ReportFilter
from tests.hr.conftest import TITLES

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

ORG = OrgSettings(
    parent_org="UBND THÀNH PHỐ HÀ NỘI",
    org_name="Sở Nội vụ thành phố Hà Nội và các đơn vị trực thuộc khác",  # two lines
    place="Hà Nội",
    signer_title="KT. Giám đốc\nPhó Giám đốc",
    signer_name="Trần Thị Phương Thảo",
)
PEOPLE = [
    ("Nguyễn Thị Thu Hương", "UBND quận Ba Đình"),
    ("Đặng Quốc Ỷ", ""),  # no unit: the body moves up a line
    ("Lê Ngọc Ánh Dương Phượng Hoàng", "Sở Tư pháp"),
    ("Trương Văn Ức", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp"),
]


def _run(*cmd: str) -> str:
    out = subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")
    return unicodedata.normalize("NFC", out)


def _certificates() -> list:
    base = sample_certificate()
    long_title = base.course_title + " và kỹ năng ứng xử khi thi hành công vụ tại cơ sở"
    return [
        dataclasses.replace(
            base,
            number=f"ĐĐCV-2026-{i + 1:06d}",
            full_name=name,
            unit=unit,
            course_title=long_title if i % 2 else base.course_title,
            score=70 + i * 7.5,
        )
        for i, (name, unit) in enumerate(PEOPLE)
    ]


def test_batch_pdfs_match_single_ones(tmp_path: Path) -> None:
    certs = _certificates()
    batch = render_batch(certs, ORG)
    assert len(batch) == len(certs)
    for i, (data, pdf) in enumerate(zip(certs, batch, strict=True)):
        one, alone = tmp_path / f"b{i}.pdf", tmp_path / f"s{i}.pdf"
        one.write_bytes(pdf)
        alone.write_bytes(render_certificate(data, ORG))
        text = _run("pdftotext", "-layout", str(one), "-")
        assert text == _run("pdftotext", "-layout", str(alone), "-")
        assert data.full_name in text and data.number in text
        assert all(p.full_name not in text for p in certs if p is not data)  # its own page only
        info = _run("pdfinfo", str(one))
        assert f"Title:           GIẤY CHỨNG NHẬN {data.number}" in info
        assert "Pages:           1" in info and "841.89 x 595.28 pts (A4)" in info
        fonts = _run("pdffonts", str(one)).splitlines()[2:]
        assert len(fonts) == 3 and all(r.split()[-5:-2] == ["yes", "yes", "yes"] for r in fonts)
        # what a reader sees: the same picture (the QR mask may differ; it is left out)
        assert _picture(one, tmp_path / f"pb{i}") == _picture(alone, tmp_path / f"ps{i}")


def _picture(pdf: Path, stem: Path) -> bytes:
    """The page at 30 dpi in grey without the QR code's square (x 18–58 mm, y 146–186 mm)."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(stem)], check=True)
    image = Image.open(next(stem.parent.glob(f"{stem.name}*.png")))
    mm = image.width / 297
    box = (int(17 * mm), int(145 * mm), int(59 * mm) + 1, int(187 * mm) + 1)
    image.paste(255, box)
    return image.tobytes()


def test_wrapping_matches_fpdf2() -> None:
    pdf = _document(ORG, "vi")
    pdf.add_page()
    texts = [
        "Kiểm tra giấy chứng nhận: quét mã QR hoặc nhập số ĐĐCV-2026-000123 vào chức năng "
        "Xác minh của Ethics Trainer.",
        "Đạo đức công vụ của cán bộ, công chức, viên chức Thủ đô và kỹ năng ứng xử khi thi hành"
        " công vụ tại cơ sở, phường, xã và thị trấn",
        "Ngắn",
    ]
    for style, size, width in (("", 8.5, 80), ("B", 15, 217), ("B", 15, 60)):
        pdf.set_font("NotoSans", style, size)
        for text in texts:
            expected = pdf.multi_cell(width, 5, text, dry_run=True, output="LINES")
            assert wrap_lines(pdf, width, text) == [line.strip() for line in expected]


def test_bulk_qr_codes_decode_and_verify(hr_db, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    certs = prepare_certificates(hr_db, tmp_path, ReportFilter(), TITLES, org=ORG)
    folder = tmp_path / "out"
    assert [p.done for p in write_certificates(certs, ORG, folder)] == [1, 2, 3]
    for data in certs:
        from ethics_trainer.hr.certificate_files import file_name

        pdf = folder / file_name(data)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", str(pdf), str(pdf)],
            check=True,
        )
        image = Image.open(str(pdf) + ".png")
        found = zxingcpp.read_barcodes(image)
        assert [b.text for b in found] == [data.qr_text]
        result = verification.verify(hr_db, found[0].text)
        assert result.status == verification.VALID and result.fields == data.fields
        assert data.full_name in _run("pdftotext", str(pdf), "-")


def test_split_keeps_each_pdf_self_contained() -> None:
    pdfs = render_batch(_certificates()[:2], ORG)
    for pdf in pdfs:
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
        assert b"/Count 1" in pdf and b"FontFile2" in pdf
    assert io.BytesIO(pdfs[0]).getvalue() != pdfs[1]
