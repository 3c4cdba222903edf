"""The fast path for a question section written the usual way, with nothing to report (issue #17).

Almost every section of a bank has one shape: a stem of ordinary lines, a task list of options
(some with indented feedback or text lines), then bold-labelled fields, some running on to
the next lines, with blank lines between. :func:`plain_question` recognises exactly that
shape with one regex over the section's text, takes options and fields with two more, and
builds the question without the per-line loop of :mod:`questions` (half of a cold load).
Anything else gives None: a line the line parser could read another way (an indented field,
a tab, a list in the stem...), an unknown label, and any problem at all, even a warning. The
line parser and :mod:`question_build` then read the section, so every message and line
number still comes from them. ``tests/perf_correctness/test_question_parser.py`` checks that
whatever this path builds is what they build, with no problem reported.
"""

from __future__ import annotations

import re

from ethics_trainer.content.bulk_build import new_option, new_question
from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.content.question_build import OPTION_KEYS, infer_kind
from ethics_trainer.content.question_format import ID_RE, KIND_NAMES, field_name, parse_refs

# Line by line, what the line parser reads the same way whatever comes before or after
# (``[^\S\n]`` is ``\s`` within one line; every line ends with its newline):
_SECTION_RE = re.compile(
    # the stem: blank lines, and lines starting with neither a bullet nor whitespace
    r"(?:(?:[^-*+\s][^\n]*)?\n)*"
    # options: ``- [x] text`` lines (OPTION_RE), each with blank or space-indented lines
    r"(?P<options>(?:[-*+][^\S\n]+\[[ xX]\][^\n]*\n(?:(?: [^\n]*)?\n)*)+)"
    # fields: ``**Label:** value`` lines, each with the lines it runs on to, then blank lines
    r"(?P<fields>(?:\*\*[^*:\n]+:\*\*[^\n]*\n(?:[^\s*][^\n]*\n)*\n*)*)"
)
# OPTION_RE within one line, with the option's indented lines: box, weight, text, the rest.
_OPTION_RE = re.compile(
    r"[-*+][^\S\n]+\[([ xX])\][^\S\n]*(?:\(([+-]?\d+(?:[.,]\d+)?)[^\S\n]*%\)[^\S\n]*)?"
    r"([^\n]*)\n((?:(?: [^\n]*)?\n)*)"
)
# FIELD_RE within one line, with the lines the value runs on to: label, value, the rest.
_FIELD_RE = re.compile(r"\*\*([^*:\n]+):\*\*[^\S\n]*([^\n]*)\n((?:[^\s*][^\n]*\n)*)")
_ONE_CORRECT = (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.GRADED)


def _joined(first: str, more: str) -> str:
    """A value as the line parser makes it: its lines stripped, joined, stripped."""
    parts = [first.strip()]
    parts += [s for s in (line.strip() for line in more.split("\n")) if s]
    return "\n".join(parts).strip() if len(parts) > 1 else parts[0]


def _option(index: int, checked: bool, weight_text: str, text: str, more: str) -> Option | None:
    """An option with a weight or indented lines, or None when it has a problem (the line
    path words it)."""
    if weight_text:
        weight = float(weight_text.replace(",", ".")) / 100.0
        if weight > 1.0 or weight < -1.0:
            return None
    else:
        weight = 1.0 if checked else 0.0
    feedback = ""
    if more.strip():  # indented lines: ``> feedback`` or more of the text
        texts = [text.strip()]
        notes: list[str] = []
        for line in more.split("\n"):
            stripped = line.strip()
            if stripped:
                if stripped[0] == ">":
                    notes.append(stripped[1:].strip())
                else:
                    texts.append(stripped)
        text = "\n".join(texts).strip() if len(texts) > 1 else texts[0]
        if notes:
            feedback = "\n".join(notes).strip() if len(notes) > 1 else notes[0]
    else:
        text = text.strip()
    if not text:
        return None
    return new_option(OPTION_KEYS[index], text, checked, weight, feedback)


def plain_question(
    body: str,
    start: int,
    end: int,
    title: str,
    line: int,
    bank_id: str,
    lesson_id: str,
    course_id: str,
    bank_tags: tuple[str, ...],
    path: str,
) -> Question | None:
    """The question in ``body[start:end]`` (the lines under its heading, each ending with a
    newline), or None when the line parser must read it."""
    match = _SECTION_RE.fullmatch(body, start, end)
    if match is None or not title:
        return None
    fields: dict[str, str] = {}
    for label, value, more in _FIELD_RE.findall(body, *match.span("fields")):
        name = field_name(label)
        if name is None:
            return None
        fields[name] = _joined(value, more) if more else value.strip()
    qid = fields.get("id", "")
    explanation = fields.get("explanation", "")
    source = fields.get("source", "")
    if not qid or not ID_RE.match(qid) or not explanation or not source:
        return None
    found = _OPTION_RE.findall(body, *match.span("options"))
    if len(found) < 2 or len(found) > len(OPTION_KEYS):
        return None
    options: list[Option] = []
    correct = 0
    full = partial = False  # an unticked option worth 100%; a weight in (0, 1)
    for index, (box, weight_text, text, more) in enumerate(found):
        checked = box != " "
        if checked:
            correct += 1
        if weight_text or more.strip():
            option = _option(index, checked, weight_text, text, more)
            if option is None:
                return None
            weight = option.weight
            full = full or weight >= 1.0
            partial = partial or 0 < weight < 1
        else:  # most options: ``- [ ] text`` alone (no Python call for it but the record's)
            text = text.strip()
            if not text:
                return None
            option = new_option(OPTION_KEYS[index], text, checked, 1.0 if checked else 0.0, "")
        options.append(option)
    if not correct and not full:
        return None
    kind = infer_kind(options, correct, partial)
    if "type" in fields:
        named = KIND_NAMES.get(fields["type"].strip().lower())
        if named is None or (named in _ONE_CORRECT and correct > 1):
            return None
        if named is QuestionKind.TRUE_FALSE and len(options) != 2:
            return None
        kind = named
    tags = fields.get("tags")
    return new_question(
        qid,
        title,
        body[start : match.start("options")].strip() or title,
        tuple(options),
        kind,
        explanation,
        source,
        parse_refs(fields.get("refs", "")),
        bank_tags + tuple(t.strip() for t in tags.split(",") if t.strip())
        if tags is not None
        else bank_tags,
        fields.get("group", "").strip(),
        bank_id,
        lesson_id,
        course_id,
        path,
        line,
    )
