"""Random text into every parser: nothing escapes, every problem has a path and a line ≥ 1."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Problem
from ethics_trainer.content.questions import parse_questions
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.interchange.aiken import parse_aiken
from ethics_trainer.interchange.bank_writer import write_import
from ethics_trainer.interchange.gift import parse_gift
from ethics_trainer.interchange.markup import escape_markdown, html_to_markdown, unescape_markdown
from ethics_trainer.interchange.records import ParseResult

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text built from what means something in GIFT, Aiken and our Markdown, plus random bits
TOKENS = [
    "{", "}", "~", "=", "#", "####", "::", ":", "\\", "\\n", "%50%", "%-100%", "->", "//",
    "[id:x]", "[tag:y]", "$CATEGORY: a/b", "[html]", "[markdown]", "[plain]", "<b>", "</p>",
    "T", "TRUE", "F", "\n", "\n\n", "\r\n", " ", "A) ", "B. ", "ANSWER: ", "Câu hỏi", "x",
    "## ", "- [x] ", "- [ ] ", "(50%) ", "  > ", "**Mã:** ", "**Giải thích:** ", "```",
    "---\n", "id: b\n", "\ufeff", "_____", "*", "`", "<", "&amp;", "\ue001",
]  # fmt: skip
structured = st.lists(st.sampled_from(TOKENS) | st.text(max_size=5), max_size=60).map("".join)
texts = st.one_of(st.text(max_size=300), structured)


def _check_result(result: ParseResult, path: str) -> None:
    for item in result.skipped:
        assert item.path == path and item.line >= 1
        assert item.format().startswith(f"{path}:{item.line}: skipped ")
    for problem in result.problems:
        assert problem.path == path and problem.line >= 1
    for imported in result.questions:
        question = imported.question
        assert question.line >= 1 and len(question.options) >= 2
        assert question.title and all(o.text for o in question.options)


@pytest.mark.parametrize(
    ("parse", "path"), [(parse_gift, "f.gift"), (parse_aiken, "f.txt")], ids=["gift", "aiken"]
)
@FUZZ
@given(texts)
def test_question_file_parser_never_raises(
    parse: Callable[[str, str], ParseResult], path: str, text: str
) -> None:
    result = parse(text, path)
    _check_result(result, path)
    assert parse(text, path) == result, "parsing the same text twice must agree"


@FUZZ
@given(texts)
def test_content_question_parser_never_raises(text: str) -> None:
    problems: list[Problem] = []
    sink = ProblemSink("questions/b.md", problems)
    parse_questions(text, 1, sink, bank_id="b", lesson_id="", course_id="c", bank_tags=())
    assert all(p.path == "questions/b.md" and p.line >= 1 for p in problems)


@FUZZ
@given(texts)
def test_load_library_on_random_bank(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "c"
        (course / "questions").mkdir(parents=True)
        (course / "course.md").write_text("---\nid: c\ntitle: C\n---\n", encoding="utf-8")
        (course / "questions" / "b.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        library = load_library(tmp)
        for problem in library.problems:
            assert problem.path and problem.line >= 1, problem


@FUZZ
@given(texts)
def test_imported_gift_always_loads_without_errors(text: str) -> None:
    """Whatever a GIFT file holds, the banks we write load with 0 errors."""
    result = parse_gift(text, "f.gift")
    with tempfile.TemporaryDirectory() as tmp:
        report = write_import([result], Path(tmp))
        library = load_library(tmp)
        assert library.errors == [], [p.format() for p in library.errors]
        assert len(library.all_questions()) == report.question_count == len(result.questions)


@FUZZ
@given(st.text(max_size=200))
def test_html_conversion_never_raises(text: str) -> None:
    assert isinstance(html_to_markdown(text), str)


@FUZZ
@given(st.text(max_size=200).map(lambda s: " ".join(s.split())))
def test_markdown_escape_round_trip(line: str) -> None:
    assert unescape_markdown(escape_markdown(line)) == line
