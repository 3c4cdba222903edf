"""Reading the files of one content load: inside the folder, hashed, front matter split.

Every file the loader uses goes through one :class:`ContentReader`, so the rule "files must
resolve inside the content folder (or the course being loaded)" and the content hash (which
keys the cache and the search index) cannot be skipped by one kind of file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ethics_trainer.content.model import Problem
from ethics_trainer.content.simple_front_matter import read_front_matter
from ethics_trainer.content.text import (
    ContentFileError,
    FrontMatterDoc,
    ProblemSink,
    key_lines,
    read_text_bytes,
)


class ContentReader:
    """Reads the files of the content folder ``root``; problems go to ``problems``."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.root_prefix = root.as_posix().rstrip("/") + "/"
        # Files must resolve inside these: the content folder, and the course being loaded
        # (a course folder may be a link to a folder elsewhere; its files may not leave it).
        self.roots: tuple[Path, ...] = (root,)
        self.problems = problems
        self.hasher = hashlib.sha256()
        self.folder_inside: dict[str, bool] = {}  # folder -> resolves inside self.roots

    def rel(self, path: Path) -> str:
        posix = path.as_posix()
        if posix.startswith(self.root_prefix):  # every file the loader finds: no pathlib
            return posix[len(self.root_prefix) :]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return posix

    def sink(self, path: Path) -> ProblemSink:
        """Where the problems of the file ``path`` go."""
        return ProblemSink(self.rel(path), self.problems)

    def set_roots(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self.folder_inside = {}

    def plainly_inside(self, path: Path) -> bool:
        """True when ``path`` is known to resolve inside the roots without resolving it: its
        folder (resolved once per folder) is inside and the file itself is not a link.
        False means "not known": the full check in ``read_text_bytes`` decides and words it."""
        folder = os.path.dirname(path)
        inside = self.folder_inside.get(folder)
        if inside is None:
            try:
                real = os.path.realpath(folder)
            except (OSError, RuntimeError):  # a link loop (Python 3.11)
                real = ""
            inside = bool(real) and any(
                real == str(root) or real.startswith(os.path.join(str(root), ""))
                for root in self.roots
            )
            self.folder_inside[folder] = inside
        if not inside:
            return False
        try:
            return not stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            return False

    def read(self, path: Path, sink: ProblemSink) -> str | None:
        """The file's text (its path and text go into the content hash); None when it
        cannot be used, with the problem in ``sink``."""
        try:
            text, utf8 = read_text_bytes(
                path, roots=() if self.plainly_inside(path) else self.roots
            )
        except ContentFileError as exc:
            sink.error(exc.line, exc.message)
            return None
        self.hasher.update(sink.rel_path.encode())
        self.hasher.update(utf8)  # the text's UTF-8: the file's bytes unless decoding changed them
        return text

    def open_doc(self, path: Path) -> tuple[ProblemSink, FrontMatterDoc, dict[str, int]] | None:
        """Read a Markdown file with front matter; None (problem recorded) when unusable."""
        sink = self.sink(path)
        text = self.read(path, sink)
        if text is None:
            return None
        try:
            doc = read_front_matter(text)
        except ContentFileError as exc:
            sink.error(exc.line, exc.message)
            return None
        # key_lines stops at the closing "---": give it the front matter, not the whole bank
        # (the body is the end of the text: what comes before it is the front matter).
        head = text if doc.body_line <= 1 else text[: len(text) - len(doc.body)]
        return sink, doc, key_lines(head)
