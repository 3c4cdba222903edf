"""A small generated course for the fault tests: one lesson, one bank of N questions."""

from __future__ import annotations

from pathlib import Path

COURSE = """---
id: thi-thu
title: Thi thử
final_quiz:
  questions: {count}
  minutes: {minutes}
  pass_percent: 60
---
Khoá học sinh ra cho kiểm thử lỗi.
"""

LESSON = """---
id: thi-thu-l1
title: Bài học
---
# Bài học

Nội dung.
"""

QUESTION = """## Câu {n}

Câu hỏi số {n} về liêm chính công vụ?

- [x] Phương án đúng {n}
- [ ] Phương án sai một
- [ ] Phương án sai hai
- [ ] Phương án sai ba

**Giải thích:** Giải thích {n}.

**Nguồn:** Nguồn {n}

**Mã:** tt-q{n}
"""


def write_exam_content(root: Path, *, questions: int = 40, minutes: int = 600) -> Path:
    course = root / "thi-thu"
    (course / "lessons").mkdir(parents=True)
    (course / "questions").mkdir()
    (course / "course.md").write_text(
        COURSE.format(count=questions, minutes=minutes), encoding="utf-8"
    )
    (course / "lessons" / "01.md").write_text(LESSON, encoding="utf-8")
    bank = "---\nid: thi-thu-b1\ntitle: Ngân hàng\nlesson: thi-thu-l1\n---\n\n"
    bank += "\n".join(QUESTION.format(n=n) for n in range(1, questions + 1))
    (course / "questions" / "01.md").write_text(bank, encoding="utf-8")
    return root
