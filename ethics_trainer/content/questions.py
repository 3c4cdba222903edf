"""Parsing the body of a question bank: one ``## `` section per question.

The format (``docs/content-format.md``) is plain Markdown a person can read: a heading, the
stem, a task list of options, and bold-labelled fields. The parser is line based so every
problem carries the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ethics_trainer.content.bulk_build import builder
from ethics_trainer.content.model import Option, Question, QuestionKind, Reference
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
OPTION_RE = re.compile(
    r"^[-*+]\s+\[(?P<box>[ xX])\]\s*(?:\((?P<weight>[+-]?\d+(?:[.,]\d+)?)\s*%\)\s*)?(?P<text>.*)$"
)
FIELD_RE = re.compile(r"^\*\*(?P<label>[^*:]+):\*\*\s*(?P<value>.*)$")
FENCE_RE = re.compile(r"^(```|~~~)")
FENCES = ("```", "~~~")  # FENCE_RE as a prefix test, for the hot loops
OPTION_BULLETS = "-*+"  # the first character OPTION_RE accepts

FIELD_NAMES: dict[str, str] = {
    "mã": "id",
    "id": "id",
    "giải thích": "explanation",
    "explanation": "explanation",
    "nguồn": "source",
    "source": "source",
    "căn cứ": "refs",
    "ref": "refs",
    "refs": "refs",
    "loại": "type",
    "type": "type",
    "thẻ": "tags",
    "tags": "tags",
    "nhóm": "group",
    "group": "group",
}
KIND_NAMES: dict[str, QuestionKind] = {
    "single": QuestionKind.SINGLE,
    "một đáp án": QuestionKind.SINGLE,
    "multiple": QuestionKind.MULTIPLE,
    "nhiều đáp án": QuestionKind.MULTIPLE,
    "true_false": QuestionKind.TRUE_FALSE,
    "đúng sai": QuestionKind.TRUE_FALSE,
    "đúng/sai": QuestionKind.TRUE_FALSE,
    "graded": QuestionKind.GRADED,
    "tình huống": QuestionKind.GRADED,
}
TRUE_WORDS = {"đúng", "true"}
FALSE_WORDS = {"sai", "false"}
TRUE_OR_FALSE = TRUE_WORDS | FALSE_WORDS


# One ``- [ ]`` line as written, with its indented continuation and feedback lines:
# [line, checked, weight (the ``(50%)`` figure as written, or None), text lines, feedback lines].
# A list, not a dataclass: 80,000 of them in a 1,000-lesson load, built in the hottest loop.
_DraftOption = list[Any]
_LINE, _CHECKED, _WEIGHT, _TEXT, _FEEDBACK = range(5)


@dataclass
class _Draft:
    """One ``## `` section: its heading, and the lines below it sorted by :func:`_parse_draft`."""

    title: str
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[_DraftOption] = field(default_factory=list)
    fields: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    stray: list[int] = field(default_factory=list)


# Where a section is in the line list: (title, heading line number, first index, end index).
_Section = tuple[str, int, int, int]
_HEADING_RE = re.compile(r"^## ", re.MULTILINE)
_STEM, _OPTIONS, _FIELDS = 0, 1, 2


def _split_sections(lines: list[str], body: str, first_line: int) -> tuple[list[_Section], int]:
    """Cut the body at ``## `` headings outside code fences; also the line of the first text
    before the first heading (0: none).

    A body without fences (almost every bank) is cut where the headings are found by one
    regex search over the whole text, so no Python code runs per line.
    """
    if "```" in body or "~~~" in body:
        starts = _heading_indexes_fenced(lines)
    else:
        starts = []
        index, last = 0, 0
        for match in _HEADING_RE.finditer(body):
            index += body.count("\n", last, match.start())
            last = match.start()
            starts.append(index)
    sections = [
        (lines[i][3:].strip(), first_line + i, i + 1, end)
        for i, end in zip(starts, [*starts[1:], len(lines)], strict=False)
    ]
    preamble = 0
    for i in range(starts[0] if starts else len(lines)):
        line = lines[i]
        if line.strip() and not line.startswith("#"):
            preamble = first_line + i
            break
    return sections, preamble


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


_LABELS: dict[str, str | None] = {}  # a label as written -> its field name (None: not one)


def _field_name(label: str) -> str | None:
    """``FIELD_NAMES`` of the label as written in ``**Label:**``; a bank repeats a handful of
    labels thousands of times, so each is folded once."""
    try:
        return _LABELS[label]
    except KeyError:
        name = _LABELS[label] = FIELD_NAMES.get(label.strip().lower())
        return name


def _parse_draft(draft: _Draft, lines: list[str], start: int, end: int, fenced: bool) -> None:
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
                name = _field_name(label)
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
                    target[_FEEDBACK].append(stripped[1:].strip())
                else:
                    target[_TEXT].append(stripped)
            else:
                draft.stray.append(number)
        elif not stripped:  # fields: continuation lines until a blank line
            current_field = None
        elif current_field is not None:
            current_field.append(stripped)
        else:
            draft.stray.append(number)


def _infer_kind(options: list[Option], correct: int, partial: bool) -> QuestionKind:
    """The kind the options imply: ``correct`` ticked boxes, ``partial`` a weight in (0, 1)."""
    if partial and correct <= 1:
        return QuestionKind.GRADED
    if correct > 1:
        return QuestionKind.MULTIPLE
    if len(options) == 2:  # only two options can be a true/false pair
        texts = {o.text.strip().lower().rstrip(".") for o in options}
        if texts <= TRUE_OR_FALSE:
            return QuestionKind.TRUE_FALSE
    return QuestionKind.SINGLE


