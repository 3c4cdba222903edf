"""Front matter read without PyYAML (issue #17) is exactly what PyYAML reads, or left to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.gen_content import bank_text, lesson_text
from ethics_trainer.content.simple_front_matter import read_front_matter, simple_meta
from ethics_trainer.content.text import ContentFileError, key_lines, split_front_matter
from tests.conftest import BUNDLED_CONTENT

KEYS = ["id", "title", "tags", "minutes", "order", "on", "yes", "Null", "y", "lesson", "id"]
VALUES = [
    "c0-b1", "Bài 1 — đạo đức công vụ", "Câu hỏi bài 1", "5", "05", "0", "-3", "+4", "1_000",
    "1:30", "1.5", ".5", ".inf", "1e3", "0x1F", "0o7", "2026-12-03", "yes", "No", "ON", "off",
    "true", "False", "null", "~", "y", "N", "[đạo đức, công vụ]", "[]", "[a,b]", "[a, ]",
    "[1, 2]", "[yes]", "['a']", '"quoted"', "'single'", "a: b", "a #comment", "x # c", "&anchor",
    "*alias", "!tag x", "|", ">", "%x", "@x", "`x`", "a, b", "{a: 1}", "Luật CBCC 2008",
    "QĐ 522/QĐ-UBND", "e5", "inf", "nan", "NaN", "=", "<<", "? x", "- x", "a\tb", "\u00a0a",
    "a\ue000", "trailing  ", "ñ", "日本語", "9999999999", "123456789", "",
]  # fmt: skip


def yaml_meta(lines: list[str]) -> object:
    return yaml.safe_load("\n".join(lines))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)), max_size=6))
def test_whatever_the_simple_reader_accepts_pyyaml_reads_the_same(pairs) -> None:
    lines = [f"{key}: {value}" for key, value in pairs]
    found = simple_meta(lines)
    if found is not None:
        assert found == (yaml_meta(lines) or {}), lines


@pytest.mark.parametrize(
    "line",
    [f"id: {v}" for v in VALUES if v] + ["on: x", "yes: 1", "id:", "id:\tx", "  id: x", "# c"],
)
def test_each_value_alone_is_read_the_same_or_left_to_pyyaml(line: str) -> None:
    found = simple_meta([line])
    if found is not None:
        assert found == yaml_meta([line])


def test_the_usual_front_matter_is_read_without_pyyaml() -> None:
    """What the bench generates and lessons usually have takes the simple path."""
    for text in (lesson_text(0, 3), bank_text(0, 3, 2)):
        lines = text.split("\n")
        end = lines.index("---", 1)
        assert simple_meta(lines[1:end]) is not None
        assert read_front_matter(text) == split_front_matter(text)


FILES = sorted(BUNDLED_CONTENT.rglob("*.md"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(BUNDLED_CONTENT)))
def test_bundled_files_split_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert read_front_matter(text) == split_front_matter(text)


@pytest.mark.parametrize(
    "text",
    ["---\nid: x\n", "---\nid: [a\n---\nbody", "---\n- a\n---\n", "---\n---\nbody", "no front"],
)
def test_broken_or_odd_front_matter_is_left_to_pyyaml(text: str) -> None:
    try:
        expected = split_front_matter(text)
    except ContentFileError as exc:
        with pytest.raises(ContentFileError) as raised:
            read_front_matter(text)
        assert (raised.value.line, raised.value.message) == (exc.line, exc.message)
    else:
        assert read_front_matter(text) == expected


FILE_LINES = ["---", "...", " --- ", "--- x", "id: a", "title: Bài 1", "tags: [a, b]", "",
              " ", "id: [a", "# heading", "body: text", "## Câu"]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FILE_LINES), max_size=10), st.booleans())
def test_random_files_split_the_same(lines: list[str], final_newline: bool) -> None:
    """The reader finds the closing line without splitting the body: same meta, body and
    body line as PyYAML's path, and the body is the end of the text (the loader takes the
    front matter as the text before it)."""
    text = "\n".join(lines) + ("\n" if final_newline else "")
    try:
        expected = split_front_matter(text)
    except ContentFileError as exc:
        with pytest.raises(ContentFileError) as raised:
            read_front_matter(text)
        assert (raised.value.line, raised.value.message) == (exc.line, exc.message)
        return
    found = read_front_matter(text)
    assert found == expected
    assert text.endswith(found.body)
    if found.body_line > 1:
        head = text[: len(text) - len(found.body)]
        old_head = "\n".join(text.split("\n", found.body_line - 1)[:-1])
        assert key_lines(head) == key_lines(old_head)


def test_the_special_characters_are_found_by_one_regex() -> None:
    """``_word`` looks for YAML's special characters with one regex scan: it must find
    exactly the characters of ``_SPECIAL``, no more, no fewer."""
    from ethics_trainer.content.simple_front_matter import _SPECIAL, _SPECIAL_RE

    found = {chr(code) for code in range(0x110000) if _SPECIAL_RE.fullmatch(chr(code))}
    assert found == set(_SPECIAL)
