"""The sources registry: loading, citations shown to learners, the bibliography page, and the
questions listed when a cited document is replaced or amended."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import DocumentStatus

from .helpers import graded, graded_citing, source, write_course

pytestmark = pytest.mark.usefixtures("english")


def test_registry_loads_and_bibliography_is_the_last_lesson(tmp_path: Path) -> None:
    root = write_course(tmp_path, graded("q1", "Người dân nộp hồ sơ thiếu."))
    library = load_library(root)
    assert library.errors == []
    doc = library.documents["luat-moi"]
    assert (doc.number, doc.issuer, doc.issued, doc.status) == (
        "1/2025/QH15",
        "Quốc hội",
        "2025-06-24",
        DocumentStatus.IN_FORCE,
    )
    assert doc.checked == "2026-12-03" and "Điều 9" in doc.notes
    course = library.courses[0]
    assert str(course.as_of) == "2026-12-03"
    lesson, bibliography = course.lessons
    # the learner sees the citation, never the registry id
    assert lesson.sources == ("Luật Mới số 1/2025/QH15 (Quốc hội, 24/6/2025)",)
    assert lesson.cited == ("luat-moi",)
    assert bibliography.generated and bibliography.title == "Tài liệu tham khảo"
    assert "03/12/2026" in bibliography.body
    assert "Luật Mới số 1/2025/QH15 (Quốc hội, 24/6/2025)" in bibliography.body
    assert "kiểm tra ngày 03/12/2026" in bibliography.body
    assert library.summary() == "1 courses, 1 lessons, 1 questions, 0 errors, 0 warnings"


def test_no_bibliography_without_registry_citations(tmp_path: Path) -> None:
    root = write_course(tmp_path, graded("q1", "Người dân nộp hồ sơ thiếu."))
    (root / "kh" / "lessons" / "01.md").write_text(
        "---\nid: l1\ntitle: Bài\n---\n\nNội dung.\n", encoding="utf-8"
    )
    bank = root / "kh" / "questions" / "01.md"
    bank.write_text(bank.read_text(encoding="utf-8").replace("**Căn cứ:** luat-moi Điều 9\n", ""))
    course = load_library(root).courses[0]
    assert [le.id for le in course.lessons] == ["l1"]


def test_source_file_must_match_its_id_and_use_known_status(tmp_path: Path) -> None:
    bad = source("khac", "Luật", "2/2025/QH15")
    odd = source("luat-la", "Luật", "3/2025", status="valid")
    root = write_course(tmp_path, "", sources={"luat-sai": bad, "luat-la": odd})
    library = load_library(root)
    messages = [p.format() for p in library.errors]
    assert any("sources/luat-sai.md" in m and "must match the file name" in m for m in messages)
    assert any("sources/luat-la.md" in m and "invalid status 'valid'" in m for m in messages)
    assert "luat-sai" not in library.documents
    assert library.documents["luat-la"].status is DocumentStatus.UNCLEAR


def test_check_lists_questions_resting_on_a_replaced_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 5 of issue #14: a replacement registered after the course's as_of lists the
    questions (and lessons) to update; a question citing both texts is already updated."""
    old = source(
        "luat-cu", "Luật Cũ", "9/2008/QH12", status="replaced", extra="replaced_by: luat-thay\n"
    )
    new = source("luat-thay", "Luật Thay", "3/2027/QH16", issued="2027-03-01")
    questions = graded_citing("q-old", "Theo luật cũ thì sao?", "luat-cu Điều 8") + graded_citing(
        "q-both", "So sánh luật cũ và mới.", "luat-cu Điều 8; luat-thay Điều 9"
    )
    root = write_course(tmp_path, questions, sources={"luat-cu": old, "luat-thay": new})
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if "rests on" in line]
    assert len(listed) == 1
    assert "'q-old' (lesson l1) rests on 'luat-cu'" in listed[0]
    assert "luat-thay" in listed[0] and "kh/questions/01.md:" in listed[0]