_REF_SPLIT_RE = re.compile(r"[;\n]")


def parse_refs(value: str) -> tuple[Reference, ...]:
    if not value:
        return ()
    refs: list[Reference] = []
    for part in _REF_SPLIT_RE.split(value):
        part = part.strip()
        if not part:
            continue
        doc, _, article = part.partition(" ")
        refs.append(Reference(document=doc.strip(), article=article.strip()))
    return tuple(refs)


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
    question with an error is left out."""
    lines = body.split("\n")
    sections, preamble = _split_sections(lines, body, first_line)
    if preamble:
        sink.warning(preamble, tr("content.text_before_first_question"))
    fenced = "```" in body or "~~~" in body
    questions: list[Question] = []
    for title, line, start, end in sections:
        draft = _Draft(title, line)
        _parse_draft(draft, lines, start, end, fenced)
        question = _build(draft, sink, bank_id, lesson_id, course_id, bank_tags)
        if question is not None:
            questions.append(question)
    return questions


_new_option = builder(Option)
_new_question = builder(Question)
OPTION_KEYS = tuple(chr(ord("a") + i) for i in range(26))  # then o26, o27, ...


def _option_key(index: int) -> str:
    return OPTION_KEYS[index] if index < 26 else f"o{index}"


def _build(
    draft: _Draft,
    sink: ProblemSink,
    bank_id: str,
    lesson_id: str,
    course_id: str,
    bank_tags: tuple[str, ...],
) -> Question | None:
    ok = True
    fields = {
        name: (line, "\n".join(parts).strip() if len(parts) > 1 else parts[0])
        for name, (line, parts) in draft.fields.items()
    }
    if draft.stray:
        sink.warning(draft.stray[0], tr("content.unexpected_text"))
    id_field = fields.get("id")
    qid = id_field[1] if id_field is not None else ""
    if not qid:
        sink.error(draft.line, tr("content.question_no_id", title=draft.title))
        ok = False
    elif not ID_RE.match(qid):
        sink.error(
            fields["id"][0],
            tr("content.invalid_id", kind=tr("content.kind.question"), id=qid),
        )
        ok = False
    if not draft.title:
        sink.error(draft.line, tr("content.question_heading_empty"))
        ok = False
    options: list[Option] = []
    any_correct = False
    correct = 0
    partial = False
    for index, (raw_line, checked, weight_text, raw_text, feedback) in enumerate(draft.options):
        if weight_text is None:
            weight = 1.0 if checked else 0.0
        else:
            weight = float(weight_text.replace(",", ".")) / 100.0
            if weight > 1.0 or weight < -1.0:
                sink.error(raw_line, tr("content.weight_out_of_range", weight=weight_text))
                ok = False
        text = "\n".join(raw_text).strip() if len(raw_text) > 1 else raw_text[0]
        if not text:
            sink.error(raw_line, tr("content.empty_option"))
            ok = False
        if checked:
            any_correct = True
            correct += 1
        elif weight >= 1.0:
            any_correct = True
        if 0 < weight < 1:
            partial = True
        options.append(
            _new_option(
                key=OPTION_KEYS[index] if index < 26 else _option_key(index),
                text=text,
                correct=checked,
                weight=weight,
                feedback=("\n".join(feedback).strip() if len(feedback) > 1 else feedback[0])
                if feedback
                else "",
            )
        )
    if len(options) < 2:
        sink.error(draft.line, tr("content.too_few_options", title=draft.title))
        ok = False
    elif not any_correct:
        sink.error(draft.line, tr("content.no_correct_option", title=draft.title))
        ok = False
    kind = _infer_kind(options, correct, partial)
    if "type" in fields:
        line, value = fields["type"]
        named = KIND_NAMES.get(value.strip().lower())
        if named is None:
            sink.error(line, tr("content.unknown_question_type", type=value))
            ok = False
        else:
            if named in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.GRADED) and (
                correct > 1
            ):
                sink.error(line, tr("content.one_correct_required", type=named.value))
                ok = False
            if named is QuestionKind.TRUE_FALSE and len(options) != 2:
                sink.error(line, tr("content.true_false_two_options"))
                ok = False
            kind = named
    stem = "\n".join(draft.stem).strip() or draft.title
    explanation = fields.get("explanation", _NO_FIELD)[1]
    source = fields.get("source", _NO_FIELD)[1]
    if not explanation:
        sink.warning(draft.line, tr("content.no_explanation", question=qid or draft.title))
    if not source:
        sink.warning(draft.line, tr("content.no_source", question=qid or draft.title))
    tags_field = fields.get("tags")
    tags = (
        bank_tags + tuple(t.strip() for t in tags_field[1].split(",") if t.strip())
        if tags_field is not None
        else bank_tags
    )
    if not ok:
        return None
    return _new_question(
        id=qid,
        title=draft.title,
        stem=stem,
        options=tuple(options),
        kind=kind,
        explanation=explanation,
        source=source,
        refs=parse_refs(fields.get("refs", _NO_FIELD)[1]),
        tags=tags,
        group=fields.get("group", _NO_FIELD)[1].strip(),
        bank_id=bank_id,
        lesson_id=lesson_id,
        course_id=course_id,
        path=sink.rel_path,
        line=draft.line,
    )


_NO_FIELD = (0, "")
