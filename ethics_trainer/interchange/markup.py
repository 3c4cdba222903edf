"""Text conversions between Moodle's formats (HTML, plain, "Moodle auto-format") and Markdown.

Our banks are Markdown, so imported plain text must be escaped (``2*3*4`` is not emphasis)
and imported HTML turned into readable Markdown rather than kept as tags. Going out, Aiken is
plain text, so our Markdown escapes are undone. The escaping is chosen so that
``unescape_markdown(escape_markdown(s)) == s`` for any single stripped line, which keeps
import → export → import stable.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_UNESCAPE_RE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"
)
_LIST_RE = re.compile(r"^(\d+)([.)])(\s|$)")
_MEDIA_RE = re.compile(r"^media/[A-Za-z0-9._-]+$")
_RULE_RE = re.compile(r"^([-=_*])(?:\s*\1){2,}\s*$")


def looks_like_html(text: str) -> bool:
    """Whether text in Moodle auto-format carries HTML tags (then it is HTML, not plain)."""
    return bool(_TAG_RE.search(text))


def _escape_inline(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "_":
            j = i
            while j < len(text) and text[j] == "_":
                j += 1
            run = j - i
            # a blank "_____" reads better unescaped and is never emphasis
            out.append("_" * run if run >= 3 else "\\_" * run)
            i = j
            continue
        if ch in "\\`*":
            out.append("\\" + ch)
        elif ch == "<" and i + 1 < len(text) and (text[i + 1].isalpha() or text[i + 1] in "/!?"):
            out.append("&lt;")
        elif ch == "&" and _ENTITY_RE.match(text, i):
            out.append("&amp;")
        elif ch == "]" and i + 1 < len(text) and text[i + 1] in "([:":
            out.append("\\]")
        elif ch == "[" and text.startswith("[^", i):
            out.append("\\[")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def escape_line_start(line: str) -> str:
    """Escape what would make a line a heading, list, quote, rule or code fence."""
    if not line:
        return line
    if _RULE_RE.match(line):
        return "\\" + line
    first = line[0]
    if first in "#>|" or line.startswith(("```", "~~~")):
        return "\\" + line
    if first in "-+=" and (len(line) == 1 or line[1] in " \t"):
        return "\\" + line
    match = _LIST_RE.match(line)
    if match:
        return f"{match.group(1)}\\{line[len(match.group(1)) :]}"
    return line


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that renders as the same text (line breaks kept as lines)."""
    lines = [escape_line_start(_escape_inline(line.strip())) for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def unescape_markdown(text: str) -> str:
    """Undo :func:`escape_markdown`: drop backslash escapes, decode character references."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        return html.unescape(match.group(0))

    return _UNESCAPE_RE.sub(replace, text)


_EMPHASIS_RE = re.compile(r"(?<!\\)(\*\*|\*|`)")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def markdown_to_plain(text: str) -> str:
    """Markdown → one-line plain text (Aiken lines, derived titles)."""
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub("", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:#{1,6}\s+|>\s?|[-+*]\s+)", "", line)
        lines.append(line.strip())
    return " ".join(unescape_markdown(" ".join(line for line in lines if line)).split())


def short_title(text: str, limit: int = 60) -> str:
    """A question title from its stem, as Moodle does for questions without a name."""
    plain = markdown_to_plain(re.sub(r"_{3,}", "…", text))
    plain = " ".join(plain.split())
    if len(plain) <= limit:
        return plain
    cut = plain[:limit].rsplit(" ", 1)[0] or plain[:limit]
    return cut.rstrip(" ,;:.") + "…"


def slugify(text: str, limit: int = 48) -> str:
    """``[a-z0-9-]`` slug for ids and file names; Vietnamese letters lose their marks."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].strip("-")


# -- HTML → Markdown -------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "center",
    "address",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_CONTENT = {"script", "style", "head", "title", "noscript"}


@dataclass
class _OpenList:
    """A list being converted: its tag (``ul`` or ``ol``) and how many items it has had."""

    tag: str
    count: int = 0


class _Converter(HTMLParser):
    """A small, forgiving HTML → Markdown converter for question texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.prefix: list[str] = []  # "> " for block quotes
        self.lists: list[_OpenList] = []
        self.skip = 0
        self.pre = 0
        self.links: list[str | None] = []
        self.pending_space = False
        self.pre_start = False
        self.after_open = False  # just wrote an opening ** or *: no space may follow

    # output helpers ---------------------------------------------------------------------
    def _line_prefix(self) -> str:
        return "".join(self.prefix)

    def _at_line_start(self) -> bool:
        return self.lines[-1].strip() in ("", ">") or self.lines[-1] == self._line_prefix()

    def newline(self) -> None:
        self.lines.append(self._line_prefix())
        self.pending_space = False

    def paragraph(self) -> None:
        """End the current block: the next text starts after a blank line."""
        if self.lines[-1].strip(" >"):
            self.newline()
        if len(self.lines) >= 2 and self.lines[-2].strip(" >"):
            self.newline()

    def emit(self, text: str, *, raw: bool = False) -> None:
        if not text:
            return
        if self.pending_space and not self._at_line_start() and not self.after_open:
            self.lines[-1] += " "
        self.pending_space = False
        self.after_open = False
        if not raw and self._at_line_start():
            text = escape_line_start(text.lstrip())
        self.lines[-1] += text

    def open_marker(self, marker: str) -> None:
        self.emit(marker, raw=True)
        self.after_open = True

    def close_marker(self, marker: str) -> None:
        line = self.lines[-1]
        if self.after_open and line.endswith(marker):
            self.lines[-1] = line[: -len(marker)]  # nothing inside: drop the pair
            self.after_open = False
            return
        stripped = line.rstrip()
        if stripped != line:
            self.pending_space = True
        self.lines[-1] = stripped + marker

    # parser callbacks ---------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in _SKIP_CONTENT:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "br":
            self.newline()
        elif tag == "hr":
            self.paragraph()
            self.lines[-1] += "---"
            self.paragraph()
        elif tag in _BLOCK_TAGS or tag in _HEADINGS:
            self.paragraph()
            if tag in ("ul", "ol"):
                self.lists.append(_OpenList(tag))
            if tag in _HEADINGS:
                self.open_marker("**")
        elif tag == "blockquote":
            self.paragraph()
            self.prefix.append("> ")
            self.lines[-1] = self._line_prefix()
        elif tag == "li":
            if self.lines[-1].strip(" >"):
                self.newline()
            depth = max(len(self.lists) - 1, 0)
            current = self.lists[-1] if self.lists else _OpenList("ul")
            current.count += 1
            marker = f"{current.count}. " if current.tag == "ol" else "- "
            self.lines[-1] = self._line_prefix() + "  " * depth + marker
            self.pending_space = False
        elif tag == "pre":
            self.paragraph()
            self.lines[-1] += "```"
            self.newline()
            self.pre += 1
            self.pre_start = True
        elif tag in ("b", "strong"):
            self.open_marker("**")
        elif tag in ("i", "em"):
            self.open_marker("*")
        elif tag == "code" and not self.pre:
            self.open_marker("`")
        elif tag == "a":
            href = attr.get("href", "")
            usable = bool(href) and not href.startswith("#") and " " not in href.strip()
            self.links.append(href.strip() if usable else None)
            if usable:
                self.open_marker("[")
        elif tag == "img":
            src = attr.get("src", "")
            alt = " ".join(attr.get("alt", "").split())
            if re.match(r"^https?://\S+$", src) or _MEDIA_RE.match(src):
                # a web image, or a file the importer saved next to the bank (media/...)
                self.emit(f"![{_escape_inline(alt)}]({src})", raw=True)
            else:
                # other files packed with a Moodle export (@@PLUGINFILE@@) do not come along
                name = alt or src.rsplit("/", 1)[-1] or "image"
                self.emit(f"\\[{_escape_inline(name)}\\]", raw=True)
        elif tag in ("td", "th") and not self._at_line_start():
            self.emit(" | ", raw=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self.skip = max(self.skip - 1, 0)
        elif self.skip:
            return
        elif tag in _HEADINGS:
            self.close_marker("**")
            self.paragraph()
        elif tag in _BLOCK_TAGS:
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self.paragraph()
        elif tag == "blockquote":
            if self.prefix:
                self.prefix.pop()
            self.paragraph()
            self.lines[-1] = self._line_prefix()
        elif tag == "li":
            self.newline()
        elif tag == "pre" and self.pre:
            self.pre -= 1
            if self.lines[-1]:
                self.newline()
            self.lines[-1] += "```"
            self.paragraph()
        elif tag in ("b", "strong"):
            self.close_marker("**")
        elif tag in ("i", "em"):
            self.close_marker("*")
        elif tag == "code" and not self.pre:
            self.close_marker("`")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                line = self.lines[-1]
                if self.after_open and line.endswith("["):  # no link text: show the address
                    self.lines[-1] = line[:-1] + f"<{href}>"
                    self.after_open = False
                else:
                    stripped = line.rstrip()
                    text = stripped[stripped.rfind("[") + 1 :]
                    if unescape_markdown(text) == href and ")" not in href:
                        self.lines[-1] = stripped[: stripped.rfind("[")] + f"<{href}>"
                        self.pending_space = self.pending_space or stripped != line
                        return
                    self.pending_space = self.pending_space or stripped != line
                    self.lines[-1] = stripped + f"]({href})"

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            if self.pre_start and data.startswith("\n"):
                data = data[1:]  # HTML ignores the newline right after <pre>
            self.pre_start = False
            for index, part in enumerate(data.split("\n")):
                if index:
                    self.newline()
                self.lines[-1] += part.replace("```", "\\```")
            return
        if data[:1].isspace():
            self.pending_space = True
        words = data.split()
        if not words:
            return
        self.emit(_escape_inline(" ".join(words)))
        if data[-1:].isspace():
            self.pending_space = True

    def result(self) -> str:
        out: list[str] = []
        for line in self.lines:
            line = line.rstrip()
            if line == ">":
                line = ""
            if not line and (not out or not out[-1]):
                continue
            out.append(line)
        return "\n".join(out).strip()


def html_to_markdown(text: str) -> str:
    """HTML (as Moodle stores question text) → readable Markdown."""
    converter = _Converter()
    try:
        converter.feed(text)
        converter.close()
    except Exception:  # html.parser is lenient; never fail an import on odd markup
        return escape_markdown(_TAG_RE.sub(" ", html.unescape(text)))
    return converter.result()


def moodle_to_markdown(text: str, fmt: str) -> str:
    """A Moodle text in one of its formats → our Markdown, as Moodle would render it.

    ``markdown`` is kept; ``html`` is converted; ``moodle_auto_format`` is HTML when it looks
    like HTML (its line breaks kept), else plain text like ``plain_text``, whose Markdown
    characters are escaped. An unknown format is guessed from the text. GIFT's ``[moodle]`` and
    ``[plain]`` are the same formats under other names.
    """
    text = text.strip()
    if fmt == "markdown":
        return text
    if fmt == "html":
        return html_to_markdown(text)
    if fmt == "moodle_auto_format" and looks_like_html(text):
        return html_to_markdown(text.replace("\n", "<br>\n"))
    if fmt in ("plain_text", "moodle_auto_format"):
        return escape_markdown(text)
    return html_to_markdown(text) if looks_like_html(text) else escape_markdown(text)
