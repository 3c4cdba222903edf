"""Certificates: exact Vietnamese text back from pdftotext, fonts embedded, bulk and cancel."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from ethics_trainer.errors import UserError
from ethics_trainer.hr.certificate_files import write_certificates
from ethics_trainer.hr.certificates import (
    prepare_certificates,
    render_certificate,
    sample_certificate,
)
from ethics_trainer.hr.org_settings import OrgSettings, load_org_settings, save_org_settings
from ethics_trainer.hr.reports import ReportFilter

from .conftest import TITLES

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

ORG = OrgSettings(
    parent_org="UBND THÀNH PHỐ HÀ NỘI",
    org_name="Sở Nội vụ",
    place="Hà Nội",
    signer_title="KT. Giám đốc",
    signer_name="Trần Thị Phương Thảo",
)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode("utf-8"))


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def test_single_certificate_text_and_fonts(tmp_path: Path) -> None:
    data = sample_certificate()
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(data, ORG))
    text = pdf_text(pdf)
    lines = {" ".join(line.split()) for line in text.splitlines()}
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ NỘI VỤ",
        "GIẤY CHỨNG NHẬN",
        "Nguyễn Thị Thu Hương",
        "Đơn vị công tác: UBND quận Ba Đình",
        "Đạo đức công vụ của cán bộ, công chức, viên chức Thủ đô",
        "Kết quả: Đạt (92,5/100 điểm)",
        "Hà Nội, ngày 24 tháng 11 năm 2026",
        "KT. GIÁM ĐỐC",
        "Trần Thị Phương Thảo",
        "Số: ĐĐCV-2026-000123",
        "Phiên bản nội dung: 3f9a1c0b7d2e",
    ):
        assert expected in lines, expected
    fonts = pdf_fonts(pdf)
    assert fonts, "no fonts listed"
    for row in fonts:
        # name type... emb sub uni: the three yes/no columns before the object id
        assert row[-5] == "yes", f"font not embedded: {row}"
        assert "NotoSans" in row[0]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "841.89 x 595.28 pts (A4)" in info.stdout  # A4 landscape
    assert re.search(r"Pages:\s+1\n", info.stdout)


def test_org_settings_round_trip_and_logo(db, tmp_path: Path) -> None:
    saved = save_org_settings(db, ORG)
    assert load_org_settings(db) == saved
    two_lines = save_org_settings(
        db, OrgSettings(org_name="Sở  Nội vụ ", signer_title="KT. GIÁM ĐỐC\n PHÓ GIÁM ĐỐC")
    )
    assert two_lines.signer_title == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert load_org_settings(db).org_name == "Sở Nội vụ"
    with pytest.raises(UserError):
        save_org_settings(db, OrgSettings(org_name="X", logo_path=str(tmp_path / "none.png")))
    logo = tmp_path / "logo.png"
    import segno

    segno.make("logo").save(str(logo), scale=4)
    org = save_org_settings(db, OrgSettings(org_name="Sở Tư pháp", logo_path=str(logo)))
    pdf = tmp_path / "l.pdf"
    pdf.write_bytes(render_certificate(sample_certificate(), org))
    assert "SỞ TƯ PHÁP" in pdf_text(pdf)


def test_bulk_folder_and_numbers(hr_db, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    certs = prepare_certificates(hr_db, data_dir, ReportFilter(), TITLES, org=ORG)
    assert len(certs) == 3
    numbers = sorted(c.number for c in certs)
    assert numbers[0].startswith("ĐĐCV-") and numbers[0].endswith("-000001")
    # numbers are given once: a second run keeps them
    again = prepare_certificates(hr_db, data_dir, ReportFilter(), TITLES, org=ORG)
    assert sorted(c.number for c in again) == numbers
    progress = list(write_certificates(certs, ORG, tmp_path / "out"))
    assert [p.done for p in progress] == [1, 2, 3] and progress[-1].total == 3
    files = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(files) == 3 and all(f.name.isascii() for f in files)
    text = "\n".join(pdf_text(f) for f in files)
    assert "Phạm Ngọc Ánh" in text and "UBND quận Ba Đình" in text


def test_bulk_zip_and_cancel(hr_db, tmp_path: Path) -> None:
    certs = prepare_certificates(hr_db, tmp_path / "data", ReportFilter(), TITLES, org=ORG)
    target = tmp_path / "certs.zip"
    job = write_certificates(certs, ORG, target)
    next(job)
    job.close()  # cancelled after the first certificate
    assert not target.exists() and not list(tmp_path.glob("*.part"))
    assert len(list(write_certificates(certs, ORG, target))) == 3
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert len(names) == 3 and all(n.endswith(".pdf") for n in names)
        assert archive.read(names[0]).startswith(b"%PDF")


def test_no_completions_is_a_user_error(db, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        prepare_certificates(db, tmp_path, ReportFilter(), TITLES)
