"""The minutes PDF names the absent and the interruptions, says "phòng" once, and writes every
date one way (issue #11)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.exams import (
    checkin,
    definitions,
    exam_start,
    live_roster,
    proctor_actions,
    session_end,
    sessions,
)
from ethics_trainer.exams.definitions import ExamDraft
from ethics_trainer.exams.minutes_export import export_minutes_pdf
from ethics_trainer.storage.draw_parts import DrawPart
from tests.exams.helpers import ROSTER

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def test_minutes_pdf_absentees_disruptions_room_and_dates(
    db, sample_content, tmp_path: Path
) -> None:
    clock = FixedClock(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    library = load_library(sample_content)
    draft = ExamDraft(
        name="Kiểm tra 2026",
        course_id="mau",
        parts=[DrawPart(count=4)],
        minutes=20,
        pass_percent=60,
    )
    definition = definitions.save_definition(db, draft, library=library, clock=clock)
    info = sessions.open_session(
        db, definition.id, exam_date="2026-11-24", room="Phòng 301", clock=clock
    )
    sessions.add_roster(db, info.id, ROSTER, clock=clock)
    an, binh, _cuong = live_roster.roster(db, info.id)
    for cand, pc in ((an, "pc-1"), (binh, "pc-2")):
        checkin.check_in(db, cand.id, info.code, pc, clock=clock)
        exam_start.start_exam(db, library, cand.id, pc, clock=clock)
    proctor_actions.add_incident(db, info.id, "Mất điện khu B từ 8:40 đến 8:52", clock=clock)
    proctor_actions.grant_extra_time(db, an.id, 12, reason="mất điện", clock=clock)
    session_end.end_session(db, info.id, clock=clock)

    out = export_minutes_pdf(db, info.id, tmp_path / "bien-ban.pdf")
    raw = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFC", raw.stdout.decode())
    flat = " ".join(text.split())

    absent = flat[flat.index("Thí sinh vắng mặt: 1") : flat.index("Sự cố, gián đoạn")]
    assert "Lê Hoàng Cường" in absent and "Nguyễn Văn An" not in absent
    disruptions = flat[
        flat.index("Sự cố, gián đoạn và cách xử lý: 2") : flat.index("Diễn biến ca thi")
    ]
    assert "Mất điện khu B" in disruptions and "12 phút" in disruptions
    assert not re.search(r"phòng\s+phòng", flat, re.IGNORECASE)
    assert "phòng 301" in flat.lower()
    assert "2026-11-24" not in flat  # the ISO date as stored is not shown
    dates = set(re.findall(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b", flat))
    assert dates and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in dates), dates
