"""PDF certificates (fpdf2, A4 landscape) in the Vietnamese official layout: made and rendered.

The completions an HR filter selects are numbered and signed (:func:`prepare_certificates`),
then drawn one (:func:`render_certificate`) or a batch at a time (:func:`render_batch`). The
bundled Noto Sans (OFL) is embedded as a subset, so the PDF shows and gives back (copy,
``pdftotext``) the exact Vietnamese text on any PC. The layout is
:mod:`~ethics_trainer.hr.certificate_layout`; writing many is
:mod:`~ethics_trainer.hr.certificate_files`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.hr.certificate_content import CertificateData
from ethics_trainer.hr.certificate_fonts import FONT, font_files
from ethics_trainer.hr.certificate_layout import (
    Left,
    cert_text,
    draw_fixed,
    draw_person,
    left_header,
)
from ethics_trainer.hr.numbers import assign_numbers
from ethics_trainer.hr.org_settings import OrgSettings, load_org_settings
from ethics_trainer.hr.reports import COMPLETED, ReportFilter, ReportRow, completion_report
from ethics_trainer.hr.verification import (
    SigningKey,
    load_signing_key,
)
from ethics_trainer.i18n import formats, tr
from ethics_trainer.storage.db import Database

if TYPE_CHECKING:
    from fpdf import FPDF


def _document(org: OrgSettings, language: str) -> FPDF:
    """An empty A4 landscape document with the certificate fonts and metadata."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    for style, path in font_files().items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_author(org.org_name)
    pdf.set_creator("Ethics Trainer")
    pdf.set_lang(language)
    return pdf


def _title(data: CertificateData, language: str) -> str:
    return f"{cert_text(language, 'hr.cert.title')} {data.number}"


def render_certificate(data: CertificateData, org: OrgSettings, *, language: str = "vi") -> bytes:
    """One certificate as PDF bytes."""
    pdf = _document(org, language)
    pdf.set_title(_title(data, language))
    pdf.add_page()
    left = left_header(pdf, org)
    draw_person(pdf, data, org, language, left)
    draw_fixed(pdf, org, language, left)
    return bytes(pdf.output())


def render_batch(
    certificates: list[CertificateData], org: OrgSettings, *, language: str = "vi"
) -> list[bytes]:
    """Several certificates, one PDF each, drawn as pages of one document and split.

    Profiled (cProfile, 1,000 certificates): 80 % of a certificate's time was fpdf2 parsing
    and subsetting the fonts for each PDF; most of the rest laying out the text that is the
    same on every certificate. Here the fonts are parsed and subset once for the batch, and
    the fixed parts (frame, headers, title, signer) are laid out once and their drawing
    operators repeated on every page; only the person's text and QR code are laid out per
    certificate. Each PDF still embeds its fonts (the batch's subset) and shows, and gives back
    to ``pdftotext``, exactly what :func:`render_certificate` would.
    """
    from ethics_trainer.hr.pdf_split import split_pages

    if not certificates:
        return []
    pdf = _document(org, language)
    fixed: bytes | None = None
    left: Left | None = None
    for data in certificates:
        pdf.add_page()
        left = left or left_header(pdf, org)
        draw_person(pdf, data, org, language, left)
        if fixed is not None and _can_repeat(pdf, org):
            _register_fonts(pdf)
            pdf._out(fixed)  # the same operators the first page drew, same fonts and subset
            continue
        contents = pdf.pages[pdf.page].contents
        assert isinstance(contents, bytearray)  # while a page is written (fpdf2 2.8)
        mark = len(contents)
        draw_fixed(pdf, org, language, left)
        fixed = bytes(contents[mark:]).removesuffix(b"\n")
    infos = [
        {"Title": _title(d, language), "Author": org.org_name, "Creator": "Ethics Trainer"}
        for d in certificates
    ]
    return list(split_pages(bytes(pdf.output()), infos))


def _can_repeat(pdf: FPDF, org: OrgSettings) -> bool:
    """Repeating operators needs fpdf2's page writer; a logo is an image resource: draw it."""
    return org.logo is None and hasattr(pdf, "_out") and hasattr(pdf, "_resource_catalog")


def _register_fonts(pdf: FPDF) -> None:
    """List every certificate font in the page's resources, as drawing them would."""
    from fpdf.enums import PDFResourceType

    for font in pdf.fonts.values():
        pdf._resource_catalog.add(PDFResourceType.FONT, font.i, pdf.page)


def ascii_slug(text: str) -> str:
    """'Nguyễn Văn Ân' -> 'nguyen-van-an' (file names that survive every ZIP tool)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def certificate_data(
    rows: Sequence[ReportRow], key: SigningKey, numbers: dict[int, str]
) -> Iterator[CertificateData]:
    for row in rows:
        assert row.completion_id is not None and row.completed_at is not None  # completed rows
        number = numbers[row.completion_id]
        base = CertificateData(
            number=number,
            full_name=row.full_name,
            unit=row.unit,
            course_id=row.course_id,
            course_title=row.course_title,
            score=row.score or 0.0,
            completed_on=formats.local(row.completed_at).date(),
            content_hash=row.content_hash,
        )
        yield CertificateData(**{**base.__dict__, "qr_text": key.sign(base.fields)})


def prepare_certificates(
    db: Database,
    data_dir: Path,
    report_filter: ReportFilter,
    course_titles: dict[str, str],
    *,
    org: OrgSettings | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[CertificateData]:
    """Number (if not yet numbered) and sign every completion the filter selects."""
    f = ReportFilter(**{**report_filter.__dict__, "status": COMPLETED})
    rows = [r for r in completion_report(db, f, course_titles).rows if r.completion_id]
    if not rows:
        raise UserError(tr("hr.error.no_completions"), tr("hr.error.no_completions_hint"))
    org = org or load_org_settings(db)
    key = load_signing_key(db, data_dir)
    ids = [r.completion_id for r in rows if r.completion_id is not None]
    numbers = assign_numbers(db, ids, org.number_prefix, clock=clock)
    return list(certificate_data(rows, key, numbers))


def sample_certificate(key: SigningKey | None = None) -> CertificateData:
    """A made-up certificate for previews and the documentation screenshot."""
    data = CertificateData(
        number="ĐĐCV-2026-000123",
        full_name="Nguyễn Thị Thu Hương",
        unit="UBND quận Ba Đình",
        course_id="dao-duc-cong-vu-ha-noi",
        course_title="Đạo đức công vụ của cán bộ, công chức, viên chức Thủ đô",
        score=92.5,
        completed_on=date(2026, 11, 24),
        content_hash="3f9a1c0b7d2e4f5a6b7c8d9e0f1a2b3c",
    )
    if key is None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = SigningKey(Ed25519PrivateKey.generate(), "00000000")
    return CertificateData(**{**data.__dict__, "qr_text": key.sign(data.fields)})
