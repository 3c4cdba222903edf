"""PDF certificates (fpdf2, A4 landscape) in the Vietnamese official layout, one or in bulk.

The bundled Noto Sans (OFL) is embedded as a subset, so the PDF shows and gives back (copy,
``pdftotext``) the exact Vietnamese text on any PC. Certificates are Vietnamese documents:
their text comes from the ``hr.cert.*`` messages in Vietnamese whatever the app language.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.fileio.safe_write import atomic_path, fsync_dir, write_bytes
from ethics_trainer.hr.numbers import assign_numbers
from ethics_trainer.hr.org_settings import OrgSettings, load_org_settings
from ethics_trainer.hr.progress import Progress
from ethics_trainer.hr.reports import COMPLETED, ReportFilter, ReportRow, completion_report
from ethics_trainer.hr.verification import (
    CertificateFields,
    SigningKey,
    load_signing_key,
    short_hash,
)
from ethics_trainer.i18n import catalog, formats, tr
from ethics_trainer.paths import FONTS_DIR
from ethics_trainer.storage.db import Database

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "NotoSans"
FONT_FILES = {
    "": "NotoSans-Regular.ttf",
    "B": "NotoSans-Bold.ttf",
    "I": "NotoSans-Italic.ttf",
}
# Latin, Vietnamese and punctuation: certificates need nothing else, and a font cut down to
# these ~900 glyphs is parsed and subset several times faster than the full Noto Sans.
# The cut also drops the layout tables: fpdf2 drops them from every PDF anyway (no text
# shaping; Vietnamese in NFC needs none), but parsing them again for each certificate cost
# about a third of the font work.
CUT_VERSION = 2  # part of the cache folder name: bump when the cut changes
DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "FFTM", "MATH", "hdmx", "meta", "DSIG"]
UNICODES = "U+0020-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB,U+2116"
RED = (176, 20, 20)
INK = (20, 20, 20)
GOLD = (176, 134, 40)
PAGE_W, PAGE_H = 297.0, 210.0
SIGN_X, SIGN_W = 170.0, 110.0
MIN_PER_WORKER = 20  # below this a process pool costs more than it saves
QR_MASK = 2
BATCH = 200  # certificates drawn as one document (fonts parsed and subset once) and split
FIRST_BATCH = 10  # the first batch is small so the progress bar moves at once


@dataclass(frozen=True)
class CertificateData:
    number: str
    full_name: str
    unit: str
    course_id: str
    course_title: str
    score: float
    completed_on: date
    content_hash: str  # full hash; printed short
    qr_text: str = ""

    @property
    def fields(self) -> CertificateFields:
        return CertificateFields(
            self.number,
            self.full_name,
            self.course_id,
            self.completed_on,
            short_hash(self.content_hash),
        )


@functools.cache
def font_files() -> dict[str, Path]:
    """The bundled fonts cut down to :data:`UNICODES`, made once per process in a temp folder.

    Falls back to the full bundled files if the cut cannot be made.
    """
    full = {style: FONTS_DIR / name for style, name in FONT_FILES.items()}
    try:
        from fontTools import subset

        stamp = "-".join(str(p.stat().st_size) for p in full.values())
        folder = (
            Path(tempfile.gettempdir())
            / f"ethics-trainer-fonts-{os.getuid() if hasattr(os, 'getuid') else 0}-{stamp}"
            f"-v{CUT_VERSION}"
        )
        folder.mkdir(parents=True, exist_ok=True)
        result = {}
        for style, source in full.items():
            target = folder / source.name
            if not target.exists():
                options = subset.Options()
                options.layout_features = []
                options.drop_tables += DROPPED_TABLES
                options.hinting = False  # PDF viewers do their own hinting
                options.name_IDs = ["*"]
                options.notdef_outline = True
                font = subset.load_font(str(source), options)
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
                subsetter.subset(font)
                part = target.with_name(f"{target.name}.{os.getpid()}.part")
                subset.save_font(font, str(part), options)
                os.replace(part, target)
            result[style] = target
        return result
    except Exception:  # any problem: the full fonts work too, only slower
        return full


def _t(language: str, message_id: str, **values: object) -> str:
    text = catalog(language).gettext(message_id)
    return text.format(**values) if values else text


def _qr_runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(modules per side, dark runs as (row, first column, length)) of the QR code for text.

    Drawn as vector rectangles: sharper than a PNG and cheaper than encoding a PNG that fpdf2
    then decodes again through Pillow. Encoded by zxing-cpp (C++: ~0.3 ms; segno, pure
    Python, took 6–12 ms, the largest cost left per certificate once fonts were done once
    per batch); segno if zxing-cpp is missing. Both give a standard QR code, level M, byte
    mode without ECI, that every reader decodes to the same text (tests/perf_correctness).
    """
    try:
        import zxingcpp
    except ImportError:
        return _segno_runs(text)
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    picture = code.to_image(scale=1, add_quiet_zones=False)
    image = memoryview(picture)  # type: ignore[arg-type]  # a buffer; zxing-cpp's stubs omit it
    assert image.shape is not None  # a 2-D image: (rows, columns)
    size = image.shape[0]
    flat = image.tobytes()
    rows = [flat[y * size : (y + 1) * size] for y in range(size)]
    return size, [
        (y, m.start(), m.end() - m.start())
        for y, row in enumerate(rows)
        for m in _DARK.finditer(row)
    ]


