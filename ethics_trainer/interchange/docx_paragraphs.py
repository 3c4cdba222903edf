"""A Word document's body as paragraphs of characters that keep their formatting.

Exam-mixing tools mark the right option by underline, red, highlight or bold, and number
questions with Word's automatic numbering, so reading a bank needs more than the text: each
character keeps the marks of its run (a paragraph style's bold included), each paragraph its
numbering kind, its images and its place in the body; tables come as rows of cell texts.
What the paragraphs mean (questions, options, answer keys) is ``docx_bank``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, overload

from ethics_trainer.content.text import nfc
from ethics_trainer.interchange.records import MediaFile

if TYPE_CHECKING:
    from docx.document import Document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_RED = re.compile(r"^(?:FF0000|C00000|E00000|FF0101|EE0000|CC0000|D00000|FE0000)$", re.I)


class XmlNode(Protocol):
    """What the reader uses of an XML node. python-docx hands out lxml elements, which carry
    no type information; this names the part of their interface we rely on."""

    @property
    def tag(self) -> str: ...
    @property
    def text(self) -> str | None: ...
    @property
    def attrib(self) -> Mapping[str, str]: ...
    def find(self, path: str) -> XmlNode | None: ...
    def findall(self, path: str) -> list[XmlNode]: ...
    @overload
    def get(self, key: str) -> str | None: ...
    @overload
    def get(self, key: str, default: str) -> str: ...
    def iter(self, tag: str) -> Iterator[XmlNode]: ...
    def iterchildren(self) -> Iterator[XmlNode]: ...
    def __iter__(self) -> Iterator[XmlNode]: ...


@dataclass
class MarkedChar:
    text: str
    marks: frozenset[str]


@dataclass
class Paragraph:
    number: int  # 1-based paragraph number in the body (tables count their paragraphs)
    chars: list[MarkedChar]
    numbering: str  # Word's automatic numbering: "" none, "number", "letter" or "other"
    images: list[MediaFile] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    def normalise(self) -> None:
        """Compose decomposed Vietnamese ("Unicode tổ hợp") per run of equal marks, so the
        text reads as NFC and each character keeps its formatting."""
        out: list[MarkedChar] = []
        start = 0
        for end in range(1, len(self.chars) + 1):
            if end == len(self.chars) or self.chars[end].marks != self.chars[start].marks:
                text = nfc("".join(c.text for c in self.chars[start:end]))
                out.extend(MarkedChar(ch, self.chars[start].marks) for ch in text)
                start = end
        self.chars = out


def _run_marks(run: XmlNode, styles_bold: bool) -> frozenset[str]:
    rpr = run.find(f"{_W}rPr")
    marks: set[str] = set()
    if styles_bold:
        marks.add("bold")
    if rpr is None:
        return frozenset(marks)
    u = rpr.find(f"{_W}u")
    if u is not None and u.get(f"{_W}val", "single") != "none":
        marks.add("underline")
    b = rpr.find(f"{_W}b")
    if b is not None:
        if b.get(f"{_W}val", "true") in ("0", "false", "off"):
            marks.discard("bold")
        else:
            marks.add("bold")
    color = rpr.find(f"{_W}color")
    if color is not None and _RED.match(color.get(f"{_W}val", "")):
        marks.add("red")
    highlight = rpr.find(f"{_W}highlight")
    if highlight is not None and highlight.get(f"{_W}val", "none") != "none":
        marks.add("highlight")
    shade = rpr.find(f"{_W}shd")
    if shade is not None and shade.get(f"{_W}fill", "auto").lower() not in ("auto", "ffffff", ""):
        marks.add("highlight")
    return frozenset(marks)


def _num_ref(numpr: XmlNode | None) -> tuple[str, int] | None:
    """(numId, level) of a ``<w:numPr>``, or None."""
    if numpr is None:
        return None
    numid = numpr.find(f"{_W}numId")
    ilvl = numpr.find(f"{_W}ilvl")
    return (
        numid.get(f"{_W}val", "") if numid is not None else "",
        int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0,
    )


def _fonts(run: XmlNode) -> str:
    rpr = run.find(f"{_W}rPr")
    fonts = rpr.find(f"{_W}rFonts") if rpr is not None else None
    if fonts is None:
        return ""
    return " ".join(v for k, v in fonts.attrib.items() if k.startswith(_W))


class DocxReader:
    """Walks the body in order (paragraphs, and paragraphs inside tables) with formatting."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.part = document.part
        self.count = 0
        self.fonts: list[tuple[int, str, str]] = []  # (paragraph, font, text) for legacy check
        self.tables: list[list[list[str]]] = []
        self._styles = self._style_info()
        self._formats = self._number_formats()

    def _style_info(self) -> dict[str, tuple[bool, tuple[str, int] | None]]:
        """style id -> (bold, (numId, level) of its numbering or None), following ``basedOn``."""
        raw: dict[str, tuple[str | None, bool | None, tuple[str, int] | None]] = {}
        styles: XmlNode = self.part.styles.element  # python-docx adds a default part if missing
        for style in styles.findall(f"{_W}style"):
            sid = style.get(f"{_W}styleId", "")
            based = style.find(f"{_W}basedOn")
            rpr = style.find(f"{_W}rPr")
            bold = None
            b = rpr.find(f"{_W}b") if rpr is not None else None
            if b is not None:
                bold = b.get(f"{_W}val", "true") not in ("0", "false", "off")
            ppr = style.find(f"{_W}pPr")
            numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
            raw[sid] = (
                based.get(f"{_W}val") if based is not None else None,
                bold,
                _num_ref(numpr),
            )
        out: dict[str, tuple[bool, tuple[str, int] | None]] = {}
        for sid in raw:
            bold, ref, seen, current = None, None, set(), sid
            while current in raw and current not in seen:
                seen.add(current)
                parent, b_, r_ = raw[current]
                bold = b_ if bold is None else bold
                ref = r_ if ref is None else ref
                current = parent or ""
            out[sid] = (bool(bold), ref)
        return out

    def _number_formats(self) -> dict[tuple[str, int], str]:
        """(numId, level) -> Word's number format ("decimal", "upperLetter", "bullet"...)."""
        try:
            numbering = self.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract: dict[str, dict[int, str]] = {}
        for node in numbering.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal"
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        out: dict[tuple[str, int], str] = {}
        for num in numbering.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = abstract.get(ref.get(f"{_W}val", "") if ref is not None else "", {})
            for level, fmt in levels.items():
                out[(num.get(f"{_W}numId", ""), level)] = fmt
        return out

    def blocks(self) -> Iterator[Paragraph | list[list[str]]]:
        body = self.document.element.body
        for child in body.iterchildren():
            if child.tag == f"{_W}p":
                yield self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                rows = []
                for tr_ in child.iter(f"{_W}tr"):
                    cells = []
                    for tc in tr_.iter(f"{_W}tc"):
                        texts = [self.paragraph(p).text for p in tc.iter(f"{_W}p")]
                        cells.append(" ".join(t.strip() for t in texts if t.strip()))
                    rows.append(cells)
                yield rows

    def paragraph(self, p: XmlNode) -> Paragraph:
        self.count += 1
        ppr = p.find(f"{_W}pPr")
        style_id = ""
        ref = None
        if ppr is not None:
            pstyle = ppr.find(f"{_W}pStyle")
            style_id = pstyle.get(f"{_W}val", "") if pstyle is not None else ""
            ref = _num_ref(ppr.find(f"{_W}numPr"))
        style_bold, style_ref = self._styles.get(style_id, (False, None))
        ref = ref or style_ref
        para = Paragraph(self.count, [], self._kind_of(ref))
        for run in p.iter(f"{_W}r"):
            marks = _run_marks(run, style_bold)
            font = _fonts(run)
            for node in run:
                if node.tag == f"{_W}t":
                    text = node.text or ""
                    para.chars.extend(MarkedChar(ch, marks) for ch in text)
                    if font:
                        self.fonts.append((self.count, font, text))
                elif node.tag == f"{_W}tab":
                    para.chars.append(MarkedChar("\t", frozenset()))
                elif node.tag in (f"{_W}br", f"{_W}cr"):
                    para.chars.append(MarkedChar("\n", frozenset()))
                elif node.tag in (f"{_W}drawing", f"{_W}pict"):
                    para.images.extend(self.images(node))
        para.normalise()
        return para

    def _kind_of(self, ref: tuple[str, int] | None) -> str:
        """ "number", "letter", "other" (bullets...) or "" for a paragraph's numbering."""
        if ref is None or ref[0] == "0":
            return ""
        fmt = self._formats.get(ref)
        if fmt is None:  # no numbering definition: guess from the level, as Word shows it
            return "number" if ref[1] == 0 else "letter"
        if fmt.startswith("decimal"):
            return "number"
        if fmt in ("upperLetter", "lowerLetter"):
            return "letter"
        return "other"

    def images(self, node: XmlNode) -> list[MediaFile]:
        found = []
        ids = [b.get(f"{_R}embed") for b in node.iter(f"{_A}blip")]
        ids += [d.get(f"{_R}id") for d in node.iter(f"{_V}imagedata")]
        for rid in ids:
            if not rid or rid not in self.part.related_parts:
                continue
            image = self.part.related_parts[rid]
            name = str(getattr(image, "partname", "image.png")).rsplit("/", 1)[-1]
            found.append(MediaFile.of(name, image.blob))
        return found
