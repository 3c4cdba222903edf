"""Markdown to plain text for search: what the learner reads, without the markup.

Snippets are cut from this text, so they show words, not ``**``, ``|`` or link targets.
Lessons are split at their headings so a hit can point at the section it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_RE = re.compile(r"<[^>]+>")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`|~~)")
_PREFIX_RE = re.compile(r"^\s*(>\s*)+|^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?")


def inline_text(line: str) -> str:
    """One line of Markdown without its inline markup."""
    line = _IMAGE_RE.sub(r"\1", line)
    line = _LINK_RE.sub(r"\1", line)
    line = _HTML_RE.sub("", line)
    line = _EMPHASIS_RE.sub("", line)
    return line


def plain_text(markdown: str) -> str:
    """The words of a Markdown text, one space between them."""
    words: list[str] = []
    for raw in markdown.split("\n"):
        if _FENCE_RE.match(raw) or _TABLE_RULE_RE.match(raw):
            continue
        heading = _HEADING_RE.match(raw)
        line = heading.group(2) if heading else _PREFIX_RE.sub("", raw)
        line = inline_text(line).replace("|", " ")
        words.extend(line.split())
    return " ".join(words)


def slugify(title: str) -> str:
    """An anchor for a heading (the reader may use it to scroll to the section)."""
    from ethics_trainer.study.folding import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the text before the first heading
    anchor: str
    text: str  # plain text of the section, heading excluded


def sections(markdown: str) -> list[Section]:
    """Split a lesson body at its headings; empty sections are dropped."""
    result: list[Section] = []
    heading = ""
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        text = plain_text("\n".join(lines))
        if text or heading:
            result.append(Section(heading, slugify(heading) if heading else "", text))

    for raw in markdown.split("\n"):
        if _FENCE_RE.match(raw):
            in_fence = not in_fence
        match = None if in_fence else _HEADING_RE.match(raw)
        if match:
            flush()
            heading = inline_text(match.group(2)).strip()
            lines = []
        else:
            lines.append(raw)
    flush()
    return result
