"""Markdown to HTML for the reader, made safe for content written by anyone.

- Raw HTML in lessons is shown as text, never interpreted (no ``<script>``, no ``<iframe>``).
- Images resolve relative to the lesson file and must lie inside the content folder; remote
  and outside images are replaced by their alt text. Nothing is fetched from the network.
- Links are kept; the reader asks before opening one in the system browser.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

REMOTE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class _TocToken(TypedDict):
    """One heading as the ``toc`` extension lists it in ``Markdown.toc_tokens``."""

    level: int
    id: str
    name: str
    children: list[_TocToken]


@dataclass
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)  # local files the page shows


class _SafeImages(Treeprocessor):
    def __init__(self, md: markdown.Markdown, base: Path, root: Path, out: Rendered) -> None:
        super().__init__(md)
        self.base = base
        self.root = root
        self.out = out

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                src = child.get("src", "")
                resolved = safe_local_path(src, self.base, self.root)
                if resolved is None:
                    span = ET.Element("span", {"class": "missing-image"})
                    alt = child.get("alt") or src
                    span.text = f"[{alt}]"
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                    continue
                self.out.images.append(resolved)
                child.set("src", resolved.as_uri())
                child.set("style", "max-width: 100%")


class _SafeExtension(Extension):
    def __init__(self, base: Path, root: Path, out: Rendered) -> None:
        super().__init__()
        self.base = base
        self.root = root
        self.out = out

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML becomes text: drop the processors that pass it through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(
            _SafeImages(md, self.base, self.root, self.out), "safe_images", 5
        )


def safe_local_path(src: str, base: Path, root: Path) -> Path | None:
    """The image file ``src`` points to, if it is a local file inside ``root``."""
    if not src or (REMOTE_RE.match(src) and not src.startswith("file:")):
        return None
    if src.startswith("file:"):
        return None  # absolute file URLs could point anywhere
    candidate = Path(src.split("#")[0].split("?")[0])
    if candidate.is_absolute():
        return None
    resolved = (base / candidate).resolve()
    root = root.resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def _slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(value.replace("đ", "d").replace("Đ", "D"), separator)


def render_markdown(text: str, *, base: Path, root: Path) -> Rendered:
    """Render ``text`` (a lesson body, a question stem) to HTML with a table of contents."""
    out = Rendered(html="")
    md = markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "toc",
            _SafeExtension(base, root, out),
        ],
        extension_configs={"toc": {"permalink": False, "slugify": _slugify}},
        output_format="html",
    )
    out.html = md.convert(text)
    tokens: list[_TocToken] = getattr(md, "toc_tokens", [])  # set by the toc extension
    for token in tokens:
        _collect(token, out.headings)
    return out


def _collect(token: _TocToken, into: list[Heading]) -> None:
    into.append(Heading(token["level"], html.unescape(token["name"]), token["id"]))
    for child in token.get("children", []):
        _collect(child, into)


def render_inline(text: str, *, base: Path | None = None, root: Path | None = None) -> str:
    """A short Markdown fragment (an option, a feedback line) without the outer paragraph.

    Images follow the same rule as in lessons; without a content folder they become their alt
    text, so a fragment never carries a remote or outside image.
    """
    out = Rendered(html="")
    folder = root or Path("/nonexistent-content-root")
    md = markdown.Markdown(
        extensions=[_SafeExtension(base or folder, folder, out)], output_format="html"
    )
    result = md.convert(text)
    if result.startswith("<p>") and result.endswith("</p>") and result.count("<p>") == 1:
        result = result[3:-4]
    return result
