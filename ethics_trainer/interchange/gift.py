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
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.answer_options import (
    WeightedAnswer,
    choice_options,
    multiple_weights,
    true_false_options,
    true_false_pair,
)
from ethics_trainer.interchange.markup import moodle_to_markdown, short_title
from ethics_trainer.interchange.records import ImportedQuestion, ParseResult, Skipped
from ethics_trainer.interchange.reference_notes import clean_tags, note_lines, read_notes

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
_FORMATS = ("moodle", "html", "plain", "markdown")
# GIFT's names for two of Moodle's text formats
_MOODLE_FORMAT_NAMES = {"moodle": "moodle_auto_format", "plain": "plain_text"}
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
    return moodle_to_markdown(_restore(text), _MOODLE_FORMAT_NAMES.get(fmt, fmt))


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
    notes = read_notes(comment[2:] for comment in block.comments)
    if not title:
        title = short_title(stem) or "(untitled)"
    question = Question(
        id=ident,
        title=title,
        stem=stem,
        options=tuple(options),
        kind=kind,
        explanation=explanation,
        source=notes.source,
        refs=notes.refs,
        tags=clean_tags(tags),
        group=notes.group,
        path=path,
        line=block.line,
    )
    result.questions.append(ImportedQuestion(question=question, category=category))


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
    raw: list[WeightedAnswer] = []
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
    built = choice_options(raw, single)
    if built is not None:
        return built[0], built[1], ""
    if single:
        return [], QuestionKind.SINGLE, tr("delivery.reason.gift_no_correct")
    return [], QuestionKind.MULTIPLE, tr("delivery.reason.gift_no_positive")


def _true_false_options(answers: str, fmt: str) -> tuple[list[Option], QuestionKind, str]:
    """``{TRUE#wrong feedback#right feedback}``: Moodle's split_truefalse_comment."""
    bits = answers.split("#", 2)
    truth = TF_ANSWERS[_restore(bits[0]).strip()]
    wrong = _parse_text(bits[1], fmt)[1] if len(bits) > 1 else ""
    right = _parse_text(bits[2], fmt)[1] if len(bits) > 2 else ""
    options = true_false_options(truth, right if truth else wrong, wrong if truth else right)
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


def write_question(question: Question, own_tags: Sequence[str] = ()) -> str:
    """One question in GIFT, texts marked ``[markdown]``, id and tags in a comment."""
    lines = []
    marks = [f"[id:{question.id}]"] + [f"[tag:{t.replace(']', chr(92) + ']')}]" for t in own_tags]
    lines.append("// " + " ".join(marks))
    lines.extend("// " + line for line in note_lines(question))
    head = f"::{escape_gift(question.title)}::[markdown]{escape_gift(question.stem)}"
    general = f"####{escape_gift(question.explanation)}" if question.explanation else ""
    pair = true_false_pair(question)
    if pair is not None:
        true_option, false_option = pair
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
        for option, weight in zip(question.options, multiple_weights(question), strict=True):
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
