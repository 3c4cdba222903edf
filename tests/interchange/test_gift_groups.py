"""Variant groups (``**Nhóm:**``) survive a GIFT or Moodle XML export and import: without them
a draw from the re-imported bank could hold two questions that test the same fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.content.loader import load_library
from ethics_trainer.interchange.gift import parse_gift, write_question

from .round_trip import export_then_import

BANK = """---
id: b1
lesson: l1
---

## Thời hiệu kỷ luật

Thời hạn xử lý kỷ luật là bao lâu?

- [x] Không quá 90 ngày
- [ ] Không quá 30 ngày

**Nguồn:** Nghị định số 172/2025/NĐ-CP

**Căn cứ:** nd-172 Điều 5

**Nhóm:** thoi-han-ky-luat

**Mã:** q1

## Thời hạn xử lý, hỏi cách khác

Thời hạn xử lý kỷ luật có thể kéo dài tối đa bao lâu?

- [x] Không quá 150 ngày
- [ ] Không quá 60 ngày

**Nhóm:** thoi-han-ky-luat

**Mã:** q2

## Không thuộc nhóm nào

Cán bộ, công chức nữ đang nuôi con dưới 12 tháng tuổi có bị xem xét kỷ luật ngay không?

- [ ] Có
- [x] Chưa

**Mã:** q3
"""


def _course(root: Path) -> Path:
    course = root / "kh"
    (course / "lessons").mkdir(parents=True)
    (course / "questions").mkdir()
    (course / "course.md").write_text("---\nid: kh\ntitle: Khoá\n---\n", encoding="utf-8")
    (course / "lessons" / "01.md").write_text(
        "---\nid: l1\ntitle: Bài\n---\n\n# Bài\n\nNội dung.\n", encoding="utf-8"
    )
    (course / "questions" / "01.md").write_text(BANK, encoding="utf-8")
    return root


def test_gift_keeps_the_group_in_a_comment() -> None:
    question = next(
        q
        for q in load_library(Path(__file__).resolve().parents[2] / "content").all_questions()
        if q.group
    )  # any grouped question of the bundled course
    text = write_question(question)
    assert f"// Nhóm: {question.group}" in text
    (back,) = parse_gift(text, "t.gift").questions
    assert back.question.group == question.group


@pytest.mark.parametrize(("fmt", "suffix"), [("gift", ".gift"), ("moodle-xml", ".xml")])
def test_group_round_trip_through_export_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, suffix: str
) -> None:
    """GIFT carries the group in a ``// Nhóm:`` comment, Moodle XML in an XML comment."""
    content = _course(tmp_path / "ours")
    export_then_import(content, fmt, tmp_path / f"ours{suffix}", tmp_path / "back")
    capsys.readouterr()
    bank = next((tmp_path / "back").rglob("questions/*.md")).read_text(encoding="utf-8")
    assert bank.count("**Nhóm:** thoi-han-ky-luat") == 2
    groups = {q.id: q.group for q in load_library(tmp_path / "back").all_questions()}
    assert groups == {"q1": "thoi-han-ky-luat", "q2": "thoi-han-ky-luat", "q3": ""}
