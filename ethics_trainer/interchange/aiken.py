"""Moodle Aiken files: one-line stems, lettered options, ``ANSWER: X``.

The reader follows Moodle's ``qformat_aiken::readquestions``: a line ``A)``/``A.`` is an
option, ``ANSWER:`` closes the question, any other line starts a new one, and lines shorter
than two characters are ignored. Where Moodle prints an error and moves on (too few options,
a question never finished, an option outside a question), we report the same thing with its
line, so nothing disappears unnoticed. Aiken is plain text, so texts are escaped into our
Markdown on the way in and unescaped on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ethics_trainer.content.model import Option, Problem, Question, QuestionKind, Severity
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.markup import escape_markdown, markdown_to_plain, short_title
from ethics_trainer.interchange.records import ImportedQuestion, ParseResult, Skipped
from ethics_trainer.interchange.skipped_line import kind_name

_OPTION_RE = re.compile(r"^[A-Z][).][ \t]?")
_ANSWER_RE = re.compile(r"^ANSWER:")
MAX_OPTIONS = 26


@dataclass
class _Open:
    line: int
    stem: str
    options: list[str] = field(default_factory=list)


def parse_aiken(text: str, path: str) -> ParseResult:
    """Read Aiken text (any line ending, BOM or not) into single-choice questions."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = ParseResult(path=path)
    current: _Open | None = None

    def problem(line: int, message: str) -> None:
        result.problems.append(Problem(path, line, message, Severity.WARNING))

    def skip(question: _Open, reason: str) -> None:
        title = short_title(escape_markdown(question.stem)) or "(untitled)"
        result.skipped.append(Skipped(path, question.line, "invalid", title, reason))

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if len(line) < 2:
            continue
        if _OPTION_RE.match(line):
            if current is None:
                problem(number, tr("delivery.problem.aiken_option_outside"))
                continue
            current.options.append(line[2:].strip())
        elif _ANSWER_RE.match(line):
            if current is None:
                problem(number, tr("delivery.problem.aiken_answer_outside"))
                continue
            letter = line.split(":", 1)[1].strip()[:1]
            index = ord(letter) - ord("A") if letter else -1
            if len(current.options) < 2:
                skip(current, tr("delivery.reason.aiken_two_options", line=number))
            elif not all(current.options):
                skip(current, tr("delivery.reason.aiken_empty_option", line=number))
            elif not 0 <= index < len(current.options):
                empty = tr("delivery.reason.empty")
                skip(
                    current,
                    tr("delivery.reason.aiken_no_option", letter=letter or empty, line=number),
                )
            else:
                result.questions.append(_build(current, index, path))
            current = None
        else:
            if current is not None:
                skip(current, tr("delivery.reason.aiken_answer_missing", line=number))
            current = _Open(number, line)
    if current is not None:
        skip(current, tr("delivery.reason.aiken_answer_missing_at_end"))
    return result


def _build(draft: _Open, answer: int, path: str) -> ImportedQuestion:
    texts = [escape_markdown(o) for o in draft.options]
    options = tuple(
        Option(
            key=chr(ord("a") + i),
            text=text,
            correct=i == answer,
            weight=1.0 if i == answer else 0.0,
        )
        for i, text in enumerate(texts)
    )
    stem = escape_markdown(draft.stem)
    question = Question(
        id="",
        title=short_title(stem) or "(untitled)",
        stem=stem,
        options=options,
        kind=QuestionKind.SINGLE,  # Moodle imports every Aiken question as multichoice
        path=path,
        line=draft.line,
    )
    return ImportedQuestion(question=question)


def aiken_problem(question: Question) -> str:
    """Why a question cannot be written as Aiken, or "" when it can."""
    if question.kind not in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return tr("delivery.reason.aiken_kind", kind=kind_name(question.kind.value))
    if len(question.options) > MAX_OPTIONS:
        return tr("delivery.reason.aiken_too_many", count=MAX_OPTIONS)
    full = [o for o in question.options if o.weight >= 1.0 or o.correct]
    if len(full) != 1 or any(0 < o.weight < 1 for o in question.options):
        return tr("delivery.reason.aiken_one_correct")
    stem = markdown_to_plain(question.stem)
    if len(stem) < 2 or _OPTION_RE.match(stem) or _ANSWER_RE.match(stem):
        return tr("delivery.reason.aiken_stem_like_option")
    return ""


def write_question(question: Question) -> str:
    """One question as Aiken (call :func:`aiken_problem` first)."""
    lines = [markdown_to_plain(question.stem)]
    answer = "A"
    for index, option in enumerate(question.options):
        letter = chr(ord("A") + index)
        lines.append(f"{letter}) {markdown_to_plain(option.text)}")
        if option.correct or option.weight >= 1.0:
            answer = letter
    lines.append(f"ANSWER: {answer}")
    return "\n".join(lines) + "\n"


def write_aiken(questions: Sequence[Question]) -> str:
    """Questions as an Aiken file, one blank line between them."""
    return "\n".join(write_question(q) for q in questions)
