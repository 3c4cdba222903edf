"""Moodle GIFT files: read them into our questions, and write our banks as GIFT.

The reader follows Moodle's own importer (``question/format/gift/format.php``) step by step,
so a file behaves here as it does in Moodle: questions are separated by blank lines, ``//``
lines are comments (``[id:...]`` and ``[tag:...]`` in them are read), the first ``{...}``
holds the answers, and the type is decided the same way. Types our quiz cannot run are
reported as skipped, never dropped. Texts are converted to our Markdown on the way in
(``[html]`` → Markdown, ``[plain]``/``[moodle]`` → escaped text, ``[markdown]`` kept).

The writer marks every text ``[markdown]`` so Moodle renders it as we do, and puts ids and
tags in the ``// [id:...] [tag:...]`` comment Moodle itself exports; the source, the structured
references and the variant group go in ``// Nguồn:``, ``// Căn cứ:`` and ``// Nhóm:`` comments,
which Moodle ignores and this reader takes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ethics_trainer.content.model import Bank, Option, Question, QuestionKind
from ethics_trainer.content.question_format import TRUE_WORDS, parse_refs
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.markup import (
    escape_markdown,
    html_to_markdown,
    looks_like_html,
    short_title,
)
from ethics_trainer.interchange.records import ImportedQuestion, ParseResult, Skipped

TRUE_LABEL = "Đúng"
FALSE_LABEL = "Sai"

# Escaped control characters become private-use placeholders while the question is cut up,
# exactly like Moodle's escapedchar_pre/escapedchar_post.
_ESCAPES = {
    ":": "\ue000",
    "#": "\ue001",
    "=": "\ue002",
    "{": "\ue003",
    "}": "\ue004",
    "~": "\ue005",
}
_NEWLINE = "\ue006"
_BACKSLASH = "\ue007"
_RESTORE = {v: k for k, v in _ESCAPES.items()} | {_NEWLINE: "\n", _BACKSLASH: "\\"}
_RESTORE_RE = re.compile("[\ue000-\ue007]")

_WEIGHT_RE = re.compile(r"^%(-?\d{1,3}(?:\.\d*)?)%")
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]")
_CLOZE_RE = re.compile(r"^\d*:[A-Z_]{2,}:")
_SOURCE_RE = re.compile(r"^//\s*(Nguồn|Source|Căn cứ|Ref|Nhóm|Group):\s*(.*)$", re.IGNORECASE)
_FORMATS = ("moodle", "html", "plain", "markdown")
TF_ANSWERS = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _protect(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\\n", _NEWLINE)


def _restore(text: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group(0)], text)


def _split_format(text: str, default: str) -> tuple[str, str]:
    """``[html]text`` → (``html``, ``text``); an unknown ``[word]`` stays part of the text."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            return text[1:end], text[end + 1 :]
    return default, text


def to_markdown(text: str, fmt: str) -> str:
    """A GIFT text in one of Moodle's formats → our Markdown."""
    text = _restore(text).strip()
    if fmt == "markdown":
        return text
    if fmt == "html":
        return html_to_markdown(text)
    if fmt == "moodle" and looks_like_html(text):
        return html_to_markdown(text.replace("\n", "<br>\n"))
    return escape_markdown(text)


def _parse_text(text: str, default: str) -> tuple[str, str]:
    """(format, Markdown) of a protected GIFT text, as Moodle's parse_text_with_format."""
    fmt, body = _split_format(text.strip(), default)
    return fmt, to_markdown(body, fmt)


def extract_idnumber_and_tags(comment: str) -> tuple[str, list[str]]:
    """``[id:...]`` and ``[tag:...]`` from a question's comment lines (Moodle's rules)."""
    match = _ID_RE.search(comment)
    ident = match.group(1).strip().replace("\\]", "]") if match else ""
    tags = [m.group(1).strip().replace("\\]", "]") for m in _TAG_RE.finditer(comment)]
    return ident, tags