def _segno_runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code's dark runs through segno (pure Python), when zxing-cpp is missing."""
    import segno

    # A fixed mask: every mask is valid QR and decodes the same; choosing the "best" one by
    # segno's penalty rules took 70 % of the encoding time (6 ms per certificate).
    matrix = segno.make(text, error="m", micro=False, mask=QR_MASK).matrix
    runs: list[tuple[int, int, int]] = []
    for y, row in enumerate(matrix):
        x, size = 0, len(row)
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


_DARK = re.compile(rb"\x00+")  # zxing-cpp's image: 0 is a dark module


def _draw_qr(pdf: FPDF, text: str, x: float, y: float, side: float) -> None:
    """The QR code as black rectangles on a white square with a two-module quiet zone."""
    size, runs = _qr_runs(text)
    module = side / (size + 4)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, side, side, style="F")
    pdf.set_fill_color(0, 0, 0)
    left, top = x + 2 * module, y + 2 * module
    out = getattr(pdf, "_out", None)
    if out is None:  # an fpdf2 without its content-stream writer: one call per run
        for row, column, length in runs:
            pdf.rect(left + column * module, top + row * module, length * module, module, "F")
        return
    # One path filled once: the same rectangles as pdf.rect() writes, without ~500 calls
    # (a fifth of a certificate's time once the fonts were done once per batch).
    k, height = pdf.k, pdf.h
    xs = [f"{(left + c * module) * k:.2f}" for c in range(size)]
    ys = [f"{(height - top - r * module) * k:.2f}" for r in range(size)]
    ws = [f"{n * module * k:.2f} {-module * k:.2f} re" for n in range(size + 1)]
    out("\n".join([f"{xs[c]} {ys[r]} {ws[n]}" for r, c, n in runs]) + "\nf")


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
    return f"{_t(language, 'hr.cert.title')} {data.number}"


def render_certificate(data: CertificateData, org: OrgSettings, *, language: str = "vi") -> bytes:
    """One certificate as PDF bytes."""
    pdf = _document(org, language)
    pdf.set_title(_title(data, language))
    pdf.add_page()
    left = _left_header(pdf, org)
    _draw_person(pdf, data, org, language, left)
    _draw_fixed(pdf, org, language, left)
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
    left: _Left | None = None
    for data in certificates:
        pdf.add_page()
        left = left or _left_header(pdf, org)
        _draw_person(pdf, data, org, language, left)
        if fixed is not None and _can_repeat(pdf, org):
            _register_fonts(pdf)
            pdf._out(fixed)  # the same operators the first page drew, same fonts and subset
            continue
        contents = pdf.pages[pdf.page].contents
        assert isinstance(contents, bytearray)  # while a page is written (fpdf2 2.8)
        mark = len(contents)
        _draw_fixed(pdf, org, language, left)
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


def _paragraph(pdf: FPDF, width: float, height: float, text: str, align: str) -> None:
    lines = wrap_lines(pdf, width, text)
    if lines is None:
        pdf.multi_cell(width, height, text, align=align, new_x="LEFT", new_y="NEXT")
        return
    for line in lines:
        pdf.cell(width, height, line, align=align, new_x="LEFT", new_y="NEXT")


@dataclass(frozen=True)
class _Left:
    """Where the left header goes (it is narrower beside a logo) and the number's line."""

    x: float
    w: float
    name_y: float  # top of the organisation's name
    rule_y: float  # the short rule under it; the number is 3 mm below


def _left_header(pdf: FPDF, org: OrgSettings) -> _Left:
    x, w = (40.0, 100.0) if org.logo is not None else (16.0, 118.0)
    name_y = 22.0 if org.parent_org else 16.0
    pdf.set_font(FONT, "B", 12)
    lines = cast(
        "list[str]",
        pdf.multi_cell(w, 6, org.org_name.upper(), align="C", dry_run=True, output="LINES"),
    )
    return _Left(x, w, name_y, name_y + 6 * len(lines) + 1)


