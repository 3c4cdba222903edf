"""The faster question parser (issue #17) gives exactly what the old one gave.

``reference_questions.py`` is the parser as it was before the speed-up. Both run on the
bundled banks, the benchmark's generated banks, hand-written edge cases and random bodies
built from the lines that mean something in the format; questions (every field) and problems
(line, message, severity, in order) must be equal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.gen_content import bank_text
from ethics_trainer.content import questions as fast
from ethics_trainer.content.model import Problem, Question
from ethics_trainer.content.question_draft import Draft
from ethics_trainer.content.text import ProblemSink, split_front_matter
from tests.conftest import BUNDLED_CONTENT
from tests.perf_correctness import reference_questions as old

Parsed = tuple[list[Question], list[Problem]]


def parse(module, body: str, first_line: int = 5) -> Parsed:  # type: ignore[no-untyped-def]
    problems: list[Problem] = []
    found = module.parse_questions(
        body,
        first_line,
        ProblemSink("c/questions/b.md", problems),
        bank_id="b",
        lesson_id="l",
        course_id="c",
        bank_tags=("t",),
    )
    return found, problems


def drafts(module, body: str, first_line: int) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """Every section as the parser sorted it (stem, options with their continuation and
    feedback lines, fields, stray lines): also what a question dropped for an error had."""
    if module is old:
        found, _preamble = old._split_sections(body, first_line)
        for draft in found:
            old._parse_draft(draft)
    else:
        lines = body.split("\n")
        sections, _first = fast._split_sections(lines, body, first_line)
        found = []
        fenced = "```" in body or "~~~" in body
        for title, line, start, end in sections:
            draft = Draft(title, line)
            fast._parse_draft(draft, lines, start, end, fenced)
            found.append(draft)
    return [
        (
            d.title,
            d.line,
            d.stem,
            [
                tuple(o)
                if isinstance(o, list)
                else (o.line, o.checked, o.weight, o.text, o.feedback)
                for o in d.options
            ],
            d.fields,
            d.stray,
        )
        for d in found
    ]


def assert_same(body: str, first_line: int = 5) -> Parsed:
    new = parse(fast, body, first_line)
    assert new == parse(old, body, first_line)
    assert drafts(fast, body, first_line) == drafts(old, body, first_line)
    return new


BUNDLED_BANKS = sorted(BUNDLED_CONTENT.glob("*/questions/*.md"))


@pytest.mark.parametrize("path", BUNDLED_BANKS, ids=lambda p: p.name)
def test_bundled_banks_parse_the_same(path: Path) -> None:
    doc = split_front_matter(path.read_text(encoding="utf-8"))
    questions, _problems = assert_same(doc.body, doc.body_line)
    assert questions  # the comparison saw real questions


def test_the_bundled_banks_were_found() -> None:
    assert len(BUNDLED_BANKS) >= 10


def test_generated_bank_parses_the_same() -> None:
    doc = split_front_matter(bank_text(3, 7, 20))
    questions, problems = assert_same(doc.body, doc.body_line)
    assert len(questions) == 20 and problems == []


EDGE_CASES = {
    "fences": (
        "## Q1\n\n```\n## not a heading\n- [x] not an option\n```\n\n- [x] A\n- [ ] B\n\n"
        "**Mã:** q1\n**Giải thích:** e\n**Nguồn:** s\n\n## Q2\n~~~\n**Mã:** inside\n~~~\n"
        "- [x] A\n  ```\n  code in option\n  ```\n- [ ] B\n**Mã:** q2\n"
    ),
    "preamble and stray": (
        "Some text before.\n# title is fine\n## Q\nstem\n- [x] A\n- [ ] B\nstray line\n"
        "**Mã:** q\n**Unknown:** x\nmore\n\n**Giải thích:** one\n  two\n\nafter blank\n"
    ),
    "weights and kinds": (
        "## G\n- [ ] (50%) half\n- [x] (100%) full\n- [ ] (-25,5%) minus\n**Loại:** tình huống\n"
        "**Mã:** g\n\n## TF\n- [x] Đúng.\n- [ ] Sai\n**Mã:** tf\n\n## M\n* [X] a\n+ [x] b\n"
        "- [ ] c\n**Type:** single\n**Mã:** m\n\n## W\n- [x] (150%) too much\n- [ ] b\n**Mã:** w\n"
    ),
    "whitespace": (
        "##  Spaced title  \n\t**Mã:** tabbed\n   \n- [x]   A  \n- [ ] B\n  > feedback\n"
        "  more text\n\t> tab feedback\n \n**Refs:** LuatA Điều 1; LuatB\nLuatC k2\n"
        "\u3000**Nguồn:** ideographic space\n**Thẻ:** a, , b\n**Nhóm:**  g1 \n"
    ),
    "errors": (
        "## \n- [x] A\n## No id\n- [x] only one\n## Bad id\n- [ ] a\n- [ ] b\n**Mã:** bad id!\n"
        "## Empty option\n- [x] \n- [ ] b\n**Mã:** e\n**Loại:** nonsense\n## Dup\n- [x] a\n"
        "- [x] b\n**Loại:** đúng sai\n**Mã:** d\n**Mã:** d2\n"
    ),
    "fields then option": "## Q\n- [x] a\n- [ ] b\n**Mã:** q\n- [x] late option\n* [ ] star\n",
    "empty": "",
    "no heading": "just text\n\n- [x] a\n",
    "many options": "## Q\n"
    + "".join(f"- [ ] o{i}\n" for i in range(30))
    + "- [x] ok\n**Mã:** q\n",
}


@pytest.mark.parametrize("name", EDGE_CASES)
def test_edge_cases_parse_the_same(name: str) -> None:
    assert_same(EDGE_CASES[name])


def test_the_edge_cases_exercise_problems_and_questions() -> None:
    questions, problems = parse(fast, "".join(EDGE_CASES.values()))
    assert questions and problems  # the cases are not all trivially empty


LINES = [
    "## Câu", "## ", "##x", "", " ", "\t", "stem text", "# title", "- [x] A", "- [ ] B",
    "* [X] C", "+ [ ] (50%) D", "- [x] (-20%) E", "- [ ]", "-[x] no space", "  > feedback",
    "\t> tab", "  continued", "**Mã:** q1", "**Mã:** q2", "**Mã:** bad id", "**Giải thích:** e",
    "**Nguồn:** s", "**Căn cứ:** L1 Điều 2; L2", "**Loại:** single", "**Loại:** đúng/sai",
    "**Loại:** x", "**Thẻ:** a, b", "**Nhóm:** g", "**Other:** o", "**bold** text", "```",
    "~~~", "  ```", "\u3000**Mã:** q3", "\t**Nguồn:** t", "- [x] Đúng", "- [ ] Sai",
]  # fmt: skip


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(st.sampled_from(LINES), max_size=60), st.integers(min_value=1, max_value=50))
def test_random_bodies_parse_the_same(lines: list[str], first_line: int) -> None:
    assert_same("\n".join(lines), first_line)


VALID = ["## Câu", "Stem?", "- [x] Right", "- [ ] Wrong", "**Mã:** q{n}", "**Nguồn:** s"]


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(LINES)), max_size=12))
def test_random_noise_in_valid_questions_parses_the_same(noise: list[tuple[int, str]]) -> None:
    """Valid questions with random lines slipped in: most stay valid, so the option texts,
    feedback and fields they end up with are compared too."""
    body: list[str] = []
    for n in range(3):
        lines = [line.format(n=n) for line in VALID]
        for position, extra in noise:
            lines.insert(min(position, len(lines)), extra)
        body += lines
    assert_same("\n".join(body))
