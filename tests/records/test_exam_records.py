"""The exam's last JSON columns as typed records: ``exam_definition.parts_json`` (sealed as its
stored text) and ``exam_event.detail`` (the minutes' placeholders).

The definition's text is hashed into every seal of its sessions, so the record must write the
very bytes the earlier hand-written ``json.dumps`` wrote and re-encode a stored text unchanged.
Minutes rows written as free JSON objects by earlier versions must still load and read alike.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import definitions, events, seal_body
from ethics_trainer.exams.definitions import ExamDraft
from ethics_trainer.i18n import set_language
from ethics_trainer.storage import json_record
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.draw_parts import DrawPart, DrawParts
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import ExamDefinition

from ..exams.helpers import make_exam

CLOCK = FixedClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
# What the version before typed records wrote for these parts (its
# ``json.dumps([p.to_json() for p in parts], ensure_ascii=False)``), written out by hand.
PARTS = [DrawPart(count=2, banks=("đạo-đức",), tags=("công vụ", "ứng xử")), DrawPart()]
OLD_TEXT = (
    '[{"count": 2, "banks": ["đạo-đức"], "tags": ["công vụ", "ứng xử"]},'
    ' {"count": null, "banks": [], "tags": []}]'
)


def _raw_parts(db_path: Path, definition_id: int) -> str:
    with sqlite3.connect(db_path) as conn:
        (text,) = conn.execute(
            "SELECT parts_json FROM exam_definition WHERE id = ?", (definition_id,)
        ).fetchone()
    return str(text)


def _old_digest(row: ExamDefinition, stored_text: str) -> str:
    """``definition_digest`` as the earlier version computed it: over the stored text."""
    return seal_body.sha(
        seal_body.canonical(
            [
                row.id,
                row.name,
                row.course_id,
                stored_text,
                row.minutes,
                round(float(row.pass_percent), 4),
                row.attempts_allowed,
                bool(row.shuffle_questions),
                bool(row.shuffle_options),
                row.show_after,
            ]
        )
    )


def _draft() -> ExamDraft:
    return ExamDraft(name="Sát hạch 2026", course_id="mau", parts=list(PARTS))


def test_a_definition_is_written_as_before(db: Database, tmp_path: Path) -> None:
    saved = definitions.save_definition(db, _draft(), clock=CLOCK)
    assert _raw_parts(tmp_path / "test.db", saved.id) == OLD_TEXT
    assert definitions.get_definition(db, saved.id).parts == tuple(PARTS)


def test_an_old_definition_reads_and_rewrites_to_the_same_bytes(
    db: Database, tmp_path: Path
) -> None:
    """A row holding the earlier version's text: read, saved again unchanged, hashed alike."""
    saved = definitions.save_definition(db, _draft(), clock=CLOCK)
    with sqlite3.connect(tmp_path / "test.db") as conn:  # exactly the old writer's bytes
        conn.execute("UPDATE exam_definition SET parts_json = ? WHERE id = ?", (OLD_TEXT, saved.id))
    assert json_record.encode(json_record.decode(DrawParts, OLD_TEXT)) == OLD_TEXT
    with db.session() as session:
        row = session.get(ExamDefinition, saved.id)
        assert row is not None and row.parts == DrawParts(tuple(PARTS))
        assert seal_body.definition_digest(row) == _old_digest(row, OLD_TEXT)
    definitions.save_definition(db, _draft(), definition_id=saved.id, clock=CLOCK)
    assert _raw_parts(tmp_path / "test.db", saved.id) == OLD_TEXT


def test_the_digest_follows_the_stored_parts(db: Database) -> None:
    """The digest check above can fail: other parts give another digest."""
    saved = definitions.save_definition(db, _draft(), clock=CLOCK)
    with db.session() as session:
        row = session.get(ExamDefinition, saved.id)
        assert row is not None
        before = seal_body.definition_digest(row)
        row.parts = DrawParts((DrawPart(count=3),))
        assert seal_body.definition_digest(row) != before


def test_an_empty_parts_list_stays_empty_and_draws_the_whole_course(db: Database) -> None:
    with db.session() as session:
        row = ExamDefinition(name="Phòng máy", course_id="mau", created_at=CLOCK.now())
        session.add(row)
        session.flush()
        assert row.id is not None
        definition_id = row.id
    with db.session() as session:
        stored = session.get(ExamDefinition, definition_id)
        assert stored is not None and stored.parts == DrawParts()
        assert json_record.encode(stored.parts) == "[]"
    assert definitions.get_definition(db, definition_id).parts == (DrawPart(),)


