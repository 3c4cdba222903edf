"""Generate a content folder of N lessons with 20 questions each, in the real format.

Lessons are grouped 100 to a course; each lesson has its own bank. Text is Vietnamese and about
the size of the bundled lessons, so parsing costs are realistic.
"""

from __future__ import annotations

from pathlib import Path

LESSONS_PER_COURSE = 100
PARAGRAPH = (
    "Cán bộ, công chức, viên chức phải cần, kiệm, liêm, chính, chí công vô tư trong hoạt động "
    "công vụ; tôn trọng nhân dân, tận tụy phục vụ nhân dân; không được hách dịch, cửa quyền, "
    "gây khó khăn, phiền hà cho người dân khi thi hành công vụ.\n"
)


def lesson_text(course: int, n: int) -> str:
    body = [f"# Bài {n}: Đạo đức công vụ phần {n}\n"]
    for section in range(1, 5):
        body.append(f"## Mục {section}\n\n{PARAGRAPH * 3}")
        body.append(
            "| Phẩm chất | Ý nghĩa |\n|---|---|\n| Cần | Siêng năng |\n| Kiệm | Tiết kiệm |\n"
        )
        body.append("> Trích: Luật Cán bộ, công chức.\n")
    return (
        f"---\nid: c{course}-l{n}\ntitle: Bài {n} — đạo đức công vụ\nminutes: 5\norder: {n}\n"
        f"tags: [đạo đức, công vụ]\nsources: [Luật CBCC 2008]\n---\n" + "\n".join(body)
    )


def bank_text(course: int, n: int, questions: int) -> str:
    parts = [
        f"---\nid: c{course}-b{n}\ntitle: Câu hỏi bài {n}\nlesson: c{course}-l{n}\n"
        "tags: [ôn tập]\n---\n"
    ]
    for q in range(1, questions + 1):
        parts.append(
            f"## Câu {q} bài {n}\n\n"
            f"Theo quy định, cán bộ, công chức cần làm gì trong tình huống số {q}?\n\n"
            "- [x] Hướng dẫn đầy đủ một lần bằng văn bản\n"
            "  > Đúng quy định.\n"
            "- [ ] Hướng dẫn miệng rồi hẹn lần sau\n"
            "- [ ] Từ chối tiếp nhận hồ sơ\n"
            "- [ ] Chuyển cho đồng nghiệp khác\n\n"
            "**Giải thích:** Quy tắc ứng xử yêu cầu hướng dẫn một lần, đầy đủ.\n\n"
            "**Nguồn:** Quyết định 522/QĐ-UBND\n\n"
            f"**Mã:** c{course}-b{n}-q{q}\n"
        )
    return "\n".join(parts)


def generate(root: Path, lessons: int, questions_per_lesson: int = 20) -> Path:
    """Write ``lessons`` lessons (and as many banks) under ``root``; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for index in range(lessons):
        course, n = divmod(index, LESSONS_PER_COURSE)
        folder = root / f"khoa-{course:03d}"
        if n == 0:
            (folder / "lessons").mkdir(parents=True, exist_ok=True)
            (folder / "questions").mkdir(exist_ok=True)
            (folder / "course.md").write_text(
                f"---\nid: khoa-{course}\ntitle: Khoá {course}\norder: {course}\n"
                "final_quiz:\n  questions: 30\n  minutes: 30\n  pass_percent: 80\n---\n"
                "Khoá học sinh ra cho đo hiệu năng.\n",
                encoding="utf-8",
            )
        (folder / "lessons" / f"{n:03d}.md").write_text(lesson_text(course, n), encoding="utf-8")
        (folder / "questions" / f"{n:03d}.md").write_text(
            bank_text(course, n, questions_per_lesson), encoding="utf-8"
        )
    return root