@dataclass
class _Block:
    line: int  # first non-comment line, 1-based
    lines: list[str]
    comments: list[str]


def _blocks(text: str) -> Iterable[_Block]:
    """Cut the file at blank lines, as Moodle's readquestions does."""
    lines: list[str] = []
    comments: list[str] = []
    first = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            if lines or comments:
                yield _Block(first, lines, comments)
            lines, comments, first = [], [], 0
            continue
        if line.startswith("//"):
            comments.append(line)
            continue
        if not first:
            first = number
        lines.append(line)
    if lines or comments:
        yield _Block(first, lines, comments)


def parse_gift(text: str, path: str) -> ParseResult:
    """Read GIFT text (any line ending, BOM or not) into questions and skipped questions."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = ParseResult(path=path)
    category = ""
    for block in _blocks(text):
        if not block.lines:
            continue  # only comments
        body = _protect("\n".join(block.lines))
        if body.startswith("$CATEGORY:"):
            first, _, rest = body.partition("\n")
            category = _restore(first[len("$CATEGORY:") :]).strip()
            if not rest.strip():
                continue
            body = rest.strip()
            block.line += 1
        _parse_question(body, block, category, path, result)
    return result


def _parse_question(
    body: str, block: _Block, category: str, path: str, result: ParseResult
) -> None:
    title = ""
    if body.startswith("::"):
        end = body.find("::", 2)
        if end >= 0:
            title = " ".join(_restore(body[2:end]).split())
            body = body[end + 2 :].strip()
        else:
            body = body[2:]
    start, finish = body.find("{"), body.find("}")

    def skip(kind: str, stem: str, reason: str = "") -> None:
        name = title or short_title(_parse_text(stem, "moodle")[1])
        result.skipped.append(Skipped(path, block.line, kind, name or "(untitled)", reason))

    if start < 0 and finish < 0:
        skip("description", body)
        return
    if start < 0 or finish < 0 or finish < start:
        skip("invalid", body, tr("delivery.reason.gift_unmatched"))
        return
    answers = body[start + 1 : finish].strip()
    trailing = body[finish + 1 :].strip()
    if body.endswith("}"):
        stem_text = body[:start] + body[finish + 1 :]
    else:  # missing word: the answers stand in the sentence
        stem_text = body[:start] + "_____" + body[finish + 1 :]
    general = ""
    separator = answers.rfind("####")
    if separator >= 0:
        general = answers[separator + 4 :]
        answers = answers[:separator].strip()
    fmt, stem = _parse_text(stem_text, "moodle")
    _, explanation = _parse_text(general, fmt) if general.strip() else (fmt, "")

    if _CLOZE_RE.match(answers):
        skip("cloze", stem_text)
        return
    if not answers:
        skip("essay", stem_text)
        return
    if answers.startswith("#"):
        skip("numerical", stem_text)
        return
    if "~" in answers:
        options, kind, reason = _choice_options(answers, fmt)
    elif "=" in answers and "->" in answers:
        skip("matching", stem_text)
        return
    else:
        head = answers.split("#", 1)[0].strip() if answers.find("#") > 0 else answers
        if head not in TF_ANSWERS:
            skip("missing word" if trailing else "short answer", stem_text)
            return
        options, kind, reason = _true_false_options(answers, fmt)
    if reason:
        skip("multiple choice", stem_text, reason)
        return
    ident, tags = extract_idnumber_and_tags("\n".join(block.comments))
    source, refs, group = "", "", ""
    for comment in block.comments:
        match = _SOURCE_RE.match(comment)
        if match and match.group(1).lower() in ("nguồn", "source"):
            source = match.group(2).strip()
        elif match and match.group(1).lower() in ("nhóm", "group"):
            group = match.group(2).strip()
        elif match:
            refs = match.group(2).strip()
    if not title:
        title = short_title(stem) or "(untitled)"
    question = Question(
        id=ident,
        title=title,
        stem=stem,
        options=tuple(options),
        kind=kind,
        explanation=explanation,
        source=source,
        refs=parse_refs(refs),
        tags=tuple(t.replace(",", " ").strip() for t in tags if t.strip()),
        group=group,
        path=path,
        line=block.line,
    )
    result.questions.append(ImportedQuestion(question=question, category=category))


def _key(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"o{index}"


def _split_feedback(text: str, fmt: str) -> tuple[str, str]:
    """``answer#feedback``; both default to the question's format (Moodle's commentparser)."""
    answer, separator, feedback = text.partition("#")
    return _parse_text(answer, fmt)[1], _parse_text(feedback, fmt)[1] if separator else ""


