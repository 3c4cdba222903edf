"""The minutes (biên bản coi thi) of a session as PDF (fpdf2, bundled Noto Sans) and XLSX.

The XLSX goes through :class:`ethics_trainer.safe_cells.SafeSheet`: names and incident notes
typed by people never become formulas.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.exams.events import EventRow, describe, list_events
from ethics_trainer.exams.live_roster import STATUS_REGISTERED, CandidateRow, roster
from ethics_trainer.exams.sessions import SessionInfo, get_session
from ethics_trainer.fileio.safe_write import atomic_path
from ethics_trainer.i18n import formats, tr
from ethics_trainer.paths import FONTS_DIR
from ethics_trainer.storage.db import Database

# Kinds that interrupted someone's exam: the PDF lists them again in their own section.
DISRUPTIONS = (
    "incident",
    "extra_time",
    "locked",
    "move_requested",
    "move_approved",
    "resumed",
    "answer_rejected",
    "end_submit_failed",
)


def _time(event: EventRow) -> str:
    """One date format everywhere in the minutes: the language's short date, then the time."""
    return f"{formats.short_date(event.at)} {formats.local(event.at).strftime('%H:%M:%S')}"


def _exam_day(text: str) -> str:
    """The session's date (stored as typed, ISO by default) in the same format as the times."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return text or "—"
    return formats.short_date(datetime(day.year, day.month, day.day, 12).astimezone())


def _room(room: str) -> str:
    """ "Phòng 301" -> "301": the sentences already say "phòng" ("phòng Phòng 301")."""
    return re.sub(r"^\s*(phòng|room)\b[\s.:]*", "", nfc(room), flags=re.IGNORECASE) or room


def _describe(event: EventRow) -> str:
    if event.detail.room is not None:
        return describe(event.kind, {**event.params, "room": _room(event.detail.room)})
    return event.describe()


def _header_lines(info: SessionInfo, candidates: int) -> list[str]:
    return [
        tr("exams.minutes.exam", name=info.definition.name),
        tr(
            "exams.minutes.session",
            code=info.code,
            date=_exam_day(info.exam_date),
            room=_room(info.room) if info.room else "—",
        ),
        tr("exams.minutes.counts", count=candidates),
    ]


def _absentees(rows: list[CandidateRow]) -> list[str]:
    """Everyone on the roster who never signed in on any PC."""
    return [
        f"{r.row_no}. {r.full_name}" + (f" ({r.employee_code})" if r.employee_code else "")
        for r in rows
        if r.status == STATUS_REGISTERED
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
    candidates = roster(db, session_id)
    for line in _header_lines(info, len(candidates)):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    disruptions = [e for e in events if e.kind in DISRUPTIONS]
    for title, lines in (
        (tr("ui_admin.minutes.absent", count=len(_absentees(candidates))), _absentees(candidates)),
        (
            tr("ui_admin.minutes.disruptions", count=len(disruptions)),
            [f"{_time(e)} — {_describe(e)}" for e in disruptions],
        ),
    ):
        pdf.set_font("Noto", "B", 10.5)
        pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Noto", "", 10)
        for line in lines or [tr("ui_admin.minutes.none")]:
            pdf.multi_cell(0, 5.5, f"• {line}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("Noto", "B", 10.5)
    pdf.multi_cell(0, 6, tr("ui_admin.minutes.all_events"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    with pdf.table(col_widths=(38, 142), text_align=("LEFT", "LEFT"), line_height=6) as table:
        head = table.row()
        pdf.set_font("Noto", "B", 10)
        head.cell(tr("exams.minutes.col_time"))
        head.cell(tr("exams.minutes.col_event"))
        pdf.set_font("Noto", "", 10)
        for event in events:
            row = table.row()
            row.cell(_time(event))
            row.cell(_describe(event))
    pdf.ln(10)
    pdf.set_font("Noto", "B", 10.5)
    pdf.cell(90, 6, tr("exams.minutes.proctor_sign"), align="C")
    pdf.cell(90, 6, tr("exams.minutes.witness_sign"), align="C", new_x="LMARGIN", new_y="NEXT")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:  # whole or not at all; never onto a device or link
            pdf.output(str(tmp))
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
        with atomic_path(path) as tmp:
            book.save(tmp)
    except OSError as exc:
        raise UserError(tr("exams.export.failed", file=str(path)), str(exc)) from exc
    return path
