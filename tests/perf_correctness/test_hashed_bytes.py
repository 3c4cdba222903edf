"""The content hash takes a file's own bytes only when they are its text's UTF-8 (issue #17).

The loader hashes each file's path and text; to skip encoding 20 MB of text again it hashes
the bytes it read when decoding changed nothing. A BOM, a carriage return or text not in NFC
changes the text: then the bytes must be the text encoded, or the cache and search index
keyed by the hash would not see the same content as the same.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from ethics_trainer.content.loader import load_library
from ethics_trainer.content.text import read_text, read_text_bytes

NFD = unicodedata.normalize("NFD", "Đạo đức công vụ")
assert unicodedata.normalize("NFC", NFD) != NFD

CASES = {
    "plain": "---\nid: l1\ntitle: Bài\n---\nĐạo đức công vụ\n".encode(),
    "bom": b"\xef\xbb\xbf" + "---\nid: l1\ntitle: Bài\n---\nx\n".encode(),
    "crlf": "---\r\nid: l1\r\ntitle: Bài\r\n---\r\nx\r\n".encode(),
    "cr": "---\rid: l1\rtitle: Bài\r---\rx\r".encode(),
    "nfd": f"---\nid: l1\ntitle: Bài\n---\n{NFD}\n".encode(),
    "nfd title": f"---\nid: l1\ntitle: {NFD}\n---\nx\n".encode(),
}


@pytest.mark.parametrize("name", CASES)
def test_the_bytes_are_the_texts_utf8(tmp_path: Path, name: str) -> None:
    path = tmp_path / "f.md"
    path.write_bytes(CASES[name])
    text, utf8 = read_text_bytes(path)
    assert text == read_text(path)
    assert utf8 == text.encode("utf-8")


@pytest.mark.parametrize("name", CASES)
def test_the_content_hash_is_of_the_text(tmp_path: Path, name: str) -> None:
    course = tmp_path / "k"
    (course / "lessons").mkdir(parents=True)
    (course / "course.md").write_text("---\nid: k\ntitle: K\n---\n", encoding="utf-8")
    (course / "lessons" / "01.md").write_bytes(CASES[name])
    library = load_library(tmp_path)
    expected = hashlib.sha256()
    for rel in ("k/course.md", "k/lessons/01.md"):
        expected.update(rel.encode())
        expected.update(read_text(tmp_path / rel).encode())
    assert library.content_hash == expected.hexdigest()