def _draw_person(
    pdf: FPDF, data: CertificateData, org: OrgSettings, language: str, left: _Left
) -> None:
    """What differs from one certificate to the next: number, name, course, result, date, QR."""

    def t(message_id: str, **values: object) -> str:
        return _t(language, message_id, **values)

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
    _paragraph(pdf, PAGE_W - 80, 8, data.course_title, "C")
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
        _draw_qr(pdf, data.qr_text, x=18, y=146, side=40)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_xy(60, 160)
    _paragraph(pdf, 80, 4.5, t("hr.cert.verify_hint", number=data.number), "L")
    pdf.set_x(60)
    pdf.cell(80, 4.5, t("hr.cert.content_version", hash=short_hash(data.content_hash)))


def _draw_fixed(pdf: FPDF, org: OrgSettings, language: str, left: _Left) -> None:
    """What every certificate of the organisation shows the same: frame, headers, title, signer."""

    def t(message_id: str, **values: object) -> str:
        return _t(language, message_id, **values)

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


def ascii_slug(text: str) -> str:
    """'Nguyễn Văn Ân' -> 'nguyen-van-an' (file names that survive every ZIP tool)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def file_name(data: CertificateData) -> str:
    return f"{ascii_slug(data.number).upper()}_{ascii_slug(data.full_name)}.pdf"


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


def _render_chunk(job: tuple[list[CertificateData], OrgSettings]) -> list[bytes]:
    """Top-level, so a worker process can run it."""
    return render_batch(*job)


def _chunks(certificates: list[CertificateData], size: int) -> Iterator[list[CertificateData]]:
    """The first batch small, so progress shows at once; then ``size`` at a time."""
    first = min(FIRST_BATCH, size)
    yield certificates[:first]
    for at in range(first, len(certificates), size):
        yield certificates[at : at + size]


def _rendered(
    certificates: list[CertificateData], org: OrgSettings, workers: int
) -> Generator[bytes, None, None]:
    """PDF bytes in order, rendered in batches (:func:`render_batch`). With ``workers`` > 1
    and enough certificates, batches run in a process pool: it is CPU-bound pure Python, so
    threads would not help. Closing the iterator cancels what is still queued."""
    if not certificates:
        return
    if workers <= 1 or len(certificates) < 2 * MIN_PER_WORKER:
        for chunk in _chunks(certificates, BATCH):
            yield from render_batch(chunk, org)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(workers, len(certificates) // MIN_PER_WORKER)
    size = max(MIN_PER_WORKER, min(BATCH, -(-len(certificates) // (2 * workers))))
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        for pdfs in executor.map(
            _render_chunk, ((chunk, org) for chunk in _chunks(certificates, size))
        ):
            yield from pdfs
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """Processes for bulk certificates from the command line: one per CPU, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def write_certificates(
    certificates: list[CertificateData],
    org: OrgSettings,
    output: Path | str,
    *,
    workers: int = 1,
) -> Iterator[Progress]:
    """Write one PDF each into a folder, or into ``output`` when it ends in ``.zip``.

    Stop iterating to cancel: a ZIP is then removed; PDFs already in a folder stay.
    ``workers`` > 1 renders in that many processes (the command line; the app keeps 1,
    as forking a process that runs Qt threads is unsafe).
    """
    output = Path(output)
    total = len(certificates)
    if output.suffix.lower() == ".zip":
        if not output.parent.is_dir():
            raise UserError(tr("hr.error.no_folder", path=str(output.parent)))
        pdfs = _rendered(certificates, org, workers)
        try:
            # atomic: a device, folder or link is refused; a full disk keeps the old ZIP
            with (
                atomic_path(output) as tmp,
                zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive,
            ):
                for i, (data, pdf) in enumerate(zip(certificates, pdfs, strict=True), 1):
                    name = file_name(data)
                    archive.writestr(name, pdf)
                    yield Progress(i, total, name)
        finally:
            pdfs.close()
        return
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(tr("hr.error.cannot_write", path=str(output)), str(exc)) from exc
    pdfs = _rendered(certificates, org, workers)
    try:
        for i, (data, pdf) in enumerate(zip(certificates, pdfs, strict=True), 1):
            name = file_name(data)
            # atomic: a full disk keeps the older PDF; each file is on disk before its rename,
            # the folder's renames are made durable once per batch (an fsync of the folder for
            # each PDF was half the time spent writing them)
            write_bytes(output / name, pdf, sync_folder=False)
            if i % BATCH == 0:
                fsync_dir(output)
            yield Progress(i, total, name)
    except OSError as exc:
        raise UserError(tr("hr.error.cannot_write", path=str(output)), str(exc)) from exc
    finally:
        fsync_dir(output)
        pdfs.close()


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
