"""The content cache gives the same library, and any change to any file reloads it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ethics_trainer.content.cache import cache_file, load_library_cached
from ethics_trainer.content.loader import load_library


def test_cached_library_equals_a_fresh_load(sample_content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_library_cached(sample_content, cache)
    assert cache_file(sample_content.resolve(), cache).is_file()
    second = load_library_cached(sample_content, cache)
    fresh = load_library(sample_content)
    assert second.courses == fresh.courses == first.courses
    assert second.problems == fresh.problems
    assert second.content_hash == fresh.content_hash


def test_any_change_reloads(sample_content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_library_cached(sample_content, cache)
    lesson = sample_content / "mau" / "lessons" / "01-dao-duc.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Cần, kiệm", "Cần cù"), "utf-8")
    changed = load_library_cached(sample_content, cache)
    assert "Cần cù" in changed.courses[0].lessons[0].body
    # same size, new time: still noticed
    stat = lesson.stat()
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Cần cù", "Chăm ."), "utf-8")
    os.utime(lesson, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "Chăm ." in load_library_cached(sample_content, cache).courses[0].lessons[0].body
    (sample_content / "mau" / "lessons" / "02-moi.md").write_text(
        "---\nid: mau-l2\ntitle: Bài mới\n---\nNội dung.\n", encoding="utf-8"
    )
    assert len(load_library_cached(sample_content, cache).courses[0].lessons) == 2
    (sample_content / "mau" / "lessons" / "02-moi.md").unlink()
    assert len(load_library_cached(sample_content, cache).courses[0].lessons) == 1


def test_damaged_cache_is_ignored(sample_content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_library_cached(sample_content, cache)
    cache_file(sample_content.resolve(), cache).write_bytes(b"not a pickle")
    assert load_library_cached(sample_content, cache).summary().startswith("1 courses")


def test_switching_language_reloads(sample_content: Path, tmp_path: Path) -> None:
    """Problems are stored translated: a cache written in one language is not read in another."""
    from ethics_trainer.i18n import set_language

    cache = tmp_path / "cache"
    (sample_content / "mau" / "lessons" / "02-x.md").write_text(
        "---\ntitle: Không có mã\n---\nx\n", encoding="utf-8"
    )
    try:
        set_language("vi")
        assert (
            "thiếu khoá bắt buộc 'id'"
            in load_library_cached(sample_content, cache).errors[0].message
        )
        set_language("en")
        english = load_library_cached(sample_content, cache)
        assert "missing required key 'id'" in english.errors[0].message
        assert load_library_cached(sample_content, cache).problems == english.problems
    finally:
        set_language("vi")


def test_a_lesson_edited_in_a_linked_folder_refreshes_the_cache(tmp_path: Path) -> None:
    """A course folder that is a link (a shared drive): editing a lesson there is seen."""
    import os

    from ethics_trainer.content.cache import load_library_cached

    from .conftest import write_sample_content

    real = write_sample_content(tmp_path / "real")
    root = tmp_path / "content"
    root.mkdir()
    os.symlink(real / "mau", root / "mau")
    cache = tmp_path / "cache"
    first = load_library_cached(root, cache)
    lesson = real / "mau" / "lessons" / "01-dao-duc.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "title: Đạo đức công vụ", "title: Đạo đức công vụ (sửa)"
        ),
        encoding="utf-8",
    )
    second = load_library_cached(root, cache)
    assert second.lesson("mau-l1").title == "Đạo đức công vụ (sửa)"
    assert second.content_hash != first.content_hash


def test_a_cached_load_needs_no_hash_library(sample_content: Path, tmp_path: Path) -> None:
    """The app reads its cache on the way to its first paint: the key is compared as text, so
    OpenSSL's hashes are not loaded for it (issue #17). A second folder of the same name is
    another cache file and another key."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    load_library_cached(sample_content, cache)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ethics_trainer.content.cache import load_library_cached\n"
        f"library = load_library_cached(Path({str(sample_content)!r}), Path({str(cache)!r}))\n"
        "print(len(library.courses), 'hashlib' in sys.modules,"
        " 'ethics_trainer.content.loader' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    courses = len(load_library(sample_content).courses)
    assert out.stdout.split() == [str(courses), "False", "False"]  # from the cache, no digest


