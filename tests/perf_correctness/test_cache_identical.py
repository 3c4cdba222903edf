"""The content cache's ``marshal`` format gives back exactly the library it was given (issue #17).

The cache is read on the way to the first paint, so it was made fast (``content/cache_codec.py``);
here a warm-cache load is compared with a cold parse field by field — same types (an enum is
its member, not its text; a path is a ``Path``), same values, same field order — for the
bundled course, a generated one and a hand-made messy one, and a damaged, foreign or
unstorable cache only ever means a normal load.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.gen_content import generate
from ethics_trainer.content import cache as cache_module
from ethics_trainer.content import cache_codec
from ethics_trainer.content.cache import cache_file, load_library_cached
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Library, Option, Severity
from tests.conftest import BUNDLED_CONTENT
from tests.perf_correctness.record_fields import stored
from tests.perf_correctness.test_library_identical import messy_content


def assert_same(cached: object, parsed: object, where: str = "library") -> None:
    """Equal values of the very same types, all the way down."""
    assert type(cached) is type(parsed), where
    if dataclasses.is_dataclass(parsed):
        assert [n for n, _ in stored(cached)] == [n for n, _ in stored(parsed)], where
        for name, value in stored(parsed):
            assert_same(getattr(cached, name), value, f"{where}.{name}")
    elif isinstance(parsed, (list, tuple)):
        assert len(cached) == len(parsed), where  # type: ignore[arg-type]
        for index, (a, b) in enumerate(zip(cached, parsed, strict=True)):  # type: ignore[call-overload]
            assert_same(a, b, f"{where}[{index}]")
    elif isinstance(parsed, dict):
        assert list(cached) == list(parsed), where  # type: ignore[call-overload]
        for key, value in parsed.items():
            assert_same(cached[key], value, f"{where}[{key!r}]")  # type: ignore[index]
    else:
        assert cached == parsed, where
        if type(parsed).__hash__ is not None:
            assert hash(cached) == hash(parsed), where


def _warm(root: Path, cache: Path) -> Library:
    """The second load, which must come from the cache (not a silent fallback to parsing)."""
    load_library_cached(root, cache)
    path = cache_file(root.resolve(), cache)
    assert path.is_file()
    assert cache_module._read(path, cache_module.fingerprint(root.resolve())) is not None
    return load_library_cached(root, cache)


@pytest.mark.parametrize("kind", ["bundled", "generated", "messy"])
def test_a_warm_cache_gives_the_library_a_cold_parse_gives(kind: str, tmp_path: Path) -> None:
    root = {
        "bundled": lambda: BUNDLED_CONTENT,
        "generated": lambda: generate(tmp_path / "gen", 40, 6),
        "messy": lambda: messy_content(tmp_path / "messy"),
    }[kind]()
    parsed = load_library(root)
    cached = _warm(root, tmp_path / "cache")
    assert_same(cached, parsed)
    assert cached == parsed and cached.summary() == parsed.summary()
    if kind == "messy":
        assert {p.severity for p in cached.problems} == {Severity.ERROR, Severity.WARNING}
    # the cached records behave as parsed ones: frozen, hashable, rebuilt by their class
    question = cached.all_questions()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        question.id = "x"  # type: ignore[misc]
    assert dataclasses.replace(question) == question


def test_optional_and_shared_records_come_back(tmp_path: Path) -> None:
    """A course with a final quiz next to one without, and one record in two places."""
    library = load_library(BUNDLED_CONTENT)
    course = library.courses[0]
    assert course.final_quiz is not None
    bare = dataclasses.replace(course, id="other", final_quiz=None, as_of=None)
    mixed = dataclasses.replace(library, courses=[course, bare, course])
    back = cache_codec.decode(*cache_codec.encode(mixed))
    assert_same(back, mixed)
    assert back.courses[0] is back.courses[2]  # shared, as unpickling kept it
    assert back.courses[1].lessons[0] is back.courses[0].lessons[0]


def test_a_damaged_cache_is_a_normal_load(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    parsed = load_library(BUNDLED_CONTENT)
    _warm(BUNDLED_CONTENT, cache)
    path = cache_file(BUNDLED_CONTENT.resolve(), cache)
    good = path.read_bytes()
    damaged = [
        good[: len(good) // 2],  # cut short
        good[:-1] + bytes([good[-1] ^ 1]),  # one bit of the body (the CRC sees it)
        b"\xff\xff\xff\x7f" + good[4:],  # a header length past the end
        b"not a cache",
        b"",
    ]
    for data in damaged:
        path.write_bytes(data)
        assert cache_file(BUNDLED_CONTENT.resolve(), cache).is_file()
        assert_same(load_library_cached(BUNDLED_CONTENT, cache), parsed)
    # and each damaged file was replaced by a good one
    assert_same(load_library_cached(BUNDLED_CONTENT, cache), parsed)


def test_a_body_that_does_not_fit_the_model_is_refused(tmp_path: Path) -> None:
    """A body written for other fields (another build of the app) is never decoded into records."""
    library = load_library(BUNDLED_CONTENT)
    plan, payload = cache_codec.encode(library)
    assert_same(cache_codec.decode(plan, payload), library)
    renamed = tuple(
        (tuple(f"x{name}" for name in names), steps) if index == 1 else (names, steps)
        for index, (names, steps) in enumerate(plan)
    )
    with pytest.raises(ValueError, match="fields"):
        cache_codec.decode(renamed, payload)


def test_a_value_the_format_cannot_hold_writes_no_cache(tmp_path: Path) -> None:
    library = load_library(BUNDLED_CONTENT)
    lesson = library.courses[0].lessons[0]
    strange = dataclasses.replace(lesson, tags=({"a set"},))  # type: ignore[arg-type]
    odd = dataclasses.replace(library.courses[0], lessons=(strange,))
    with pytest.raises(cache_codec.Unstorable):
        cache_codec.encode(dataclasses.replace(library, courses=[odd]))
    mixed = dataclasses.replace(
        library.courses[0], lessons=(lesson, dataclasses.replace(lesson, order="1"))
    )  # type: ignore[arg-type]
    cache_codec.encode(dataclasses.replace(library, courses=[mixed]))  # str and int: both plain
    enum_and_text = dataclasses.replace(
        library, problems=[*library.problems, *_problems_with_text_severity()]
    )
    with pytest.raises(cache_codec.Unstorable):
        cache_codec.encode(enum_and_text)


def _problems_with_text_severity() -> list[object]:
    from ethics_trainer.content.model import Problem

    return [Problem("a", 1, "m", Severity.ERROR), Problem("b", 1, "m", "error")]  # type: ignore[arg-type]


def test_a_cached_start_imports_neither_pickle_nor_the_parser(tmp_path: Path) -> None:
    """The first paint waits for this read: no ``pickle`` (≈ 3 ms), no loader, no YAML."""
    cache = tmp_path / "cache"
    _warm(BUNDLED_CONTENT, cache)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ethics_trainer.content.cache import load_library_cached\n"
        f"library = load_library_cached(Path({str(BUNDLED_CONTENT)!r}), Path({str(cache)!r}))\n"
        "print(library.summary().split(',')[2].strip(),"
        " [m for m in ('pickle', 'ethics_trainer.content.loader', 'yaml') if m in sys.modules])\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    questions = len(load_library(BUNDLED_CONTENT).all_questions())
    assert out.stdout.strip() == f"{questions} questions []"


def test_the_many_records_are_stored_as_columns_and_checked(tmp_path: Path) -> None:
    """Options, questions and references (slots) are stored a column per field; a column
    short of its table is refused, never set on half the records."""
    library = load_library(BUNDLED_CONTENT)
    plan, (tables, top) = cache_codec.encode(library)
    index = cache_codec.RECORDS.index(Option)
    columns = tables[index]
    assert len(columns) == len(dataclasses.fields(Option))
    options = [o for q in library.all_questions() for o in q.options]
    assert len(columns[0]) == len({id(o) for o in options}) > 100
    assert sorted(columns[1]) == sorted({id(o): o.text for o in options}.values())
    short = (*columns[:1], columns[1][:-1], *columns[2:])
    damaged = tuple(short if i == index else table for i, table in enumerate(tables))
    with pytest.raises(ValueError, match="columns"):
        cache_codec.decode(plan, (damaged, top))
