"""Reading the QR codes printed on a PDF the way a phone camera would: the page rasterised
by poppler's ``pdftoppm``, the codes decoded by zxing-cpp. A test that uses it skips where
either is missing (``needs_pdftoppm`` and ``pytest.importorskip``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils not installed"
)


def printed_qr_texts(pdf: Path) -> list[str]:
    """The texts of the QR codes on the first page of ``pdf`` (rendered at 150 dpi beside it)."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    page = pdf.with_name(pdf.stem + "-page")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(page)],
        check=True,
        timeout=60,
    )
    found = zxingcpp.read_barcodes(Image.open(page.with_suffix(".png")).convert("L"))
    return [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
