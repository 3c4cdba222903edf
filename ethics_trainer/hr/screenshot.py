"""Render the sample certificate to ``docs/screenshots/certificate.png`` (needs ``pdftoppm``).

Run ``python -m ethics_trainer.hr.screenshot [TARGET.png]`` after changing the layout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ethics_trainer.hr.certificates import render_certificate, sample_certificate
from ethics_trainer.hr.org_settings import OrgSettings

DEFAULT_TARGET = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "certificate.png"
SAMPLE_ORG = OrgSettings(
    parent_org="UBND THÀNH PHỐ HÀ NỘI",
    org_name="SỞ NỘI VỤ",
    place="Hà Nội",
    signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Trần Văn Bình",
)


def render_png(target: Path = DEFAULT_TARGET, resolution: int = 60) -> Path:
    """The sample certificate's page as a PNG at ``resolution`` dpi."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm (poppler-utils) is needed")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "certificate.pdf"
        pdf.write_bytes(render_certificate(sample_certificate(), SAMPLE_ORG))
        stem = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(resolution), "-singlefile", str(pdf), str(stem)],
            check=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), target)
    return target


if __name__ == "__main__":
    print(render_png(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TARGET))