def test_amendment_after_as_of_listed_until_cited_or_reviewed(tmp_path: Path) -> None:
    """An amendment dated after the course's as_of lists the questions to review; citing the
    amendment, or moving as_of past it once the lesson is reviewed, clears the list."""
    base = source(
        "luat-goc", "Luật Gốc", "5/2018/QH14", status="amended", extra="amended_by: [luat-sua]\n"
    )
    amendment = source("luat-sua", "Luật Sửa", "9/2027/QH16", issued="2027-01-15")
    question = graded_citing("q1", "Người dân nộp hồ sơ thiếu.", "luat-goc Điều 22")
    root = write_course(tmp_path, question, sources={"luat-goc": base, "luat-sua": amendment})
    listed = [p.message for p in load_library(root).warnings if "rests on" in p.message]
    assert listed and "'q1' (lesson l1) rests on 'luat-goc'" in listed[0]
    course = root / "kh" / "course.md"
    course.write_text(course.read_text(encoding="utf-8").replace("2026-12-03", "2027-02-01"))
    assert not any("rests on" in p.message for p in load_library(root).warnings)
    course.write_text(course.read_text(encoding="utf-8").replace("2027-02-01", "2026-12-03"))
    bank = root / "kh" / "questions" / "01.md"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("luat-goc Điều 22", "luat-goc Điều 22; luat-sua"),
        encoding="utf-8",
    )
    assert not any("rests on" in p.message for p in load_library(root).warnings)


def test_amendment_before_as_of_is_not_listed(tmp_path: Path) -> None:
    base = source(
        "luat-goc", "Luật Gốc", "5/2018/QH14", status="amended", extra="amended_by: [luat-moi]\n"
    )
    question = graded_citing("q1", "Người dân nộp hồ sơ thiếu.", "luat-goc Điều 22")
    root = write_course(tmp_path, question, sources={"luat-goc": base})
    assert not any("rests on" in p.message for p in load_library(root).warnings)


def test_documents_yaml_still_loads(tmp_path: Path) -> None:
    root = write_course(tmp_path, graded("q1", "Người dân nộp hồ sơ thiếu."))
    (root / "documents.yaml").write_text("luat-yaml:\n  title: Luật Y\n", encoding="utf-8")
    library = load_library(root)
    assert set(library.documents) == {"luat-moi", "luat-yaml"}


def test_citations_read_like_official_texts() -> None:
    """Learners see number, issuing body and date the way official texts cite one another."""
    from ethics_trainer.content.model import Document
    from ethics_trainer.content.sources import citation, vn_date

    decree = Document(
        id="nd-172-2025",
        title="Nghị định quy định về xử lý kỷ luật cán bộ, công chức",
        number="172/2025/NĐ-CP",
        issuer="Chính phủ",
        issued="2025-06-30",
    )
    assert citation(decree) == (
        "Nghị định số 172/2025/NĐ-CP (Chính phủ, 30/6/2025) quy định về xử lý kỷ luật cán bộ, công chức"
    )
    article = Document(id="bai", title="Bài viết", issuer="Tạp chí Cộng sản", issued="2022-11")
    assert citation(article) == "Bài viết (Tạp chí Cộng sản, 11/2022)"
    assert [vn_date(d) for d in ("2025-07-01", "2026-02-05", "2025-12-10", "2022")] == [
        "01/7/2025",
        "05/02/2026",
        "10/12/2025",
        "2022",
    ]


def test_lesson_source_that_is_no_registry_id_is_reported(tmp_path: Path) -> None:
    root = write_course(tmp_path, graded("q1", "Người dân nộp hồ sơ thiếu."))
    lesson = root / "kh" / "lessons" / "01.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("[luat-moi]", "[luat-moi, luat-khong-co]")
    )
    library = load_library(root)
    assert any(
        p.path == "kh/lessons/01.md" and "'luat-khong-co'" in p.message for p in library.warnings
    )
    # the learner still sees the known document's citation, and the unknown id as written
    assert library.lesson("l1").sources[1] == "luat-khong-co"
