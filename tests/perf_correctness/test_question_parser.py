"""The faster question parser (issue #17) gives exactly what the old one gave.

``reference_questions.py`` is the parser as it was before the speed-up. Both run on the
bundled banks, the benchmark's generated banks, hand-written edge cases and random bodies
built from the lines that mean something in the format; questions (every field) and problems
(line, message, severity, in order) must be equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.gen_content import bank_text
from ethics_trainer.content import questions as fast
from ethics_trainer.content.model import Problem, Question
from ethics_trainer.content.question_build import build_question
from ethics_trainer.content.question_draft import Draft
from ethics_trainer.content.question_plain import plain_question
from ethics_trainer.content.text import ProblemSink, split_front_matter
from tests.conftest import BUNDLED_CONTENT
from tests.perf_correctness import reference_questions as old
from tests.perf_correctness.record_fields import stored

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


# The plain path (``question_plain``, fourth round of issue #17): a section it reads must give
# what the line parser and ``build_question`` give, with no problem at all; and it must really
# read the usual sections, or the comparisons above would test the line parser only.


def both_ways(body: str, first_line: int = 5) -> list[tuple[object, object, list[Problem]]]:
    """For each section of a body without fences: what ``plain_question`` built (None: left
    to the line parser), what the line parser built, and the problems the latter reported."""
    found = []
    offsets = fast._heading_offsets(body)
    for head, end in zip(offsets, [*offsets[1:], len(body)], strict=False):
        line = first_line + body.count("\n", 0, head)
        eol = body.find("\n", head, end)
        eol = end if eol < 0 else eol
        title = body[head + 3 : eol].strip()
        path = "c/questions/b.md"
        tags = ("t",)
        plain = (
            plain_question(body, eol + 1, end, title, line, "b", "l", "c", tags, path)
            if eol < end
            else None
        )
        lines = body[head : end - 1 if end < len(body) else end].split("\n")
        draft = Draft(title, line)
        fast._parse_draft(draft, lines, 1, len(lines), False)
        problems: list[Problem] = []
        built = build_question(draft, ProblemSink(path, problems), "b", "l", "c", tags)
        found.append((plain, built, problems))
    return found


def assert_plain_agrees(body: str, first_line: int = 5) -> int:
    """How many sections the plain path read; fails if one differs from the line path."""
    assert_same(body, first_line)
    if "```" in body or "~~~" in body:
        return 0
    read = 0
    for plain, built, problems in both_ways(body, first_line):
        if plain is not None:
            assert problems == []
            assert repr(plain) == repr(built)  # repr: a 1 for a 1.0 would differ too
            assert plain == built and stored(plain) == stored(built)
            read += 1
    return read


def test_the_plain_path_reads_the_generated_and_bundled_banks() -> None:
    doc = split_front_matter(bank_text(3, 7, 20))
    assert assert_plain_agrees(doc.body, doc.body_line) == 20
    read = total = 0
    for path in BUNDLED_BANKS:
        doc = split_front_matter(path.read_text(encoding="utf-8"))
        read += assert_plain_agrees(doc.body, doc.body_line)
        total += len(both_ways(doc.body, doc.body_line))
    assert read >= 0.9 * total  # the usual shape: multi-line fields, types, refs, feedback


PLAIN = [
    "## Câu {n}",
    "",
    "Stem {n}?",
    "",
    "- [x] Right",
    "- [ ] Wrong",
    "",
    "**Giải thích:** why",
    "",
    "**Nguồn:** s",
    "",
    "**Mã:** q{n}",
    "",
]
PLAIN_NOISE = [
    *LINES,
    "  > more feedback", "   ", "  indented text", "\t  > tab then space", " > one space",
    "- [x] (50%) half", "- [ ] (150%) too big", "- [ ] (0,5%) comma", "+ [X] (-100%) minus",
    "- [ ] (١٢%) arabic digits", "-\u00a0[x] nbsp bullet", "- [x]", "- [ ]    ", "- item",
    "\u00a0stem nbsp", "\x1cfile separator", "\u2028line separator", "x\u2028y", "# sub",
    "**Loại:** nhiều đáp án", "**Loại:** tình huống", "**Loại:** Đúng sai", "**Loại:** graded",
    "**Thẻ:** x, y,", "**Nhóm:** g2 ", "**Căn cứ:** L1 Điều 1;; L2", "**Mã:**q9", "**Mã :** q8",
    "**Mã:** q1 ", "**MÃ:** q7", "**Giải thích:**", "**Nguồn:**   ", "**Explanation:** e2",
    "runs on", "- [x] runs on as an option", "*not bold*", "***Mã:** x", "**Mã:** q{n}",
    "**Giải thích:** multi", "line two", "**Mã:**\tq5", "Đúng", "- [ ] Đúng", "- [x] Sai.",
]  # fmt: skip


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, 13), st.sampled_from(PLAIN_NOISE)), max_size=6),
    st.integers(min_value=1, max_value=50),
    st.booleans(),
)
def test_noise_in_plain_questions_is_read_alike(
    noise: list[tuple[int, str]], first_line: int, final_newline: bool
) -> None:
    """Plain questions with random lines slipped in: the plain path reads those that stay
    plain, the line parser the others, and both give what the reference parser gives."""
    body: list[str] = []
    for n in range(3):
        lines = [line.format(n=n) for line in PLAIN]
        for position, extra in noise:
            lines.insert(min(position, len(lines)), extra.replace("{n}", str(n)))
        body += lines
    text = "\n".join(body)
    assert_plain_agrees(text if final_newline else text.rstrip("\n"), first_line)


def test_plain_noise_cases_reach_both_paths() -> None:
    """The noise above is not all rejected (or all accepted) by the plain path: slipped into
    the stem, the options or the fields, many lines keep a question plain, many do not."""
    plain = rejected = 0
    for extra in PLAIN_NOISE:
        for position in (3, 6, 8):
            lines = [line.format(n=0) for line in PLAIN]
            lines.insert(position, extra.replace("{n}", "0"))
            read = assert_plain_agrees("\n".join(lines))
            plain += read
            rejected += read == 0
    assert plain > 50 and rejected > 50


def test_whitespace_means_the_same_to_the_regexes_and_to_str() -> None:
    """The plain path's ``\\s`` must be ``str.isspace``: a line starting with whitespace is
    left to the line parser, which tests it with ``isspace``."""
    space = re.compile(r"\s")
    for code in range(0x110000):
        char = chr(code)
        assert bool(space.match(char)) == char.isspace(), hex(code)


CHARS = list("-*+ \t\n#x[]()%:,.5aĐ\u00a0\u3000>`~")  # what the plain path's regexes look at


@FUZZ
@given(st.text(alphabet=st.sampled_from(CHARS), max_size=200))
def test_random_characters_in_plain_questions_are_read_alike(text: str) -> None:
    """Random text in the stem place and among the options of a plain question."""
    fields = "**Mã:** q\n**Giải thích:** e\n**Nguồn:** s\n"
    assert_plain_agrees("## Q\n" + text + "\n- [x] a\n- [ ] b\n" + fields)
    assert_plain_agrees("## Q\nStem\n- [x] a\n" + text + "\n- [ ] b\n\n" + fields)