def _choice_options(answers: str, fmt: str) -> tuple[list[Option], QuestionKind, str]:
    """Multiple choice: ``=`` right, ``~`` wrong, ``~%50%`` weighted, ``#`` feedback."""
    single = "=" in answers
    parts = answers.replace("=", "~=").split("~")
    if parts and not parts[0].strip():
        parts = parts[1:]
    raw: list[tuple[float, str, str]] = []
    for part in parts:
        part = part.strip()
        weight = 0.0
        if part.startswith("="):
            weight = 1.0
            part = part[1:].strip()
        match = _WEIGHT_RE.match(part)
        if match:
            weight = max(-1.0, min(1.0, float(match.group(1)) / 100.0))
            part = part[match.end() :]
        text, feedback = _split_feedback(part, fmt)
        if not text:
            continue  # Moodle drops empty answers too
        raw.append((weight, text, feedback))
    if len(raw) < 2:
        return [], QuestionKind.SINGLE, tr("delivery.reason.gift_two_answers")
    options: list[Option] = []
    if single:
        ticked = False
        for index, (weight, text, feedback) in enumerate(raw):
            correct = weight >= 1.0 and not ticked
            ticked = ticked or correct
            options.append(Option(_key(index), text, correct, weight, feedback))
        if not ticked:
            return [], QuestionKind.SINGLE, tr("delivery.reason.gift_no_correct")
        partial = any(0 < o.weight < 1 for o in options)
        return options, QuestionKind.GRADED if partial else QuestionKind.SINGLE, ""
    for index, (weight, text, feedback) in enumerate(raw):
        options.append(Option(_key(index), text, weight > 0, weight, feedback))
    if not any(o.correct for o in options):
        return [], QuestionKind.MULTIPLE, tr("delivery.reason.gift_no_positive")
    return options, QuestionKind.MULTIPLE, ""


def _true_false_options(answers: str, fmt: str) -> tuple[list[Option], QuestionKind, str]:
    """``{TRUE#wrong feedback#right feedback}``: Moodle's split_truefalse_comment."""
    bits = answers.split("#", 2)
    truth = TF_ANSWERS[_restore(bits[0]).strip()]
    wrong = _parse_text(bits[1], fmt)[1] if len(bits) > 1 else ""
    right = _parse_text(bits[2], fmt)[1] if len(bits) > 2 else ""
    options = [
        Option("a", TRUE_LABEL, truth, 1.0 if truth else 0.0, right if truth else wrong),
        Option("b", FALSE_LABEL, not truth, 0.0 if truth else 1.0, wrong if truth else right),
    ]
    return options, QuestionKind.TRUE_FALSE, ""


# -- writing -------------------------------------------------------------------------------


