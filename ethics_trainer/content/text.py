"""Reading content files: bytes to NFC text, front matter split off with its line numbers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ethics_trainer.content.model import Problem, Severity
from ethics_trainer.errors import InputRefused, UserError
from ethics_trainer.fileio.bounded_read import LESSON_LIMIT, read_bytes_bounded
from ethics_trainer.i18n import tr

# libyaml's safe loader when PyYAML was built with it: a third of a cold load otherwise.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentFileError(Exception):
    """A file that cannot be used at all; carries the line the problem is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, any line ending, normalised to NFC."""
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, bool]:
    """:func:`decode`, and whether the text's UTF-8 is ``data`` itself: no BOM, no carriage
    return, already NFC (almost every file)."""
    unchanged = True
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        unchanged = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentFileError(line, tr("content.invalid_utf8")) from exc
    if "\r" in text:  # most files have Unix line ends: no copies
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        unchanged = False
    normal = nfc(text)
    # ``normalize`` returns the very string when it is already NFC; were it a copy, the
    # text would only be encoded again below: the bytes are right either way.
    return normal, unchanged and normal is text


def read_text(path: Path, *, roots: Sequence[Path] = (), limit: int = LESSON_LIMIT) -> str:
    """A content file as NFC text: a regular file of at most ``limit`` bytes, inside one of
    ``roots`` when given (links followed), read without blocking on a FIFO or a device."""
    return read_text_bytes(path, roots=roots, limit=limit)[0]


def read_text_bytes(
    path: Path, *, roots: Sequence[Path] = (), limit: int = LESSON_LIMIT
) -> tuple[str, bytes]:
    """:func:`read_text`, with the text's UTF-8 (for the content hash): the file's own bytes
    when decoding changed nothing, so 20 MB of lessons are not encoded again to be hashed."""
    try:
        data = read_bytes_bounded(path, limit, roots=roots)
    except InputRefused as exc:
        raise ContentFileError(1, exc.reason) from exc
    except UserError as exc:
        cause = exc.__cause__
        error = (cause.strerror if isinstance(cause, OSError) else None) or exc.message
        raise ContentFileError(1, tr("content.cannot_read", error=error)) from exc
    text, unchanged = _decode(data)
    return text, data if unchanged else text.encode()


@dataclass(frozen=True)
class FrontMatterDoc:
    meta: dict[str, object]
    body: str
    body_line: int  # 1-based line number of the first body line in the file


def split_front_matter(text: str) -> FrontMatterDoc:
    """Split ``---`` YAML front matter from the Markdown body.

    A file without front matter is returned whole with empty metadata.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatterDoc({}, text, 1)
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ContentFileError(1, tr("content.front_matter_unclosed"))
    raw = "\n".join(lines[1:end])
    try:
        meta = yaml.load(raw, Loader=_SAFE_LOADER) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or tr("content.yaml_syntax_error")
        raise ContentFileError(line, tr("content.front_matter_yaml", problem=problem)) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentFileError(2, tr("content.front_matter_not_mapping"))
    return FrontMatterDoc(meta, "\n".join(lines[end + 1 :]), end + 2)


def key_lines(text: str) -> dict[str, int]:
    """Line number of each top-level front matter key, for precise messages."""
    result: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if line and not line[0].isspace() and ":" in line and not line.startswith("#"):
            result.setdefault(line.split(":", 1)[0].strip(), number)
    return result


class ProblemSink:
    """Collects problems for one file, so parsers need not repeat the path."""

    def __init__(self, rel_path: str, problems: list[Problem]) -> None:
        self.rel_path = rel_path
        self.problems = problems

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel_path, line, message, Severity.ERROR))

    def warning(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel_path, line, message, Severity.WARNING))
