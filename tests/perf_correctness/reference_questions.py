"""The question parser as it was before the issue #17 speed-up, kept unchanged as the oracle.

``test_question_parser.py`` checks that ``ethics_trainer.content.questions`` gives exactly
the same questions and problems as this code for every input. Original docstring:

Parsing the body of a question bank: one ``## `` section per question.

The format (``docs/content-format.md``) is plain Markdown a person can read: a heading, the
stem, a task list of options, and bold-labelled fields. The parser is line based so every
problem carries the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass
class _DraftOption:
    """One ``- [ ]`` line as written, with its indented continuation and feedback lines."""

    line: int
    checked: bool
    weight: str | None  # the ``(50%)`` figure as written, or None
    text: list[str]
    feedback: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    title: str
    line: int
    stem: list[str] = field(default_factory=list)  # filled by _parse_draft
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    options: list[_DraftOption] = field(default_factory=list)
    fields: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    stray: list[int] = field(default_factory=list)


def _split_sections(body: str, first_line: int) -> tuple[list[_Draft], list[int]]:
    """Cut the body at ``## `` headings outside code fences."""
    drafts: list[_Draft] = []
    preamble_lines: list[int] = []
    in_fence = False
    current: _Draft | None = None
    number = first_line - 1
    for line in body.split("\n"):
        number += 1
        # Cheap prefix tests first: this loop sees every line of every bank.
        if ("`" in line or "~" in line) and line.lstrip().startswith(FENCES):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            current = _Draft(title=line[3:].strip(), line=number)
            drafts.append(current)
            continue
        if current is None:
            if line.strip() and not line.startswith("#"):
                preamble_lines.append(number)
            continue
        current.lines.append((number, line))
    return drafts, preamble_lines


def _parse_draft(draft: _Draft) -> None:
    """Sort a section's lines into stem, options and fields."""
    state = "stem"
    stem: list[str] = []
    current_field: str | None = None
    in_fence = False
    option_match = OPTION_RE.match
    field_match_re = FIELD_RE.match
    for number, line in draft.lines:
        stripped = line.strip()
        if stripped.startswith(FENCES):
            in_fence = not in_fence
        if in_fence:
            if state == "stem":
                stem.append(line)
            continue
        first = line[:1]
        option = option_match(line) if first in OPTION_BULLETS and first else None
        field_match = (
            field_match_re(stripped) if first != " " and stripped.startswith("**") else None
        )
        if option and state in ("stem", "options"):
            state = "options"
            draft.options.append(
                _DraftOption(
                    line=number,
                    checked=option.group("box") in "xX",
                    weight=option.group("weight"),
                    text=[option.group("text").strip()],
                )
            )
            continue
        if field_match and field_match.group("label").strip().lower() in FIELD_NAMES:
            state = "fields"
            name = FIELD_NAMES[field_match.group("label").strip().lower()]
            current_field = name
            draft.fields[name] = (number, [field_match.group("value").strip()])
            continue
        if state == "stem":
            stem.append(line)
        elif state == "options":
            if not stripped:
                continue
            target = draft.options[-1]
            if line.startswith((" ", "\t")):
                if stripped.startswith(">"):
                    target.feedback.append(stripped[1:].strip())
                else:
                    target.text.append(stripped)
            else:
                draft.stray.append(number)
        else:  # fields: continuation lines until a blank line
            if not stripped:
                current_field = None
            elif current_field is not None:
                draft.fields[current_field][1].append(stripped)
            else:
                draft.stray.append(number)
    draft.stem = stem


def _infer_kind(options: list[Option]) -> QuestionKind:
    correct = [o for o in options if o.correct]
    if any(0 < o.weight < 1 for o in options) and len(correct) <= 1:
        return QuestionKind.GRADED
    if len(correct) > 1:
        return QuestionKind.MULTIPLE
    if len(options) == 2:  # only two options can be a true/false pair
        texts = {o.text.strip().lower().rstrip(".") for o in options}
        if texts and texts <= TRUE_WORDS | FALSE_WORDS:
            return QuestionKind.TRUE_FALSE
    return QuestionKind.SINGLE


def parse_refs(value: str) -> tuple[Reference, ...]:
    refs: list[Reference] = []
    for part in re.split(r"[;\n]", value):
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
    drafts, preamble = _split_sections(body, first_line)
    for number in preamble[:1]:
        sink.warning(number, tr("content.text_before_first_question"))
    questions: list[Question] = []
    for draft in drafts:
        _parse_draft(draft)
        question = _build(draft, sink, bank_id, lesson_id, course_id, bank_tags)
        if question is not None:
            questions.append(question)
    return questions


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
        name: (line, "\n".join(parts).strip()) for name, (line, parts) in draft.fields.items()
    }
    for number in draft.stray[:1]:
        sink.warning(number, tr("content.unexpected_text"))
    qid = fields.get("id", (draft.line, ""))[1]
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
    for index, raw in enumerate(draft.options):
        weight_text = raw.weight
        checked = raw.checked
        if weight_text is None:
            weight = 1.0 if checked else 0.0
        else:
            weight = float(weight_text.replace(",", ".")) / 100.0
            if weight > 1.0 or weight < -1.0:
                sink.error(
                    raw.line,
                    tr("content.weight_out_of_range", weight=weight_text),
                )
                ok = False
        text = "\n".join(raw.text).strip()
        if not text:
            sink.error(raw.line, tr("content.empty_option"))
            ok = False
        options.append(
            Option(
                key=chr(ord("a") + index) if index < 26 else f"o{index}",
                text=text,
                correct=checked,
                weight=weight,
                feedback="\n".join(raw.feedback).strip(),
            )
        )
    if len(options) < 2:
        sink.error(draft.line, tr("content.too_few_options", title=draft.title))
        ok = False
    elif not any(o.correct or o.weight >= 1.0 for o in options):
        sink.error(draft.line, tr("content.no_correct_option", title=draft.title))
        ok = False
    kind = _infer_kind(options)
    if "type" in fields:
        line, value = fields["type"]
        named = KIND_NAMES.get(value.strip().lower())
        if named is None:
            sink.error(line, tr("content.unknown_question_type", type=value))
            ok = False
        else:
            if named in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.GRADED) and (
                sum(o.correct for o in options) > 1
            ):
                sink.error(line, tr("content.one_correct_required", type=named.value))
                ok = False
            if named is QuestionKind.TRUE_FALSE and len(options) != 2:
                sink.error(line, tr("content.true_false_two_options"))
                ok = False
            kind = named
    stem = "\n".join(draft.stem).strip()
    if not stem:
        stem = draft.title
    explanation = fields.get("explanation", (0, ""))[1]
    source = fields.get("source", (0, ""))[1]
    if not explanation:
        sink.warning(draft.line, tr("content.no_explanation", question=qid or draft.title))
    if not source:
        sink.warning(draft.line, tr("content.no_source", question=qid or draft.title))
    tags = bank_tags + tuple(
        t.strip() for t in fields.get("tags", (0, ""))[1].split(",") if t.strip()
    )
    if not ok:
        return None
    return Question(
        id=qid,
        title=draft.title,
        stem=stem,
        options=tuple(options),
        kind=kind,
        explanation=explanation,
        source=source,
        refs=parse_refs(fields.get("refs", (0, ""))[1]),
        tags=tags,
        group=fields.get("group", (0, ""))[1].strip(),
        bank_id=bank_id,
        lesson_id=lesson_id,
        course_id=course_id,
        path=sink.rel_path,
        line=draft.line,
    )
