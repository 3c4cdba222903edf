"""The certificate's layout (A4 landscape, the Vietnamese official form), drawn with fpdf2.

What differs from one certificate to the next (:func:`draw_person`) is apart from what every
certificate of the organisation shows the same (:func:`draw_fixed`), so a batch lays the fixed
part out once (:func:`ethics_trainer.hr.certificates.render_batch`). Certificates are
Vietnamese documents: their text comes from the ``hr.cert.*`` messages in Vietnamese whatever
the app language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from ethics_trainer.errors import UserError
from ethics_trainer.hr.certificate_content import CertificateData
from ethics_trainer.hr.certificate_fonts import FONT
from ethics_trainer.hr.certificate_qr import draw_qr
from ethics_trainer.hr.org_settings import OrgSettings
from ethics_trainer.hr.verification import short_hash
from ethics_trainer.i18n import catalog, formats, tr

if TYPE_CHECKING:
    from fpdf import FPDF


RED = (176, 20, 20)


INK = (20, 20, 20)


GOLD = (176, 134, 40)


PAGE_W, PAGE_H = 297.0, 210.0


SIGN_X, SIGN_W = 170.0, 110.0


def cert_text(language: str, message_id: str, **values: object) -> str:
    text = catalog(language).gettext(message_id)
    return text.format(**values) if values else text


_WIDTHS: dict[tuple[object, str], float] = {}


def wrap_lines(pdf: FPDF, width: float, text: str) -> list[str] | None:
    """Greedy word wrap as ``multi_cell`` does it, in the current font; None: leave it to it.

    fpdf2's line breaking measures the line again for every character added (a third of a
    certificate's time for two paragraphs); this measures once per word.
    """
    if "\n" in text or "  " in text:
        return None
    room = width - 2 * pdf.c_margin
    font = (pdf.font_family, pdf.font_style, pdf.font_size_pt)

    def measure(word: str) -> float:  # the same words recur on every certificate
        key = (font, word)
        wide = _WIDTHS.get(key)
        if wide is None:
            if len(_WIDTHS) > 50_000:
                _WIDTHS.clear()
            wide = _WIDTHS[key] = pdf.get_string_width(word)
        return wide

    space = measure(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split(" "):
        wide = measure(word)  # widths add up: no shaping, no kerning
        if wide > room:
            return None  # a word longer than the line: fpdf2 splits it
        if current and used + space + wide > room:
            lines.append(" ".join(current))
            current, used = [word], wide
        else:
            used += (space if current else 0.0) + wide
            current.append(word)
    lines.append(" ".join(current))
    return lines


def paragraph(pdf: FPDF, width: float, height: float, text: str, align: str) -> None:
    lines = wrap_lines(pdf, width, text)
    if lines is None:
        pdf.multi_cell(width, height, text, align=align, new_x="LEFT", new_y="NEXT")
        return
    for line in lines:
        pdf.cell(width, height, line, align=align, new_x="LEFT", new_y="NEXT")


@dataclass(frozen=True)
class Left:
    """Where the left header goes (it is narrower beside a logo) and the number's line."""

    x: float
    w: float
    name_y: float  # top of the organisation's name
    rule_y: float  # the short rule under it; the number is 3 mm below


def left_header(pdf: FPDF, org: OrgSettings) -> Left:
    x, w = (40.0, 100.0) if org.logo is not None else (16.0, 118.0)
    name_y = 22.0 if org.parent_org else 16.0
    pdf.set_font(FONT, "B", 12)
    lines = cast(
        "list[str]",
        pdf.multi_cell(w, 6, org.org_name.upper(), align="C", dry_run=True, output="LINES"),
    )
    return Left(x, w, name_y, name_y + 6 * len(lines) + 1)