OLD_EVENTS = [  # (kind, detail) as earlier versions wrote them, and the sentence they read as
    ("opened", '{"code": "9XV6GY", "room": "P.301"}', "Mở ca thi, mã 9XV6GY, phòng P.301."),
    ("roster", '{"count": 3}', "Nạp danh sách: thêm 3 thí sinh."),
    ("move_approved", '{"name": "An", "old": "pc-1", "machine": "pc-2"}', "từ máy pc-1 sang máy pc-2"),
    ("extra_time", '{"name": "An", "minutes": 5, "reason": ""}', "Cộng thêm 5 phút cho An. Lý do: —."),
    ("extra_time", '{"name": "An", "minutes": 2.5, "reason": "mất điện"}', "2.5 phút"),
    ("submitted", '{"name": "An", "score": null, "reason": "timeout"}', "điểm —"),
    ("submitted", '{"name": "An", "score": 87.5, "reason": "user"}', "An nộp bài"),
    ("ended", '{"submitted": 2}', "2 bài đang làm"),
    ("incident", '{"text": "Ồn ào", "name": "", "from_an_older_version": 1}', "Sự việc: Ồn ào"),
    ("answer_rejected", '{"name": "An", "text": "hết giờ", "question": "q1", "position": "1",'
     ' "machine": "pc-1", "given_at": ""}', "Một câu trả lời của An không được ghi: hết giờ"),
    ("sealed_unsealed", '{"when": "2026-11-24 09:00 UTC", "machine": "pc-9"}', "trên máy pc-9"),
    ("ended", "", "Kết thúc ca thi"),  # a row whose detail was left at the old default, ""
]  # fmt: skip


def _insert_old_events(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        for i, (kind, detail, _text) in enumerate(OLD_EVENTS):
            conn.execute(
                "INSERT INTO exam_event (session_id, candidate_id, at, kind, detail)"
                " VALUES (1, NULL, ?, ?, ?)",
                (f"2026-11-24 08:{i:02d}:00.000000", kind, detail),
            )


@pytest.fixture
def session_with_old_minutes(db: Database, sample_content: Path, tmp_path: Path) -> Database:
    setup = make_exam(db, sample_content, CLOCK)
    assert setup.session.id == 1
    with sqlite3.connect(tmp_path / "test.db") as conn:
        conn.execute("DELETE FROM exam_event")
    _insert_old_events(tmp_path / "test.db")
    return db


def test_minutes_written_in_the_old_shape_load_as_typed_details(
    session_with_old_minutes: Database,
) -> None:
    set_language("vi")
    rows = events.list_events(session_with_old_minutes, 1)
    assert [r.kind for r in rows] == [kind for kind, _d, _t in OLD_EVENTS]
    for row, (_kind, _detail, text) in zip(rows, OLD_EVENTS, strict=True):
        assert isinstance(row.detail, EventDetail)
        assert text in row.describe(), (row.kind, row.describe())
    assert rows[1].detail.count == 3 and rows[3].detail.minutes == 5
    assert rows[4].detail.minutes == 2.5 and rows[6].detail.score == 87.5
    assert rows[-1].detail == EventDetail()


def test_a_new_minutes_line_reads_like_an_old_one(db: Database, sample_content: Path) -> None:
    """The same event logged now gives the sentence the old row gives (and unknown keys go)."""
    set_language("vi")
    make_exam(db, sample_content, CLOCK)
    with db.session() as session:
        events.log_event(
            session,
            1,
            "extra_time",
            CLOCK.now(),
            detail=EventDetail(name="An", minutes=5, reason=""),
        )
    line = events.list_events(db, 1)[-1]
    assert line.describe() == "Cộng thêm 5 phút cho An. Lý do: —."
    assert json_record.encode(line.detail) == '{"name": "An", "reason": "", "minutes": 5}'
    assert EventDetail.from_json({"name": "An", "unknown": 1}) == EventDetail(name="An")


def test_a_persons_export_shows_their_minutes_lines_as_stored(
    db: Database, sample_content: Path
) -> None:
    """The personal-data export gives each minutes line's detail as its stored object."""
    from ethics_trainer.exams import checkin
    from ethics_trainer.services import learners

    setup = make_exam(db, sample_content, CLOCK)
    first = setup.candidates[0]
    checkin.check_in(db, first.id, setup.session.code, "pc-1", clock=CLOCK)
    record = learners.person_record(db, first.learner_id)
    (line,) = [e for e in record["exam_events"] if e["kind"] == "checkin"]
    assert line["detail"] == {"name": first.full_name, "machine": "pc-1"}
