"""A learner's own certificate is HR's certificate: same number, same signature, verifiable
by the CLI's verification; none before the final quiz is passed; first run works."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.errors import UserError
from ethics_trainer.hr import certificates
from ethics_trainer.hr.org_settings import OrgSettings, save_org_settings
from ethics_trainer.hr.own_certificate import has_certificate, own_certificate
from ethics_trainer.hr.reports import ReportFilter
from ethics_trainer.hr.verification import VALID, verify
from ethics_trainer.i18n import set_language
from ethics_trainer.services import attempts, learners

NAME = "Nguyễn Thị Thu Hương"


def pass_final(db, course, clock, *, right: bool = True) -> int:  # type: ignore[no-untyped-def]
    me = learners.create_learner(db, full_name=NAME, unit="UBND quận Ba Đình", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=2, clock=clock)
    for q in state.questions:
        keys = [o.key for o in q.options if o.correct == right]
        attempts.record_answer(db, state.id, q.id, keys[:1] if not right else keys, clock=clock)
    attempts.submit_attempt(db, state.id, clock=clock)
    return me.id


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "own.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode())


@pytest.fixture
def course(sample_content: Path):  # type: ignore[no-untyped-def]
    return load_library(sample_content).courses[0]


def test_no_certificate_before_passing(db, course, tmp_path: Path) -> None:
    clock = FixedClock()
    me = pass_final(db, course, clock, right=False)
    assert not has_certificate(db, me, course.id)
    set_language("vi")
    with pytest.raises(UserError) as raised:
        own_certificate(
            db, tmp_path / "data", learner_id=me, course_id=course.id, course_title=course.title
        )
    assert "chưa đạt bài kiểm tra cuối khoá" in raised.value.message
    assert not (tmp_path / "data").exists()  # nothing made: no key, no number


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_first_run_certificate_verifies_and_hr_gets_the_same_number(
    db, course, tmp_path: Path
) -> None:
    clock = FixedClock()
    me = pass_final(db, course, clock)
    data_dir = tmp_path / "data"  # empty: no key, no organisation stored yet
    assert has_certificate(db, me, course.id)
    first = own_certificate(
        db, data_dir, learner_id=me, course_id=course.id, course_title=course.title, clock=clock
    )
    assert not first.org_set_up  # the screen says HR has not set the organisation up
    text = pdf_text(first.pdf, tmp_path)
    assert NAME in text and first.number in text and "SỞ NỘI VỤ" in text
    assert first.file_name == "giay-chung-nhan-nguyen-thi-thu-huong.pdf"
    # the QR text signed on this PC verifies through the service `ethics-trainer verify` uses
    prepared = certificates.prepare_certificates(
        db, data_dir, ReportFilter(), {course.id: course.title}, clock=clock
    )
    assert [p.number for p in prepared] == [first.number]  # HR: the same number, not a new one
    assert verify(db, prepared[0].qr_text, data_dir=data_dir).status == VALID
    assert verify(db, first.number, data_dir=data_dir).valid

    # HR sets the organisation up: the next one prints it, same number again
    save_org_settings(db, OrgSettings(org_name="Sở Nội vụ Hà Nội", signer_name="Trần Văn Bình"))
    again = own_certificate(
        db, data_dir, learner_id=me, course_id=course.id, course_title=course.title, clock=clock
    )
    assert again.org_set_up and again.number == first.number
    assert "Trần Văn Bình" in pdf_text(again.pdf, tmp_path)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_on_a_shared_postgresql_server(postgres_url: str, course, tmp_path: Path) -> None:
    """Room PCs on one server: the official's certificate and HR's keep one number."""
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        clock = FixedClock()
        me = pass_final(db, course, clock)
        mine = own_certificate(
            db,
            tmp_path / "pc-1",
            learner_id=me,
            course_id=course.id,
            course_title=course.title,
            clock=clock,
        )
        assert NAME in pdf_text(mine.pdf, tmp_path)
        prepared = certificates.prepare_certificates(
            db, tmp_path / "hr-pc", ReportFilter(), {course.id: course.title}, clock=clock
        )
        assert [p.number for p in prepared] == [mine.number]
        assert verify(db, mine.number, data_dir=tmp_path / "hr-pc").valid
    finally:
        db.dispose()
