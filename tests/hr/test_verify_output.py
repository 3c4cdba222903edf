"""verify names the course, and the QR code read back from a rendered certificate page verifies."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.hr.certificates import prepare_certificates, render_certificate
from ethics_trainer.hr.org_settings import load_org_settings
from ethics_trainer.hr.reports import ReportFilter

from .conftest import TITLES


def test_verify_shows_course_title(hr_db, sample_content: Path, tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "data"
    qr = prepare_certificates(hr_db, data_dir, ReportFilter(unit="Ba Đình"), TITLES)[0].qr_text
    base = ["--data-dir", str(data_dir), "--database", hr_db.url, "--content", str(sample_content)]
    assert main([*base, "verify", qr]) == 0
    assert "Khoá mẫu (mau)" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_qr_on_the_page_decodes_and_verifies(hr_db, tmp_path: Path, capsys) -> None:
    """Print the page to pixels, read the QR code like a phone would, and check what it says."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    data_dir = tmp_path / "data"
    cert = prepare_certificates(hr_db, data_dir, ReportFilter(unit="Ba Đình"), TITLES)[0]
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(render_certificate(cert, load_org_settings(hr_db)))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png").convert("L"))
    texts = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts == [cert.qr_text]
    base = ["--data-dir", str(data_dir), "--database", hr_db.url]
    assert main([*base, "verify", texts[0]]) == 0
    assert "Nguyễn Thị Thu Hương" in capsys.readouterr().out