def draw_person(
    pdf: FPDF, data: CertificateData, org: OrgSettings, language: str, left: Left
) -> None:
    """What differs from one certificate to the next: number, name, course, result, date, QR."""

    def t(message_id: str, **values: object) -> str:
        return cert_text(language, message_id, **values)

    pdf.set_text_color(*INK)
    pdf.set_xy(left.x, left.rule_y + 3)
    pdf.set_font(FONT, "", 11)
    pdf.cell(left.w, 6, t("hr.cert.number", number=data.number), align="C")

    # the body, below the fixed title and "certifies"
    pdf.set_xy(15, 74)
    pdf.set_font(FONT, "B", 24)
    pdf.cell(PAGE_W - 30, 14, data.full_name, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 13)
    if data.unit:
        pdf.cell(
            PAGE_W - 30, 8, t("hr.cert.unit", unit=data.unit), align="C", new_x="LEFT", new_y="NEXT"
        )
    pdf.cell(PAGE_W - 30, 8, t("hr.cert.completed"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 15)
    pdf.set_x(40)
    paragraph(pdf, PAGE_W - 80, 8, data.course_title, "C")
    pdf.set_x(15)
    pdf.set_font(FONT, "", 13)
    score = formats.number(data.score, 1, language)
    pdf.cell(
        PAGE_W - 30, 8, t("hr.cert.result", score=score), align="C", new_x="LEFT", new_y="NEXT"
    )

    # place and date, above the fixed signer block
    pdf.set_xy(SIGN_X, 142)
    pdf.set_font(FONT, "I", 12)
    long_date = formats.long_date(_noon(data.completed_on), language)
    pdf.cell(SIGN_W, 6, t("hr.cert.place_date", place=org.place, date=long_date), align="C")

    # verification block: QR code, how to check, content version
    if data.qr_text:
        draw_qr(pdf, data.qr_text, x=18, y=146, side=40)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_xy(60, 160)
    paragraph(pdf, 80, 4.5, t("hr.cert.verify_hint", number=data.number), "L")
    pdf.set_x(60)
    pdf.cell(80, 4.5, t("hr.cert.content_version", hash=short_hash(data.content_hash)))


def draw_fixed(pdf: FPDF, org: OrgSettings, language: str, left: Left) -> None:
    """What every certificate of the organisation shows the same: frame, headers, title, signer."""

    def t(message_id: str, **values: object) -> str:
        return cert_text(language, message_id, **values)

    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.3)
    pdf.rect(10.5, 10.5, PAGE_W - 21, PAGE_H - 21)
    pdf.set_text_color(*INK)

    # left header: parent organisation, issuing organisation (the number is the person's)
    logo = org.logo
    if logo is not None:
        try:
            pdf.image(str(logo), x=16, y=15, h=22)
        except Exception as exc:  # a broken image file must not stop printing
            raise UserError(tr("hr.error.logo_invalid", path=str(logo)), str(exc)) from exc
    if org.parent_org:
        pdf.set_xy(left.x, 16)
        pdf.set_font(FONT, "", 12)
        pdf.cell(left.w, 6, org.parent_org.upper(), align="C")
    pdf.set_xy(left.x, left.name_y)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(left.w, 6, org.org_name.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_draw_color(*INK)
    middle = left.x + left.w / 2
    pdf.line(middle - 15, left.rule_y, middle + 15, left.rule_y)

    # right header: national title and motto
    right_x, right_w = 140.0, 145.0
    pdf.set_xy(right_x, 16)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(right_w, 6, t("hr.cert.nation"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 12.5)
    motto = t("hr.cert.motto")
    pdf.cell(right_w, 6.5, motto, align="C", new_x="LEFT", new_y="NEXT")
    width = pdf.get_string_width(motto)
    y = pdf.get_y() + 0.8
    pdf.line(right_x + (right_w - width) / 2, y, right_x + (right_w + width) / 2, y)

    # title and "certifies"
    pdf.set_text_color(*RED)
    pdf.set_font(FONT, "B", 32)
    pdf.set_xy(15, 50)
    pdf.cell(PAGE_W - 30, 16, t("hr.cert.title"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "I", 13)
    pdf.cell(PAGE_W - 30, 8, t("hr.cert.certifies"), align="C")

    # signer
    pdf.set_xy(SIGN_X, 148)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(
        SIGN_W, 6, org.signer_title.upper() or " ", align="C", new_x="LEFT", new_y="NEXT"
    )
    if org.signer_name:
        pdf.set_xy(SIGN_X, 184)
        pdf.set_font(FONT, "B", 13)
        pdf.cell(SIGN_W, 7, org.signer_name, align="C")


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0)