def escape_gift(text: str) -> str:
    """Moodle's repchar: escape the control characters, newlines as ``\\n``."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _percent(weight: float) -> str:
    return f"{weight * 100:.6f}".rstrip("0").rstrip(".")


def _is_true_false(question: Question) -> bool:
    if question.kind is not QuestionKind.TRUE_FALSE or len(question.options) != 2:
        return False
    words = [o.text.strip().lower().rstrip(".") for o in question.options]
    return sum(w in TRUE_WORDS for w in words) == 1


def _multiple_weights(question: Question) -> list[float]:
    """Moodle fractions for a multiple-response question.

    Weights written in the bank (as imported from GIFT) go out unchanged, so a GIFT file
    survives import → export. A plain ``[x]``/``[ ]`` question gets the fractions of our
    scoring (docs/content-format.md): 1/k per correct option, -1/k per wrong one.
    """
    options = question.options
    correct = [o for o in options if o.correct]
    if all(o.weight in (0.0, 1.0) for o in options) and all(o.weight == 1.0 for o in correct):
        share = 1.0 / max(len(correct), 1)
        return [share if o.correct else -share for o in options]
    total = sum(max(o.weight, 0.0) for o in correct) or 1.0
    scale = 1.0 if abs(total - 1.0) < 1e-6 else 1.0 / total
    return [max(o.weight, 0.0) * scale if o.correct else o.weight for o in options]


def write_question(question: Question, own_tags: Sequence[str] = ()) -> str:
    """One question in GIFT, texts marked ``[markdown]``, id and tags in a comment."""
    lines = []
    marks = [f"[id:{question.id}]"] + [f"[tag:{t.replace(']', chr(92) + ']')}]" for t in own_tags]
    lines.append("// " + " ".join(marks))
    if question.source:
        lines.append("// Nguồn: " + " ".join(question.source.split()))
    if question.refs:
        refs = "; ".join(f"{r.document} {r.article}".strip() for r in question.refs)
        lines.append("// Căn cứ: " + refs)
    if question.group:
        # variants of one fact: a draw takes at most one of them (Moodle keeps it as a comment)
        lines.append("// Nhóm: " + " ".join(question.group.split()))
    head = f"::{escape_gift(question.title)}::[markdown]{escape_gift(question.stem)}"
    general = f"####{escape_gift(question.explanation)}" if question.explanation else ""
    if _is_true_false(question):
        true_option = next(
            o for o in question.options if o.text.strip().lower().rstrip(".") in TRUE_WORDS
        )
        false_option = next(o for o in question.options if o is not true_option)
        truth = true_option.correct
        right = (true_option if truth else false_option).feedback
        wrong = (false_option if truth else true_option).feedback
        answer = "TRUE" if truth else "FALSE"
        if wrong:
            answer += "#" + escape_gift(wrong)
        elif right:
            answer += "#"
        if right:
            answer += "#" + escape_gift(right)
        lines.append(f"{head}{{{answer}{general}}}")
        return "\n".join(lines) + "\n"
    lines.append(head + "{")
    if question.kind is QuestionKind.MULTIPLE:
        for option, weight in zip(question.options, _multiple_weights(question), strict=True):
            lines.append(f"\t~%{_percent(weight)}%{_answer_text(option)}")
    else:
        for option in question.options:
            if option.weight >= 1.0:
                prefix = "="
            elif option.weight == 0:
                prefix = "~"
            else:
                prefix = f"~%{_percent(option.weight)}%"
            lines.append(f"\t{prefix}{_answer_text(option)}")
    if general:
        lines.append(f"\t{general}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _answer_text(option: Option) -> str:
    text = escape_gift(option.text)
    return f"{text}#{escape_gift(option.feedback)}" if option.feedback else text


def write_gift(banks: Sequence[Bank]) -> str:
    """A GIFT file with one ``$CATEGORY`` per bank."""
    out = ["// Ethics Trainer export (GIFT, texts in Markdown)", ""]
    for bank in banks:
        out.append(f"$CATEGORY: $course$/top/{bank.title.replace('/', '//')}")
        out.append("")
        bank_tags = set(bank.tags)
        for question in bank.questions:
            own = [t for t in question.tags if t not in bank_tags]
            out.append(write_question(question, own))
    return "\n".join(out)
