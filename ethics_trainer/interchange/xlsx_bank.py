"""Excel question banks: one question per row, read into our questions and written back.

A centre keeps its bank in a sheet it can sort and filter: question, options A–F, the answer
letter(s), explanation, tags, source. The same layout goes out (``export --format xlsx``) so a
bank can be edited in Excel and imported again with its ids, banks and tags. Headers are
recognised in Vietnamese or English, in any order; a sheet without a header row is read in
the template's order. Cells typed by people are plain text (escaped into our Markdown); rows
this app wrote say ``markdown`` in the format column and are taken as they are.

Answers: ``B`` (one right option), ``A, C`` (several right options), or ``A=100; B=50`` (credit
per option, a graded scenario). Writing follows the rule of every export
(:func:`ethics_trainer.safe_cells.neutralise`: text starting like a formula gets a leading
apostrophe, undone on import) and goes through the streamed
:class:`~ethics_trainer.hr.xlsx_table.TableWriter`, where every cell is an inline string.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.content.model import Bank, Option, Question, QuestionKind
from ethics_trainer.content.question_format import TRUE_WORDS, parse_refs
from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.answer_options import FALSE_LABEL, TRUE_LABEL
from ethics_trainer.interchange.legacy_encoding import detect_legacy
from ethics_trainer.interchange.markup import escape_markdown, short_title, unescape_markdown
from ethics_trainer.interchange.records import ImportedQuestion, ParseResult, Skipped
from ethics_trainer.safe_cells import DANGEROUS_START, neutralise

LETTERS = "ABCDEF"
MAX_ROWS = 50_000
MARKDOWN = "markdown"

# column key -> header written (vi) and the header words recognised (accents/case ignored)
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("id", "Mã", ("ma", "id", "idnumber", "ma cau hoi")),
    ("bank", "Ngân hàng", ("ngan hang", "bank", "category", "danh muc", "chu de")),
    ("title", "Tiêu đề", ("tieu de", "title", "name", "ten")),
    ("question", "Câu hỏi", ("cau hoi", "question", "noi dung", "de bai")),
    *((letter, letter, (letter.lower(),)) for letter in LETTERS),
    ("answer", "Đáp án", ("dap an", "answer", "correct", "dap an dung")),
    ("explanation", "Giải thích", ("giai thich", "explanation", "feedback")),
    ("tags", "Thẻ", ("the", "tags", "tag")),
    ("source", "Nguồn", ("nguon", "source")),
    ("refs", "Căn cứ", ("can cu", "refs", "references")),
    ("kind", "Loại", ("loai", "kind", "type")),
    ("format", "Định dạng", ("dinh dang", "format")),
)
TEMPLATE_ORDER = ("question", *LETTERS, "answer", "explanation", "tags", "source")
_KINDS = {k.value: k for k in QuestionKind}
_WEIGHT_RE = re.compile(r"^([A-F])\s*[=:]\s*(-?\d+(?:[.,]\d+)?)\s*%?$")


def _fold(text: str) -> str:
    """Header text without accents, case or punctuation: ``Đáp án:`` → ``dap an``."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_HEADER_WORDS = {word: key for key, _, words in COLUMNS for word in words}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n")
    if text.startswith("'") and text[1:].startswith(DANGEROUS_START):
        text = text[1:]  # our export's formula guard (safe_cells.neutralise), undone
    return text.strip()


@dataclass
class _Layout:
    columns: dict[str, int]  # key -> 0-based column
    first_row: int  # 1-based row of the first question


def _layout(first: Sequence[str]) -> _Layout:
    found: dict[str, int] = {}
    for index, text in enumerate(first):
        key = _HEADER_WORDS.get(_fold(text))
        if key and key not in found:
            found[key] = index
    if "question" in found and "answer" in found:
        return _Layout(found, 2)
    return _Layout({key: i for i, key in enumerate(TEMPLATE_ORDER)}, 1)


