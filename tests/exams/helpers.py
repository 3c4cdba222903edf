"""Shared set-up for exam tests: a definition, an open session and a roster on a database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.clock import Clock
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Library
from ethics_trainer.exams import definitions, live_roster, sessions
from ethics_trainer.exams.definitions import ExamDraft
from ethics_trainer.exams.roster import RosterRow
from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.draw_parts import DrawPart

ROSTER = [
    RosterRow("Nguyễn Văn An", "HN001", "Sở Nội vụ", "Chuyên viên"),
    RosterRow("Trần Thị Bình", "HN002", "UBND quận Ba Đình", "Phó phòng"),
    RosterRow("Lê Hoàng Cường", "HN003", "Sở Tư pháp", "Chuyên viên"),
]


@dataclass
class Setup:
    library: Library
    session: sessions.SessionInfo
    candidates: list[live_roster.CandidateRow]


def make_exam(db: Database, content: Path, clock: Clock, *, minutes: int = 20) -> Setup:
    library = load_library(content)
    draft = ExamDraft(
        name="Kiểm tra đạo đức công vụ 2026",
        course_id="mau",
        parts=[DrawPart(count=4)],
        minutes=minutes,
        pass_percent=60,
    )
    definition = definitions.save_definition(db, draft, library=library, clock=clock)
    info = sessions.open_session(
        db, definition.id, exam_date="2026-11-24", room="P.301", clock=clock
    )
    sessions.add_roster(db, info.id, ROSTER, clock=clock)
    return Setup(library, info, live_roster.roster(db, info.id))


def correct_keys(question: QuestionSnapshot) -> list[str]:
    return [o.key for o in question.options if o.correct]
