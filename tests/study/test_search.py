"""Search over lessons and questions: diacritics both ways, snippets, hostile input, rebuilds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Library
from ethics_trainer.study.folding import fold
from ethics_trainer.study.search_build import BuildProgress, build_index
from ethics_trainer.study.search_file import index_content_hash
from ethics_trainer.study.search_hits import make_snippet
from ethics_trainer.study.search_index import ensure_index, search
from ethics_trainer.study.search_query import parse_query

from ..conftest import SAMPLE_LESSON, write_sample_content


@pytest.fixture(params=[True, False], ids=["fts5", "fallback"])
def index(request: pytest.FixtureRequest, library: Library, tmp_path: Path) -> Path:
    path = tmp_path / "cache" / "search.sqlite"
    assert ensure_index(library, path, use_fts=request.param)
    return path


def ids(index: Path, query: str, limit: int = 20) -> list[str]:
    return [hit.id for hit in search(index, query, limit)]


@pytest.mark.parametrize(
    "query",
    [
        "dao duc",
        "DAO DUC",
        "đạo đức",
        "ĐẠO ĐỨC",
        unicodedata.normalize("NFD", "đạo đức"),
        "Đạo đức công vụ",
    ],
)
def test_diacritics_case_and_form_do_not_matter(index: Path, query: str) -> None:
    found = ids(index, query)
    assert "mau-l1" in found  # the lesson "Đạo đức công vụ"
    assert "mau-q1" in found  # "Phẩm chất cốt lõi của đạo đức công vụ là gì?"


def test_hits_carry_original_title_and_kind(index: Path) -> None:
    hit = next(h for h in search(index, "dao duc cong vu") if h.id == "mau-l1")
    assert hit.kind == "lesson" and hit.course_id == "mau" and hit.title == "Đạo đức công vụ"
    assert hit.section == "Đạo đức công vụ" and hit.anchor == "dao-duc-cong-vu"
    assert hit.marked_title() == "[[Đạo]] [[đức]] [[công]] [[vụ]]"


def test_snippet_marks_the_original_words(index: Path) -> None:
    hit = next(h for h in search(index, "liem chinh") if h.id == "mau-l1")
    assert "[[liêm]], [[chính]]" in hit.marked_snippet()
    for start, end in hit.snippet_spans:
        assert fold(hit.snippet[start:end]) in {"liem", "chinh"}


def test_questions_found_by_options_explanation_and_source(index: Path) -> None:
    assert ids(index, "hach dich") == ["mau-q2"]  # an option: "Hách dịch"
    assert "mau-q3" in ids(index, "QĐ 522")  # explanation and source
    hit = search(index, "quy tac ung xu")[0]
    assert hit.id == "mau-q4" and hit.kind == "question" and hit.lesson_id == "mau-l1"
    assert "[[Quy]] [[tắc]] [[ứng]] [[xử]]" in hit.marked_snippet()  # matched in its source


def test_prefixes_match_as_you_type(index: Path) -> None:
    assert "mau-q1" in ids(index, "pham chat cot l")
    assert "mau-q2" in ids(index, "hách d")


def test_every_word_must_match(index: Path) -> None:
    assert ids(index, "dao duc zzzz") == []


def test_quoted_phrase(index: Path) -> None:
    assert "mau-q1" in ids(index, '"kiem liem"')
    assert "mau-q1" not in ids(index, '"liem kiem"')


def test_limit(index: Path) -> None:
    assert len(search(index, "d", limit=2)) == 2
    assert search(index, "dao", limit=0) == []


HOSTILE = [
    '"',
    '"dao',
    'dao"',
    '"""',
    "*",
    "dao*",
    "**",
    "NEAR",
    "NEAR(dao duc)",
    "dao NEAR/2 duc",
    "-",
    "-dao",
    "dao -duc",
    "(",
    "(dao",
    "dao)",
    "((dao) OR",
    "AND",
    "OR OR",
    "NOT dao",
    "^dao",
    "title_f:dao",
    "{title_f body_f}: dao",
    "'; DROP TABLE entry; --",
    "dao:duc",
    "\x00",
    "",
    "   ",
    "a" * 5000,
    "đ " * 500,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(index: Path, query: str) -> None:
    hits = search(index, query)
    assert isinstance(hits, list)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_text_is_a_safe_query(index: Path, query: str) -> None:
    for hit in search(index, query, limit=5):
        for start, end in hit.snippet_spans:
            assert 0 <= start < end <= len(hit.snippet)


