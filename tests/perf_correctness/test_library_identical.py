"""A cold load gives exactly what it gave before the issue #17 speed-ups.

The digests below were taken with the loader as it was before them (main at e1cdc52), on a
generated library (the benchmark's format) and on a hand-made messy one: YAML front matter
PyYAML must read, every kind of broken file, bank edge cases, CRLF and BOM, images, the
sources registry. Any change in a lesson, a question field, a problem (line, wording, order)
or the content hash changes the digest. If a change to the content format is meant, take the
new digest and say why in the commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gen_content import generate
from ethics_trainer.content.loader import load_library
from ethics_trainer.i18n import set_language
from tests.perf_correctness.library_digest import library_digest
from tests.perf_correctness.test_question_parser import EDGE_CASES

GENERATED_DIGEST = "a5ebdfbe24be18e9c8821f489545722873bf394f6684de03908725e83015019a"
MESSY_DIGEST = "a86c3e63ca672b46397618003fde470cd4aaaf2875d8acb2782c8d08b8c8846a"


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


COURSE = """---
id: messy
title: "Khoá: thử nghiệm"
order: 2
as_of: 2026-12-03
tags: [a, b]
colour: red
final_quiz:
  questions: 5
  minutes: 10
  pass_percent: 70
  banks: [b-edge-0, b-missing]
---
Mô tả khoá học.
"""

LESSONS = {
    "01.md": "---\nid: l1\ntitle: Bài 1\nminutes: 5\norder: 1\ntags: [x, y]\nsources: [luat-a]\n"
    "---\n# Bài 1\n\n![hình](img/none.png)\n![xa](https://example.org/a.png)\nText.\n",
    "02.md": "---\nid: l2\ntitle: 'Bài 2: quoted'\nminutes: 1e12\norder: two\n"
    "sources: luat-b\nextra: 1\n---\nBody two.\n",
    "03.md": "---\nid: l1\ntitle: Duplicate\n---\nSame id.\n",
    "04.md": "---\ntitle: No id\n---\nx\n",
    "05.md": "No front matter at all.\n",
    "06.md": "---\nid: [broken\n---\nx\n",
    "07.md": "\ufeff---\r\nid: l7\r\ntitle: CRLF và BOM\r\n---\r\nDòng một.\r\nDòng hai.\r\n",
    "08.md": "---\nid: l8\ntitle: Unclosed\n",
    "09.md": "---\nid: bad id!\ntitle: Bad\n---\nx\n",
    "10.md": "---\nid: l10\ntitle: Ngày\nminutes: 0\norder: -5\ntags: đạo đức, công vụ\n---\n"
    'Nội dung <img src="none.png"> ở đây.\n',
    "_hidden.md": "---\nid: hidden\ntitle: Hidden\n---\nx\n",
}

BANK_HEAD = "---\nid: {id}\ntitle: {title}\nlesson: {lesson}\ntags: [t1]\n---\n"


def messy_content(root: Path) -> Path:
    course = root / "messy"
    (course / "lessons").mkdir(parents=True)
    (course / "questions").mkdir()
    (course / "course.md").write_text(COURSE, encoding="utf-8")
    for name, text in LESSONS.items():
        (course / "lessons" / name).write_bytes(text.encode("utf-8"))
    (course / "lessons" / "11.md").write_bytes(b"---\nid: l11\ntitle: x\n---\n\xff\xfe bad\n")
    for index, (name, body) in enumerate(EDGE_CASES.items()):
        lesson = ["l1", "l2", "nowhere", ""][index % 4]
        head = BANK_HEAD.format(id=f"b-edge-{index}", title=name, lesson=lesson)
        (course / "questions" / f"{index:02d}.md").write_text(head + body, encoding="utf-8")
    (course / "questions" / "90.md").write_text(
        BANK_HEAD.format(id="b-refs", title="Refs", lesson="l1")
        + "## Q\nStem\n- [x] a\n- [ ] b\n**Căn cứ:** luat-a Điều 5; luat-z\n**Mã:** r1\n"
        "**Giải thích:** e\n**Nguồn:** s\n\n## Dup\n- [x] a\n- [ ] b\n**Mã:** r1\n",
        encoding="utf-8",
    )
    sources = root / "sources"
    sources.mkdir()
    (sources / "luat-a.md").write_text(
        "---\ntitle: Luật A\nin_force: 2020-01-01\nreplaced_by: luat-b\n---\nGhi chú.\n",
        encoding="utf-8",
    )
    (sources / "luat-b.md").write_text("---\ntitle: Luật B\n---\n", encoding="utf-8")
    (root / "documents.yaml").write_text(
        "luat-c:\n  title: Luật C\n  amended_by: [luat-a]\nluat-d:\n  note: no title\n",
        encoding="utf-8",
    )
    return root


def test_a_generated_library_loads_as_before(tmp_path: Path) -> None:
    library = load_library(generate(tmp_path / "gen", 130, 6))
    assert library.summary() == "2 courses, 130 lessons, 780 questions, 0 errors, 0 warnings"
    assert library_digest(library) == GENERATED_DIGEST


def test_a_messy_library_loads_as_before(tmp_path: Path) -> None:
    library = load_library(messy_content(tmp_path / "content"))
    assert library.errors and library.warnings and library.all_questions()
    assert library_digest(library) == MESSY_DIGEST
