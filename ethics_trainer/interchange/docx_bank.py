"""Word (.docx) question banks in the layout exam-mixing tools (McMIX and the like) read.

A question starts with ``Câu 1.`` / ``Câu 1:`` / ``1.`` or a paragraph of Word's automatic
numbering; options are ``A.`` ``A)`` ``a.`` (several may share a line, separated by tabs). The
right option is marked in the option's label or text by underline, red colour, highlight or
bold, or by a ``*`` before or after it, or given by an ``Đáp án: B`` line in the question or an
answer key at the end (a table of numbers and letters, or ``1-B 2-C`` lines after a heading
``ĐÁP ÁN``). A mark shared by every option (a bold paragraph style) marks nothing. Images in a
question are kept as files next to the bank. Each question that cannot be read is reported
with the paragraph it starts at.

The document is read into formatted paragraphs by :mod:`docx_paragraphs`; this module decides
what they mean. Text typed in the old TCVN3 (``.VnTime``) or VNI fonts turns into Latin-1
garbage when such a file is opened as Unicode; :mod:`legacy_encoding` recognises it and the
import stops with advice to convert the file first, instead of storing garbage.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.docx_paragraphs import DocxReader, MarkedChar, Paragraph
from ethics_trainer.interchange.legacy_encoding import detect_legacy
from ethics_trainer.interchange.markup import escape_markdown, short_title
from ethics_trainer.interchange.records import ImportedQuestion, MediaFile, ParseResult, Skipped

MARKS = ("underline", "red", "highlight", "bold")
_QUESTION_RE = re.compile(r"^\s*(?:Câu|Cau|Question)\s*(?:hỏi\s*)?(\d+)\s*[.:)\-–]?\s*", re.I)
_NUMBER_RE = re.compile(r"^\s*(\d{1,4})\s*[.)]\s+")
_OPTION_RE = re.compile(r"(?:^|(?<=\s))\*?\s?([A-Fa-f])\s?[.)]\s?(?=\S|$)")
_ANSWER_RE = re.compile(r"^\s*(?:Đáp\s*án|Dap\s*an|Answer|ĐA)\s*(?:đúng)?\s*[:.\-]\s*(.+)$", re.I)
_EXPLAIN_RE = re.compile(
    r"^\s*(?:Giải\s*thích|Lời\s*giải|Hướng\s*dẫn|Explanation)\s*[:.\-]\s*(.*)$", re.I
)
_KEY_HEADING_RE = re.compile(r"^\s*(?:BẢNG\s+)?(?:ĐÁP\s*ÁN|DAP\s*AN|ANSWER\s+KEY)\s*:?\s*$", re.I)
_KEY_PAIR_RE = re.compile(r"(\d{1,4})\s*[-.:)]?\s*([A-Fa-f](?:\s*,\s*[A-Fa-f])*)\b")
_LETTERS_RE = re.compile(r"^[A-Fa-f](?:\s*[,;]?\s*[A-Fa-f])*$")


@dataclass
class _Option:
    label_marks: frozenset[str]
    text_marks: frozenset[str]
    text: str
    star: bool


@dataclass
class _Draft:
    number: int  # question number written in the document (0: automatic numbering)
    paragraph: int
    stem: list[str] = field(default_factory=list)
    images: list[MediaFile] = field(default_factory=list)
    options: list[_Option] = field(default_factory=list)
    answer: str = ""
    explanation: list[str] = field(default_factory=list)
    problem: str = ""


# -- cutting paragraphs into questions -----------------------------------------------------


def _split_options(para: Paragraph) -> list[_Option] | None:
    """The options a paragraph holds (``A. x  B. y``), or None when it is not an option line."""
    text = para.text
    matches = list(_OPTION_RE.finditer(text))
    if not matches or matches[0].start() != len(text) - len(text.lstrip()):
        return None
    letters = [m.group(1).upper() for m in matches]
    # only a run of consecutive letters counts (``a. x`` then ``b)`` in the text is kept)
    kept = [matches[0]]
    for match, letter in zip(matches[1:], letters[1:], strict=True):
        gap = text[kept[-1].end() : match.start()]
        follows = ord(letter) == ord(kept[-1].group(1).upper()) + 1
        if follows and ("\t" in gap or "  " in gap):
            kept.append(match)
    options = []
    for index, match in enumerate(kept):
        end = kept[index + 1].start() if index + 1 < len(kept) else len(text)
        label = para.chars[match.start() : match.end()]
        body = para.chars[match.end() : end]
        raw = "".join(c.text for c in body)
        star = text[match.start() : match.end()].lstrip().startswith("*")
        stripped = raw.strip()
        if stripped.endswith("*"):
            star = True
            stripped = stripped[:-1].rstrip()
        options.append(
            _Option(_shared_marks(label, skip=" .)*"), _shared_marks(body), stripped, star)
        )
    return options


def _shared_marks(chars: list[MarkedChar], skip: str = " \t*") -> frozenset[str]:
    visible = [c.marks for c in chars if c.text not in skip and not c.text.isspace()]
    if not visible:
        return frozenset()
    return frozenset.intersection(*visible)


def _starts_question(para: Paragraph, in_stem: bool) -> tuple[int, str] | None:
    """(number, rest of the line) when ``para`` starts a question. ``Câu N`` always does;
    a bare ``N.`` or an automatically numbered paragraph does not while the current
    question has no options yet (it is then a numbered point of the stem)."""
    text = para.text
    match = _QUESTION_RE.match(text)
    if match:
        return int(match.group(1)), text[match.end() :]
    if in_stem:
        return None
    match = _NUMBER_RE.match(text)
    if match:
        return int(match.group(1)), text[match.end() :]
    if para.numbering == "number" and text.strip() and _split_options(para) is None:
        return 0, text
    return None


def parse_docx(data: bytes, path: str) -> ParseResult:
    """Read a Word bank; questions that cannot be read are reported, never guessed."""
    import docx  # python-docx: imported here, only imports need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserError(tr("interop.docx.unreadable", path=path, detail=str(exc))) from exc
    reader = DocxReader(document)
    blocks = list(reader.blocks())
    texts = [(b.number, b.text) for b in blocks if isinstance(b, Paragraph)]
    texts += [(0, " ".join(" ".join(row) for row in b)) for b in blocks if isinstance(b, list)]
    legacy = detect_legacy(texts, reader.fonts)
    if legacy is not None:
        encoding, paragraph = legacy
        raise UserError(
            tr("interop.docx.legacy", path=path, encoding=encoding, paragraph=paragraph),
            tr("interop.docx.legacy_hint"),
        )
    drafts, key = _drafts(blocks)
    result = ParseResult(path=path)
    for index, draft in enumerate(drafts, start=1):
        number = draft.number or index
        if not draft.answer and number in key:
            draft.answer = key[number]
        _finish(draft, path, result)
    return result


def _drafts(blocks: list[Paragraph | list[list[str]]]) -> tuple[list[_Draft], dict[int, str]]:
    drafts: list[_Draft] = []
    key: dict[int, str] = {}
    current: _Draft | None = None
    in_key = False
    target = "stem"
    for block in blocks:
        if isinstance(block, list):
            pairs = _table_key(block)
            if pairs:
                key.update(pairs)
                current = None
            elif current is not None:
                current.stem.append(_table_markdown(block))
            continue
        para = block
        text = para.text
        if not text.strip():
            if current is not None and para.images:
                current.images.extend(para.images)
            continue
        if _KEY_HEADING_RE.match(text):
            in_key, current = True, None
            continue
        if in_key:
            found = {int(n): _letters(v) for n, v in _KEY_PAIR_RE.findall(text)}
            if found:
                key.update(found)
                continue
            in_key = False
        options = _split_options(para)
        answer = _ANSWER_RE.match(text)
        explain = _EXPLAIN_RE.match(text)
        start = (
            None
            if options is not None and current is not None
            else _starts_question(para, current is not None and not current.options)
        )
        if start is not None and not (answer or explain):
            number, rest = start
            current = _Draft(number, para.number)
            current.stem.append(rest.strip())
            current.images.extend(para.images)
            drafts.append(current)
            target = "stem"
            continue
        if current is None:
            continue  # title, instructions, headings before the first question
        if answer:
            current.answer = answer.group(1).strip()
            target = "answer"
        elif explain:
            current.explanation.append(explain.group(1).strip())
            target = "explanation"
        elif options is not None:
            current.options.extend(options)
            target = "options"
        elif para.numbering == "letter" and target in ("stem", "options"):
            chars = para.chars
            current.options.append(
                _Option(
                    frozenset(),
                    _shared_marks(chars),
                    text.strip().rstrip("*").rstrip(),
                    text.rstrip().endswith("*"),
                )
            )
            target = "options"
        elif target in ("explanation", "answer"):
            current.explanation.append(text.strip())
            target = "explanation"
        elif target == "stem":
            current.stem.append(text.strip())
            current.images.extend(para.images)
        elif target == "options" and current.options:
            last = current.options[-1]
            current.options[-1] = _Option(
                last.label_marks, last.text_marks, f"{last.text}\n{text.strip()}", last.star
            )
        else:
            current.problem = current.problem or tr("interop.docx.stray", paragraph=para.number)
    return drafts, key


def _letters(text: str) -> str:
    return ",".join(ch.upper() for ch in text if ch.isalpha())


def _table_key(rows: list[list[str]]) -> dict[int, str]:
    """An answer key table: cells alternate question number and letter(s), in rows or columns."""
    pairs: dict[int, str] = {}
    grids = [rows, [list(col) for col in zip(*rows, strict=False)]] if rows else []
    for grid in grids:
        found: dict[int, str] = {}
        for row in grid:
            for number, letter in itertools.pairwise(row):
                if number.strip().isdigit() and _LETTERS_RE.match(letter.strip()):
                    found[int(number)] = _letters(letter)
        if len(found) > len(pairs):
            pairs = found
    return pairs if len(pairs) >= 1 and all(pairs.values()) else {}


def _table_markdown(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    cells = [
        [escape_markdown(c).replace("|", "\\|") for c in r + [""] * (width - len(r))] for r in rows
    ]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


def _marked(options: list[_Option]) -> list[int]:
    """Indexes of the marked options: a star, else the first mark not shared by all."""
    stars = [i for i, o in enumerate(options) if o.star]
    if stars:
        return stars
    for mark in MARKS:
        having = [i for i, o in enumerate(options) if mark in o.label_marks or mark in o.text_marks]
        if having and len(having) < len(options):
            return having
    return []


def _finish(draft: _Draft, path: str, result: ParseResult) -> None:
    stem_parts = [escape_markdown(s) if not s.startswith("| ") else s for s in draft.stem if s]
    stem = "\n\n".join(stem_parts)
    for image in draft.images:
        stem += f"\n\n![]({image.link})"
    stem = stem.strip()
    title = short_title(stem) or tr("interop.docx.untitled", number=draft.number)

    def skip(reason: str) -> None:
        result.skipped.append(Skipped(path, draft.paragraph, "invalid", title, reason))

    if draft.problem:
        skip(draft.problem)
        return
    if not stem:
        skip(tr("interop.docx.no_stem"))
        return
    if len(draft.options) < 2:
        skip(tr("interop.docx.too_few"))
        return
    if any(not o.text for o in draft.options):
        skip(tr("interop.docx.empty_option"))
        return
    if draft.answer:
        letters = [ch.upper() for ch in draft.answer if ch.isalpha() and ch.upper() in "ABCDEF"]
        right = sorted({ord(ch) - ord("A") for ch in letters})
        if not right or right[-1] >= len(draft.options):
            skip(tr("interop.docx.bad_answer", answer=draft.answer))
            return
    else:
        right = _marked(draft.options)
        if not right:
            skip(tr("interop.docx.no_answer"))
            return
    kind = QuestionKind.MULTIPLE if len(right) > 1 else QuestionKind.SINGLE
    options = tuple(
        Option(
            chr(ord("a") + i),
            escape_markdown(o.text),
            i in right,
            1.0 if i in right else 0.0,
        )
        for i, o in enumerate(draft.options)
    )
    words = {o.text.strip().lower().rstrip(".") for o in draft.options}
    if len(options) == 2 and words in ({"đúng", "sai"}, {"true", "false"}):
        kind = QuestionKind.TRUE_FALSE
    question = Question(
        id="",
        title=title,
        stem=stem,
        options=options,
        kind=kind,
        explanation=escape_markdown("\n".join(draft.explanation)).strip(),
        path=path,
        line=draft.paragraph,
    )
    result.questions.append(ImportedQuestion(question, "", tuple(draft.images)))
