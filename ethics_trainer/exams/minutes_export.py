"""The minutes (biên bản coi thi) of a session as PDF (fpdf2, bundled Noto Sans) and XLSX.

The XLSX goes through :class:`ethics_trainer.safe_cells.SafeSheet`: names and incident notes
typed by people never become formulas.
"""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.exams.events import EventRow, list_events
from ethics_trainer.exams.sessions import SessionInfo, get_session, roster
from ethics_trainer.i18n import formats, tr
from ethics_trainer.paths import FONTS_DIR
from ethics_trainer.storage.db import Database


def _time(event: EventRow) -> str:
    return formats.local(event.at).strftime("%d/%m/%Y %H:%M:%S")


def _header_lines(info: SessionInfo, candidates: int) -> list[str]:
    return [
        tr("exams.minutes.exam", name=info.definition.name),
        tr("exams.minutes.session", code=info.code, date=info.exam_date, room=info.room or "—"),
        tr("exams.minutes.counts", count=candidates),
    ]


def export_minutes_pdf(db: Database, session_id: int, path: Path) -> Path:
    from fpdf import FPDF

    info = get_session(db, session_id)
    events = list_events(db, session_id)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font("Noto", "", str(FONTS_DIR / "NotoSans-Regular.ttf"))
    pdf.add_font("Noto", "B", str(FONTS_DIR / "NotoSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Noto", "B", 15)
    pdf.cell(0, 9, tr("exams.minutes.title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", "", 10.5)
    for line in _header_lines(info, len(roster(db, session_id))):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(col_widths=(38, 142), text_align=("LEFT", "LEFT"), line_height=6) as table:
        head = table.row()
        pdf.set_font("Noto", "B", 10)
        head.cell(tr("exams.minutes.col_time"))
        head.cell(tr("exams.minutes.col_event"))
        pdf.set_font("Noto", "", 10)
        for event in events:
            row = table.row()
            row.cell(_time(event))
            row.cell(event.describe())
    pdf.ln(10)
    pdf.set_font("Noto", "B", 10.5)
    pdf.cell(90, 6, tr("exams.minutes.proctor_sign"), align="C")
    pdf.cell(90, 6, tr("exams.minutes.witness_sign"), align="C", new_x="LMARGIN", new_y="NEXT")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pdf.output(str(path))
    except OSError as exc:
        raise UserError(tr("exams.export.failed", file=str(path)), str(exc)) from exc
    return path


def export_minutes_xlsx(db: Database, session_id: int, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ethics_trainer.safe_cells import SafeSheet

    info = get_session(db, session_id)
    book = Workbook()
    assert book.active is not None
    sheet = SafeSheet(book.active)
    sheet.sheet.title = tr("exams.minutes.sheet")[:31]
    sheet.append([tr("exams.minutes.title")])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in _header_lines(info, len(roster(db, session_id))):
        sheet.append([line])
    sheet.append([])
    sheet.append(
        [tr("exams.minutes.col_time"), tr("exams.minutes.col_kind"), tr("exams.minutes.col_event")]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for event in list_events(db, session_id):
        sheet.append([_time(event), event.kind, event.describe()])
    sheet.column_dimensions["A"].width = 21
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 90
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise UserError(tr("exams.export.failed", file=str(path)), str(exc)) from exc
    return path
