"""Parsing the body of a question bank: one ``## `` section per question.

The format (``docs/content-format.md``) is plain Markdown a person can read: a heading, the
stem, a task list of options, and bold-labelled fields. The parser is line based so every
problem carries the line it is on. The words of the format are in :mod:`question_format`;
checking a section and making its question, in :mod:`question_build`; a section written the
usual way with nothing to report is read without the line loop by :mod:`question_plain`.
"""

from __future__ import annotations

from collections.abc import Callable

from ethics_trainer.content.model import Question
from ethics_trainer.content.question_build import build_question
from ethics_trainer.content.question_draft import FEEDBACK, TEXT, Draft
from ethics_trainer.content.question_format import (
    FENCES,
    FIELD_RE,
    OPTION_BULLETS,
    OPTION_RE,
    field_name,
)
from ethics_trainer.content.question_plain import plain_question
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr

# Where a section is in the line list: (title, heading line number, first index, end index).
_Section = tuple[str, int, int, int]
_STEM, _OPTIONS, _FIELDS = 0, 1, 2


def _heading_offsets(body: str) -> list[int]:
    """Where each ``## `` heading starts in a body without code fences (almost every bank):
    found by ``str.find``, so no Python code runs per line (a ``^## `` regex in MULTILINE mode
    was tried at every character: about 8% of a cold load)."""
    starts = [0] if body.startswith("## ") else []
    found = body.find("\n## ")
    while found >= 0:
        starts.append(found + 1)  # the heading starts after the newline
        found = body.find("\n## ", found + 1)
    return starts


def _split_sections(lines: list[str], body: str, first_line: int) -> tuple[list[_Section], int]:
    """Cut the body's lines at ``## `` headings outside code fences; also the line of the
    first text before the first heading (0: none)."""
    if "```" in body or "~~~" in body:
        starts = _heading_indexes_fenced(lines)
    else:
        starts = []
        index, last = 0, 0
        for offset in _heading_offsets(body):
            index += body.count("\n", last, offset)
            last = offset
            starts.append(index)
    sections = [
        (lines[i][3:].strip(), first_line + i, i + 1, end)
        for i, end in zip(starts, [*starts[1:], len(lines)], strict=False)
    ]
    return sections, _preamble(lines[: starts[0] if starts else len(lines)], first_line)


def _preamble(lines: list[str], first_line: int) -> int:
    """The line of the first text before the first heading (a ``#`` title is fine); 0: none."""
    for i, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            return first_line + i
    return 0


def _heading_indexes_fenced(lines: list[str]) -> list[int]:
    """Indexes of ``## `` lines that are not inside a code fence."""
    starts: list[int] = []
    in_fence = False
    for index, line in enumerate(lines):
        if ("`" in line or "~" in line) and line.lstrip().startswith(FENCES):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            starts.append(index)
    return starts


def _parse_draft(draft: Draft, lines: list[str], start: int, end: int, fenced: bool) -> None:
    """Sort a section's lines (``lines[start:end]``) into stem, options and fields.

    Each line is classified by its first character before any regex or ``strip`` runs: this
    loop sees every line of every bank. ``fenced``: the body has a code fence somewhere.
    """
    state = _STEM
    stem = draft.stem
    options = draft.options
    fields = draft.fields
    current_field: list[str] | None = None
    in_fence = False
    option_match = OPTION_RE.match
    field_match_re = FIELD_RE.match
    number = draft.line
    for line in lines[start:end]:
        number += 1
        if fenced:
            if line.lstrip().startswith(FENCES):
                in_fence = not in_fence
            if in_fence:
                if state == _STEM:
                    stem.append(line)
                continue
        if not line:  # the commonest line: blank
            if state == _STEM:
                stem.append(line)
            elif state == _FIELDS:
                current_field = None
            continue
        first = line[0]
        if first in OPTION_BULLETS and state != _FIELDS:
            option = option_match(line)
            if option is not None:
                state = _OPTIONS
                box, weight, text = option.groups()
                options.append([number, box in "xX", weight, [text.strip()], []])
                continue
        # A field line starts with ``**`` (also after tabs or other non-space whitespace).
        if first == "*" or (first != " " and first.isspace()):
            if first == "*":  # trailing whitespace goes into the value, stripped below
                found = field_match_re(line)
            else:
                stripped = line.strip()
                found = field_match_re(stripped) if stripped.startswith("**") else None
            if found is not None:
                label, value = found.groups()
                name = field_name(label)
                if name is not None:
                    state = _FIELDS
                    current_field = [value.strip()]
                    fields[name] = (number, current_field)
                    continue
        if state == _STEM:
            stem.append(line)
            continue
        stripped = line.strip()
        if state == _OPTIONS:
            if not stripped:
                continue
            if first == " " or first == "\t":
                target = options[-1]
                if stripped[0] == ">":
                    target[FEEDBACK].append(stripped[1:].strip())
                else:
                    target[TEXT].append(stripped)
            else:
                draft.stray.append(number)
        elif not stripped:  # fields: continuation lines until a blank line
            current_field = None
        elif current_field is not None:
            current_field.append(stripped)
        else:
            draft.stray.append(number)


def parse_questions(
    body: str,
    first_line: int,
    sink: ProblemSink,
    *,
    bank_id: str,
    lesson_id: str,
    course_id: str,
    bank_tags: tuple[str, ...],
) -> list[Question]:
    """The questions of a bank body; each problem goes to ``sink`` with its line, and a
    question with an error is left out.

    Without code fences, each section written the usual way is read by
    :func:`~ethics_trainer.content.question_plain.plain_question`; the line parser reads the
    rest (and every section of a body with fences, where a heading may be code).
    """

    def build(draft: Draft) -> Question | None:
        return build_question(draft, sink, bank_id, lesson_id, course_id, bank_tags)

    if "```" in body or "~~~" in body:
        return _parse_lines(body, first_line, sink, build)
    offsets = _heading_offsets(body)
    preamble = _preamble(body[: offsets[0] if offsets else len(body)].split("\n"), first_line)
    if preamble:
        sink.warning(preamble, tr("content.text_before_first_question"))
    path = sink.rel_path
    questions: list[Question] = []
    line, last = first_line, 0
    for head, end in zip(offsets, [*offsets[1:], len(body)], strict=False):
        line += body.count("\n", last, head)
        last = head
        eol = body.find("\n", head, end)
        if eol < 0:
            eol = end
        title = body[head + 3 : eol].strip()
        question = (
            plain_question(
                body, eol + 1, end, title, line, bank_id, lesson_id, course_id, bank_tags, path
            )
            if eol < end
            else None
        )
        if question is None:  # not the usual shape, or a problem to report: line by line
            text = body[head : end - 1 if end < len(body) else end]  # without the newline
            lines = text.split("\n")
            draft = Draft(title, line)
            _parse_draft(draft, lines, 1, len(lines), False)
            question = build(draft)
        if question is not None:
            questions.append(question)
    return questions


def _parse_lines(
    body: str, first_line: int, sink: ProblemSink, build: Callable[[Draft], Question | None]
) -> list[Question]:
    """:func:`parse_questions` line by line, for a body with code fences."""
    lines = body.split("\n")
    sections, preamble = _split_sections(lines, body, first_line)
    if preamble:
        sink.warning(preamble, tr("content.text_before_first_question"))
    questions: list[Question] = []
    for title, line, start, end in sections:
        draft = Draft(title, line)
        _parse_draft(draft, lines, start, end, True)
        question = build(draft)
        if question is not None:
            questions.append(question)
    return questions
