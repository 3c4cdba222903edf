"""Split a PDF that fpdf2 wrote into one self-contained PDF per page.

Why: a batch of certificates is drawn as the pages of one document, so the fonts are parsed
and subset once for the whole batch instead of once per certificate (that was 80 % of the
time). Each page is then written out as its own PDF with every object it uses: its content
stream, its resources and the shared font objects (embedded subset, widths, ToUnicode map),
renumbered; the bytes of every stream are copied unchanged, so what a reader sees and
extracts is what the batch drew.

It reads fpdf2's own output only (a classic xref table, no object streams, no encryption),
which :func:`split_pages` checks before relying on it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

_REF = re.compile(rb"(\d+) 0 R\b")
_KIDS = re.compile(rb"/Kids \[([^\]]*)\]")
_MEDIABOX = re.compile(rb"/MediaBox \[[^\]]*\]")
_PARENT = re.compile(rb"/Parent \d+ 0 R")
_OPEN_ACTION = re.compile(rb"/OpenAction \[\d+ 0 R")


class SplitError(ValueError):
    """The PDF is not one this splitter knows how to read."""


@dataclass(frozen=True)
class _Parsed:
    header: bytes
    objects: dict[int, bytes]  # number -> body between "N 0 obj\n" and "\nendobj"
    pages: list[int]
    catalog: int
    mediabox: bytes


def _parse(pdf: bytes) -> _Parsed:
    start = pdf.rfind(b"startxref")
    if start < 0:
        raise SplitError("no startxref")
    xref_at = int(pdf[start + 9 :].split()[0])
    if pdf[xref_at : xref_at + 4] != b"xref":
        raise SplitError("no classic xref table")
    lines = pdf[xref_at:start].split(b"\n")
    first, count = (int(v) for v in lines[1].split())
    if first != 0:
        raise SplitError("xref does not start at object 0")
    offsets = {}
    for number, line in enumerate(lines[2 : 2 + count]):
        parts = line.split()
        if len(parts) >= 3 and parts[2] == b"n":
            offsets[number] = int(parts[0])
    bounds = [*sorted(offsets.values()), xref_at]
    following = {off: bounds[i + 1] for i, off in enumerate(bounds[:-1])}
    objects: dict[int, bytes] = {}
    for number, offset in offsets.items():
        chunk = pdf[offset : following[offset]]
        head = f"{number} 0 obj\n".encode()
        end = chunk.rfind(b"endobj")
        if not chunk.startswith(head) or end < 0:
            raise SplitError(f"object {number} is not where the xref says")
        objects[number] = chunk[len(head) : end].rstrip(b"\n")
    trailer = pdf[pdf.find(b"trailer", xref_at) : start]
    if b"/Encrypt" in trailer:
        raise SplitError("encrypted")
    root = re.search(rb"/Root (\d+) 0 R", trailer)
    if root is None:
        raise SplitError("no /Root")
    catalog = int(root.group(1))
    pages_ref = re.search(rb"/Pages (\d+) 0 R", objects[catalog])
    if pages_ref is None:
        raise SplitError("no /Pages")
    tree = objects[int(pages_ref.group(1))]
    kids = _KIDS.search(tree)
    box = _MEDIABOX.search(tree)
    if kids is None or box is None or b"/Type /Pages" not in tree:
        raise SplitError("a page tree that is not flat")
    pages = [int(n) for n in _REF.findall(kids.group(1))]
    if any(b"/Type /Page\n" not in objects[p] + b"\n" for p in pages):
        raise SplitError("a kid that is not a page")
    return _Parsed(
        pdf[: pdf.find(b"\n", pdf.find(b"\n") + 1) + 1], objects, pages, catalog, box.group(0)
    )


def _dict_part(body: bytes) -> tuple[bytes, bytes]:
    """(the dictionary, the stream with its keywords) of an object body."""
    at = body.find(b"\nstream\n")
    return (body, b"") if at < 0 else (body[:at], body[at:])


def _closure(objects: dict[int, bytes], page: int) -> list[int]:
    """The page and every object it reaches, not following /Parent back up."""
    order = [page]
    seen = {page}
    index = 0
    while index < len(order):
        number = order[index]
        index += 1
        head, _stream = _dict_part(objects[number])
        if number == page:
            head = _PARENT.sub(b"", head)
        for ref in _REF.findall(head):
            n = int(ref)
            if n not in seen and n in objects:
                seen.add(n)
                order.append(n)
    return order


def _renumber(body: bytes, numbers: dict[int, int]) -> bytes:
    head, stream = _dict_part(body)
    return _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], head) + stream


def _text(value: str) -> bytes:
    """A PDF text string as fpdf2 writes it: UTF-16BE with its byte order mark, in hex."""
    return b"<feff" + value.encode("utf-16-be").hex().encode() + b">"


def split_pages(pdf: bytes, infos: list[dict[str, str]]) -> Iterator[bytes]:
    """One PDF per page of ``pdf``, with ``infos[i]`` (Title, Author, Creator…) as its Info."""
    parsed = _parse(pdf)
    if len(infos) != len(parsed.pages):
        raise SplitError(f"{len(parsed.pages)} pages for {len(infos)} documents")
    catalog = _OPEN_ACTION.sub(b"/OpenAction [PAGE", parsed.objects[parsed.catalog])
    catalog = re.sub(rb"/Pages \d+ 0 R", b"/Pages 1 0 R", catalog).replace(b"PAGE", b"3 0 R")
    if len(_REF.findall(catalog)) != catalog.count(b" 0 R"):
        raise SplitError("unexpected references")
    if {int(n) for n in _REF.findall(catalog)} - {1, 3}:
        raise SplitError("a catalog with more than pages (outlines, structure…)")
    created = re.search(rb"/CreationDate \([^)]*\)", pdf)
    for page, info in zip(parsed.pages, infos, strict=True):
        order = _closure(parsed.objects, page)
        numbers = {old: new for new, old in enumerate(order, start=3)}
        info_no = len(order) + 3
        bodies = [
            b"<<\n/Count 1\n/Kids [3 0 R]\n" + parsed.mediabox + b"\n/Type /Pages\n>>",
            catalog,
        ]
        for old in order:
            body = parsed.objects[old]
            if old == page:
                body = _PARENT.sub(b"/Parent PARENT", body)
            bodies.append(_renumber(body, numbers).replace(b"/Parent PARENT", b"/Parent 1 0 R"))
        entries = [b"/%s %s" % (k.encode("ascii"), _text(v)) for k, v in sorted(info.items())]
        if created:
            entries.append(created.group(0))
        bodies.append(b"<<\n" + b"\n".join(sorted(entries)) + b"\n>>")
        out = bytearray(parsed.header)
        offsets = []
        for number, body in enumerate(bodies, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
        digest = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().upper().encode()
        out += b"trailer\n<<\n/Size %d\n/Root 2 0 R\n/Info %d 0 R\n/ID [<%s><%s>]\n>>\n" % (
            len(bodies) + 1,
            info_no,
            digest,
            digest,
        )
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        yield bytes(out)
