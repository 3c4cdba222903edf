"""A small course folder with a sources registry, written to disk for the content tests."""

from __future__ import annotations

from pathlib import Path

SOURCE = """---
id: {id}
title: {title}
number: {number}
issuer: Quốc hội
issued: 2025-06-24
in_force: 2025-07-01
status: {status}
{extra}checked: 2026-12-03
---

Điều 9 — nghĩa vụ (checked 2026-12-03).
"""

COURSE = """---
id: kh
title: Khoá thử
as_of: 2026-12-03
---

Mô tả.
"""

LESSON = """---
id: l1
title: Bài một
sources: [luat-moi]
---

# Bài một

Nội dung bài học.
"""


def graded(qid: str, stem: str, *, best_first: bool = False, long_best: bool = False) -> str:
    """A graded scenario; the best option is in position B unless ``best_first``."""
    best = "- [x] Hướng dẫn rõ ràng" + (
        " và đầy đủ mọi giấy tờ cần thiết, hẹn ngày trả kết quả cụ thể cho người dân"
        if long_best
        else ""
    )
    best += "\n  > Tốt nhất: đúng Điều 9 Luật Mới.\n"
    other = (
        "- [ ] Nhận hồ sơ thiếu rồi để đó cho tới khi người dân tự hỏi lại lần sau\n"
        "  > Sai: trái Điều 9 Luật số 1/2025/QH15.\n"
    )
    third = "- [ ] Từ chối\n  > Sai: trái Điều 9 (luat-moi).\n"
    options = best + other + third if best_first else other + best + third
    return (
        f"## {qid}\n\n{stem}\n\n{options}\n**Giải thích:** Vì Điều 9.\n\n"
        f"**Nguồn:** Luật số 1/2025/QH15, Điều 9\n\n**Căn cứ:** luat-moi Điều 9\n\n"
        f"**Loại:** graded\n\n**Mã:** {qid}\n\n"
    )


def write_course(root: Path, questions: str, *, sources: dict[str, str] | None = None) -> Path:
    """Write the course with ``questions`` as its only bank; ``sources`` maps id → file text."""
    course = root / "kh"
    (course / "lessons").mkdir(parents=True)
    (course / "questions").mkdir()
    (root / "sources").mkdir()
    (course / "course.md").write_text(COURSE, encoding="utf-8")
    (course / "lessons" / "01.md").write_text(LESSON, encoding="utf-8")
    (course / "questions" / "01.md").write_text(
        "---\nid: b1\nlesson: l1\n---\n\n" + questions, encoding="utf-8"
    )
    registry = {
        "luat-moi": SOURCE.format(
            id="luat-moi", title="Luật Mới", number="1/2025/QH15", status="in_force", extra=""
        )
    }
    registry.update(sources or {})
    for ident, text in registry.items():
        (root / "sources" / f"{ident}.md").write_text(text, encoding="utf-8")
    return root