def parse_xlsx(data: bytes, path: str) -> ParseResult:
    """Read the first sheet of a workbook; one question per row, empty rows ignored."""
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError(tr("interop.xlsx.unreadable", path=path, detail=str(exc))) from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        result = ParseResult(path=path)
        first = next(rows, None)
        if first is None:
            return result
        layout = _layout([_cell(v) for v in first])
        pending = [] if layout.first_row == 2 else [first]
        read: list[tuple[int, list[str]]] = []
        for offset, row in enumerate(itertools.chain(pending, rows)):
            number = layout.first_row + offset
            if number > MAX_ROWS:
                raise UserError(tr("interop.xlsx.too_many", path=path, rows=MAX_ROWS))
            cells = [nfc(_cell(v)) for v in row]
            if any(cells):
                read.append((number, cells))
        legacy = detect_legacy((n, " ".join(c)) for n, c in read)
        if legacy is not None:
            raise UserError(
                tr("interop.xlsx.legacy", path=path, encoding=legacy[0], row=legacy[1]),
                tr("interop.docx.legacy_hint"),
            )
        for number, cells in read:
            _read_row(cells, layout, number, path, result)
        return result
    finally:
        book.close()


def _read_row(
    cells: list[str], layout: _Layout, number: int, path: str, result: ParseResult
) -> None:
    def get(key: str) -> str:
        index = layout.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    markdown = get("format").lower() == MARKDOWN

    def md(text: str) -> str:
        return text if markdown else escape_markdown(text)

    stem = md(get("question"))
    title = " ".join(get("title").split()) or short_title(stem) or "(untitled)"

    def skip(reason: str) -> None:
        result.skipped.append(Skipped(path, number, "invalid", title, reason))

    if not stem:
        skip(tr("interop.xlsx.no_question"))
        return
    texts = [(letter, get(letter)) for letter in LETTERS]
    while texts and not texts[-1][1]:
        texts.pop()
    if any(not text for _, text in texts):
        skip(tr("interop.xlsx.gap", letter=next(letter for letter, text in texts if not text)))
        return
    if len(texts) < 2:
        skip(tr("interop.xlsx.too_few"))
        return
    weights = _answer_weights(get("answer"), len(texts))
    if weights is None:
        skip(tr("interop.xlsx.bad_answer", answer=get("answer") or "—"))
        return
    kind = _KINDS.get(get("kind").strip().lower()) or _kind(weights, [t for _, t in texts])
    single = kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.GRADED)
    full = [i for i, w in enumerate(weights) if w >= 1.0]
    if single and len(full) != 1:
        skip(tr("interop.xlsx.one_answer"))
        return
    options = tuple(
        Option(
            chr(ord("a") + i),
            md(text),
            (i == full[0]) if single else weights[i] > 0,
            weights[i],
        )
        for i, (_, text) in enumerate(texts)
    )
    if kind is QuestionKind.TRUE_FALSE and not markdown:
        options = tuple(Option(o.key, _truth_label(o.text), o.correct, o.weight) for o in options)
    question = Question(
        id=get("id"),
        title=title,
        stem=stem,
        options=options,
        kind=kind,
        explanation=md(get("explanation")),
        source=" ".join(get("source").split()),
        refs=parse_refs(get("refs")),
        tags=tuple(t.strip() for t in re.split(r"[,;]", get("tags")) if t.strip()),
        path=path,
        line=number,
    )
    # the bank column names a bank; tags come from the tags column only
    result.questions.append(ImportedQuestion(question, get("bank"), bank_tags=()))


def _truth_label(text: str) -> str:
    word = text.strip().lower().rstrip(".")
    return TRUE_LABEL if word in TRUE_WORDS else FALSE_LABEL if word else text


