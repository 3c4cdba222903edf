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


# six different everyday scenarios, so no two questions of a bank look alike
STEMS = [
    "Bà Lan đến Trung tâm phục vụ hành chính công phường nộp hồ sơ đăng ký kết hôn.",
    "Một doanh nghiệp gọi điện hỏi tiến độ cấp phép xây dựng tại Sở Xây dựng.",
    "Ông Hải gửi tin nhắn Zalo cho công chức địa chính xin giải quyết nhanh.",
    "Sinh viên thực tập ở phường hỏi về quy trình lưu trữ hồ sơ cũ.",
    "Người dân phản ánh trên Facebook rằng bộ phận một cửa trả kết quả chậm.",
    "Đồng nghiệp rủ đi ăn trưa với một nhà thầu đang dự thầu gói mua sắm.",
]


def source(
    ident: str,
    title: str,
    number: str,
    *,
    status: str = "in_force",
    extra: str = "",
    issued: str = "",
) -> str:
    """A registry file (``sources/<ident>.md``); ``issued`` replaces the default date."""
    text = SOURCE.format(id=ident, title=title, number=number, status=status, extra=extra)
    return text.replace("issued: 2025-06-24", f"issued: {issued}") if issued else text


def graded_citing(qid: str, stem: str, refs: str) -> str:
    """A :func:`graded` scenario whose ``**Căn cứ:**`` is ``refs`` (not luat-moi Điều 9)."""
    return graded(qid, stem).replace("**Căn cứ:** luat-moi Điều 9", f"**Căn cứ:** {refs}")


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
    registry = {"luat-moi": source("luat-moi", "Luật Mới", "1/2025/QH15")}
    registry.update(sources or {})
    for ident, text in registry.items():
        (root / "sources" / f"{ident}.md").write_text(text, encoding="utf-8")
    return root
