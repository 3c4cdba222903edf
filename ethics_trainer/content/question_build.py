"""From a question section as written to a :class:`Question`, checked.

Every rule a question must meet (an id, two options, a correct one, weights within
-100%..100%, a kind that fits its options) is checked here, each problem with its line; a
question with an error is left out, one with only warnings is kept.
"""

from __future__ import annotations

from ethics_trainer.content.bulk_build import new_option, new_question
from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.content.question_draft import Draft
from ethics_trainer.content.question_format import ID_RE, KIND_NAMES, TRUE_OR_FALSE, parse_refs
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr


def infer_kind(options: list[Option], correct: int, partial: bool) -> QuestionKind:
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


OPTION_KEYS = tuple(chr(ord("a") + i) for i in range(26))  # then o26, o27, ...


def _option_key(index: int) -> str:
    return OPTION_KEYS[index] if index < 26 else f"o{index}"


def build_question(
    draft: Draft,
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
            new_option(
                OPTION_KEYS[index] if index < 26 else _option_key(index),
                text,
                checked,
                weight,
                ("\n".join(feedback).strip() if len(feedback) > 1 else feedback[0])
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
    kind = infer_kind(options, correct, partial)
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
    return new_question(
        qid,
        draft.title,
        stem,
        tuple(options),
        kind,
        explanation,
        source,
        parse_refs(fields.get("refs", _NO_FIELD)[1]),
        tags,
        fields.get("group", _NO_FIELD)[1].strip(),
        bank_id,
        lesson_id,
        course_id,
        sink.rel_path,
        draft.line,
    )


_NO_FIELD = (0, "")