def _answer_weights(answer: str, count: int) -> list[float] | None:
    """``B`` / ``A, C`` / ``A=100; B=50`` → credit per option, or None when unreadable."""
    parts = [p.strip().upper() for p in re.split(r"[,;\s]+(?=[A-Fa-f]\b)|[,;]", answer)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    weights = [0.0] * count
    for part in parts:
        match = _WEIGHT_RE.match(part)
        if match:
            letter, value = match.group(1), float(match.group(2).replace(",", "."))
        elif part and all(ch in LETTERS for ch in part):  # "B", or "AC" typed together
            for letter in part:
                if LETTERS.index(letter) >= count:
                    return None
                weights[LETTERS.index(letter)] = 1.0
            continue
        else:
            return None
        index = LETTERS.index(letter)
        if index >= count:
            return None
        weights[index] = max(-1.0, min(1.0, value / 100.0))
    return weights


def _kind(weights: list[float], texts: list[str]) -> QuestionKind:
    full = sum(1 for w in weights if w >= 1.0)
    partial = any(0 < w < 1 for w in weights)
    if full == 1 and partial:
        return QuestionKind.GRADED
    if full == 1 and not partial and not any(w < 0 for w in weights):
        words = {t.strip().lower().rstrip(".") for t in texts}
        if len(texts) == 2 and words <= TRUE_WORDS | {"sai", "false"} and len(words) == 2:
            return QuestionKind.TRUE_FALSE
        return QuestionKind.SINGLE
    return QuestionKind.MULTIPLE


# -- writing -------------------------------------------------------------------------------


def _answer_text(question: Question) -> str:
    letters = [LETTERS[i] for i, o in enumerate(question.options) if o.correct]
    plain = all(o.weight == (1.0 if o.correct else 0.0) for o in question.options)
    if plain and (question.kind is QuestionKind.MULTIPLE or len(letters) == 1):
        return ", ".join(letters)
    return "; ".join(
        f"{LETTERS[i]}={o.weight * 100:.4f}".rstrip("0").rstrip(".")
        for i, o in enumerate(question.options)
        if o.weight or o.correct
    )


def export_problem(question: Question) -> str:
    """Why a question cannot be written as a row, or "" when it can."""
    if len(question.options) > len(LETTERS):
        return tr("interop.xlsx.too_many_options", count=len(LETTERS))
    return ""


def write_xlsx(banks: Sequence[Bank], target: Path, *, template: bool = False) -> int:
    """Write the banks (or, with ``template``, two example rows) as one sheet; rows written."""
    from ethics_trainer.hr.xlsx_table import TableWriter

    keys = [key for key, _, _ in COLUMNS]
    headers = [header for _, header, _ in COLUMNS]
    rows: list[list[str]] = []
    if template:
        examples = [_example(key) for key in ("single", "multiple")]
        rows = [[row.get(key, "") for key in keys] for row in examples]
    else:
        for bank in banks:
            for question in bank.questions:
                if export_problem(question):
                    continue
                rows.append([_row_value(question, bank, key) for key in keys])
    widths = [14, 18, 24, 50, *[22] * len(LETTERS), 10, 40, 16, 20, 16, 10, 10]
    writer = TableWriter(str(target), tr("interop.xlsx.sheet")[:31], ["text"] * len(keys), widths)
    try:
        writer.header(headers, len(rows))
        columns = [
            [writer.cell_functions[i](neutralise(row[i])) if row[i] else "" for row in rows]
            for i in range(len(keys))
        ]
        writer.rows(columns)
        writer.close()
    except BaseException:
        writer.abort()
        target.unlink(missing_ok=True)
        raise
    return len(rows)


def _row_value(question: Question, bank: Bank, key: str) -> str:
    if key in LETTERS:
        index = LETTERS.index(key)
        return question.options[index].text if index < len(question.options) else ""
    values = {
        "id": question.id,
        "bank": bank.title,
        "title": question.title,
        "question": question.stem,
        "answer": _answer_text(question),
        "explanation": question.explanation,
        "tags": ", ".join(question.tags),  # the bank's tags included: a row stands alone
        "source": question.source,
        "refs": "; ".join(f"{r.document} {r.article}".strip() for r in question.refs),
        "kind": question.kind.value,
        "format": MARKDOWN,
    }
    return values[key]


def _example(which: str) -> dict[str, str]:
    """Template rows a centre overwrites (Vietnamese, like the banks they keep)."""
    if which == "single":
        return {
            "bank": "Đạo đức công vụ",
            "question": "Cán bộ, công chức được nhận quà biếu khi thi hành công vụ không?",
            "A": "Được, nếu giá trị nhỏ",
            "B": "Không được",
            "C": "Được, nếu báo cáo sau",
            "answer": "B",
            "explanation": "Luật Phòng, chống tham nhũng 2018 cấm nhận quà liên quan công vụ.",
            "tags": "quà tặng",
            "source": "Luật PCTN 2018",
        }
    return {
        "bank": "Đạo đức công vụ",
        "question": "Những hành vi nào bị cấm? (chọn nhiều đáp án)",
        "A": "Gây phiền hà cho người dân",
        "B": "Hướng dẫn thủ tục rõ ràng",
        "C": "Tiết lộ bí mật công tác",
        "answer": "A, C",
        "tags": "hành vi bị cấm",
    }


def plain(text: str) -> str:
    """Our Markdown as the text a person reads in a cell (used in previews)."""
    return "\n".join(unescape_markdown(line) for line in text.split("\n"))