def test_parse_query_keeps_only_words() -> None:
    assert parse_query('NEAR("Đạo đức" -công*)') == [("dao", "duc"), ("near",), ("cong",)]
    assert parse_query("") == []


def test_snippet_window_cuts_at_spaces() -> None:
    text = "mở đầu " + "chữ " * 80 + "đạo đức ở giữa " + "chữ " * 80
    start = text.index("đạo đức")
    snippet, spans = make_snippet(text, [(start, start + 7)], width=60)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert [snippet[b:e] for b, e in spans] == ["đạo đức"]


def test_missing_index_finds_nothing(tmp_path: Path) -> None:
    assert search(tmp_path / "none.sqlite", "dao") == []


def test_rebuild_only_when_content_changes(sample_content: Path, tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    library = load_library(sample_content)
    progress = list(build_index(library, path))
    assert progress and progress[-1] == BuildProgress(progress[-1].total, progress[-1].total)
    assert index_content_hash(path) == library.content_hash
    assert list(build_index(load_library(sample_content), path)) == []  # unchanged: no work
    assert search(path, "tham nhung") == []

    lesson = sample_content / "mau" / "lessons" / "01-dao-duc.md"
    lesson.write_text(SAMPLE_LESSON + "\n## Phòng, chống tham nhũng\n\nKhông nhận hối lộ.\n")
    changed = load_library(sample_content)
    assert changed.content_hash != library.content_hash
    assert ensure_index(changed, path) is True
    hit = search(path, "tham nhung")[0]
    assert hit.id == "mau-l1" and hit.section == "Phòng, chống tham nhũng"
    assert hit.marked_snippet() == "Không nhận hối lộ."
    assert ensure_index(changed, path) is False


def test_searches_during_a_build_see_the_old_index(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    ensure_index(library, path)
    builder = build_index(library, path, force=True)
    next(builder)  # the new index is half written
    assert "mau-l1" in ids(path, "dao duc")
    for _ in builder:
        pass
    assert "mau-l1" in ids(path, "dao duc")
    assert not list(path.parent.glob("*.tmp"))


def test_own_content_with_several_courses(tmp_path: Path) -> None:
    root = write_sample_content(tmp_path / "content")
    course = root / "khac"
    (course / "lessons").mkdir(parents=True)
    (course / "course.md").write_text("---\nid: khac\ntitle: Khoá khác\n---\n", encoding="utf-8")
    (course / "lessons" / "01.md").write_text(
        "---\nid: khac-l1\ntitle: Ứng xử nơi công cộng\n---\n# Trang phục\n\nĐồng phục gọn gàng.\n",
        encoding="utf-8",
    )
    path = tmp_path / "search.sqlite"
    ensure_index(load_library(root), path)
    hit = search(path, "dong phuc")[0]
    assert (hit.id, hit.course_id, hit.title) == ("khac-l1", "khac", "Ứng xử nơi công cộng")
    assert hit.marked_snippet() == "[[Đồng]] [[phục]] gọn gàng."


def test_bundled_content_finds_every_lesson_by_its_plain_title(
    bundled_copy: Path, tmp_path: Path
) -> None:
    library = load_library(bundled_copy)
    path = tmp_path / "search.sqlite"
    ensure_index(library, path)
    for lesson in library.all_lessons():
        assert lesson.id in ids(path, fold(lesson.title), limit=50), lesson.id
    for question in library.all_questions()[:40]:
        assert question.id in ids(path, question.id, limit=50), question.id


def test_heading_without_text_shows_its_subsection(tmp_path: Path) -> None:
    """A hit on a heading followed at once by a subheading still has a snippet to show."""
    root = write_sample_content(tmp_path / "content")
    course = root / "khac"
    (course / "lessons").mkdir(parents=True)
    (course / "course.md").write_text("---\nid: khac\ntitle: Khoá khác\n---\n", encoding="utf-8")
    (course / "lessons" / "01.md").write_text(
        "---\nid: khac-l1\ntitle: Liêm chính\n---\n# Quà tặng: không nhận\n\n"
        "### Quy định\n\nKhông nhận quà dưới mọi hình thức.\n",
        encoding="utf-8",
    )
    path = tmp_path / "search.sqlite"
    ensure_index(load_library(root), path)
    hit = next(h for h in search(path, "qua tang") if h.id == "khac-l1")
    assert hit.section == "Quà tặng: không nhận"
    assert hit.snippet == "Không nhận quà dưới mọi hình thức."