def test_every_loader_module_and_the_version_key_the_cache(
    sample_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release that changes only one parser module (or a frozen bundle, which has no .py
    files to look at, only its version) must not keep serving a library parsed by old code."""
    import ethics_trainer.content as content_package
    from ethics_trainer.content import cache as cache_module

    key = cache_module.fingerprint(sample_content.resolve())
    modules = sorted(p.name for p in Path(content_package.__file__).parent.glob("*.py"))
    assert {"question_plain.py", "bulk_build.py", "course_loader.py"} <= set(modules)
    lines = key.split("\n")
    for name in [*modules, "record.py"]:  # the model's records live outside the package
        assert any(line.startswith(f"{name}\0") for line in lines), name
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    assert cache_module.fingerprint(sample_content.resolve()) != key


def test_a_folder_linked_into_itself_is_walked_once(sample_content: Path, tmp_path: Path) -> None:
    """The key walks linked folders (a shared drive), each real folder once: a link back to
    an outer folder must neither loop nor hide a change below it."""
    from ethics_trainer.content.cache import fingerprint

    os.symlink(sample_content / "mau", sample_content / "mau" / "lessons" / "loop")
    key = fingerprint(sample_content.resolve())
    assert "mau/lessons/loop\0seen" in key.split("\n")
    lesson = sample_content / "mau" / "lessons" / "01-dao-duc.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    assert fingerprint(sample_content.resolve()) != key
    cache = tmp_path / "cache"
    assert "Thêm." in load_library_cached(sample_content, cache).lesson("mau-l1").body  # type: ignore[union-attr]


def test_the_message_catalogue_keys_the_cache(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems are stored translated, read from the merged catalogue (``messages.txt``): a
    new build of it must not leave old wording in the cache."""
    import shutil

    from ethics_trainer.content import cache as cache_module
    from ethics_trainer.i18n import LOCALES_DIR, current_language
    from ethics_trainer.i18n.merged import FILE_NAME

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR / current_language(), locales / current_language())
    monkeypatch.setattr(cache_module, "LOCALES_DIR", locales)
    key = cache_module.fingerprint(sample_content.resolve())
    assert cache_module.fingerprint(sample_content.resolve()) == key
    catalogue = locales / current_language() / FILE_NAME
    stat = catalogue.stat()
    os.utime(catalogue, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache_module.fingerprint(sample_content.resolve()) != key


def test_folders_are_told_apart_where_entries_have_no_inode(
    sample_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows ``os.scandir`` entries report inode 0: two course folders must still be two
    folders in the key, or a lesson edited in the second would be served stale."""
    from ethics_trainer.content.cache import fingerprint

    (sample_content / "khac" / "lessons").mkdir(parents=True)
    (sample_content / "khac" / "lessons" / "01.md").write_text("x", encoding="utf-8")
    real_scandir = os.scandir

    class Entry:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self._entry, self.name, self.path = entry, entry.name, entry.path

        def is_dir(self) -> bool:
            return self._entry.is_dir()

        def stat(self) -> os.stat_result:
            st = self._entry.stat()
            fields = list(st)
            fields[1] = fields[2] = 0  # st_ino, st_dev, as Windows' DirEntry gives them
            return os.stat_result(fields)

    class Listing:
        def __init__(self, path: str) -> None:
            self._it = real_scandir(path)

        def __enter__(self) -> list[Entry]:
            return [Entry(e) for e in self._it]

        def __exit__(self, *exc: object) -> None:
            self._it.close()

    monkeypatch.setattr(os, "scandir", Listing)
    lines = fingerprint(sample_content.resolve()).split("\n")
    assert any(line.startswith("khac/lessons/01.md\0") for line in lines), lines
    assert any(line.startswith("mau/lessons/01-dao-duc.md\0") for line in lines), lines


def test_the_previous_formats_file_goes_when_the_new_one_is_written(
    sample_content: Path, tmp_path: Path
) -> None:
    """Format 2 was a pickle (up to 20 MB for 1,000 lessons) that nothing reads any more."""
    cache = tmp_path / "cache"
    new = cache_file(sample_content.resolve(), cache)
    cache.mkdir()
    old = cache / new.name.replace("library-3-", "library-2-").replace(".marshal", ".pickle")
    other = cache / "library-2-00000000.pickle"  # another folder's: not this write's to remove
    old.write_bytes(b"old")
    other.write_bytes(b"old")
    load_library_cached(sample_content, cache)
    assert new.is_file() and not old.exists() and other.exists()
