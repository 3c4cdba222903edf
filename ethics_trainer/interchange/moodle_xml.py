"""Moodle XML question files: read them into our questions, and write our banks as Moodle XML.

Moodle XML is Moodle's richest exchange format: it carries ids (``<idnumber>``), tags,
categories, per-answer feedback, general feedback and exact fractions, so a bank survives
our app → Moodle → our app. The reader follows ``question/format/xml/format.php``: a
``<question type="category">`` sets the category of the questions after it, ``multichoice``
(``<single>`` true or false) and ``truefalse`` are imported, every other type is reported as
skipped with its line. Files from outside are hostile, so they are parsed with defusedxml
(no entity expansion, no DTD, no external resources).

What Moodle has no field for (our ``Nguồn``/``Căn cứ``) travels in an XML comment before
the question, which Moodle ignores and we read back.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ethics_trainer.content.model import Bank, Option, Question, QuestionKind
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.answer_options import (
    WeightedAnswer,
    choice_options,
    multiple_weights,
    true_false_options,
    true_false_pair,
)
from ethics_trainer.interchange.markup import moodle_to_markdown, short_title
from ethics_trainer.interchange.records import ImportedQuestion, MediaFile, ParseResult, Skipped
from ethics_trainer.interchange.reference_notes import clean_tags, note_lines, read_notes

_QUESTION_TAG_RE = re.compile(r"<question[\s>/]")
_PLUGINFILE = "@@PLUGINFILE@@/"
_LOCAL_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((?![a-z]+:)([^)\s]+)\)")
MAX_IMAGE_BYTES = 20 * 1024 * 1024
_TYPE_NAMES = {
    "shortanswer": "short answer",
    "numerical": "numerical",
    "essay": "essay",
    "matching": "matching",
    "cloze": "cloze",
    "multianswer": "cloze",
    "description": "description",
    "calculated": "calculated",
    "ddwtos": "drag and drop",
    "gapselect": "select missing words",
}


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _rich_text(element: ET.Element | None, default: str, media: list[MediaFile]) -> str:
    """The Markdown of a ``<questiontext>``/``<feedback>``-like element; embedded ``<file>``
    images are collected and their ``@@PLUGINFILE@@`` links pointed at ``media/``."""
    if element is None:
        return ""
    fmt = element.get("format", default)
    raw = _text(element)
    for file in element.findall("file"):
        name = file.get("name", "")
        if not name or file.get("encoding", "base64") != "base64":
            continue
        try:
            data = base64.b64decode((file.text or "").strip(), validate=False)
        except (binascii.Error, ValueError):
            continue
        file_ = MediaFile.of(name, data)
        media.append(file_)
        raw = raw.replace(_PLUGINFILE + name, file_.link)
    return moodle_to_markdown(raw, fmt)


def _question_lines(text: str) -> list[int]:
    """1-based line of each ``<question`` start tag, in file order (ElementTree has none)."""
    lines = []
    for match in _QUESTION_TAG_RE.finditer(text):
        lines.append(text.count("\n", 0, match.start()) + 1)
    return lines


def _parse_tree(text: str, path: str) -> ET.Element:
    parser = DefusedXMLParser(
        target=ET.TreeBuilder(insert_comments=True),
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        raise UserError(tr("interop.xml.forbidden", path=path, detail=type(exc).__name__)) from exc
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise UserError(tr("interop.xml.invalid", path=path, line=line, detail=str(exc))) from exc
    if root.tag != "quiz":
        raise UserError(tr("interop.xml.not_quiz", path=path, tag=str(root.tag)))
    return root


def parse_moodle_xml(text: str, path: str) -> ParseResult:
    """Read a Moodle XML ``<quiz>`` into questions; other question types are skipped."""
    text = text.lstrip("\ufeff")
    root = _parse_tree(text, path)
    lines = iter(_question_lines(text))
    result = ParseResult(path=path)
    category = ""
    bank_tags: tuple[str, ...] | None = None
    pending: list[str] = []
    for child in root:
        tag: object = child.tag  # a str, except for comments: the ET.Comment factory itself
        if tag is ET.Comment:
            pending.append(child.text or "")
            continue
        if child.tag != "question":
            continue
        line = next(lines, 0)
        comments, pending = pending, []
        kind = child.get("type", "")
        if kind == "category":
            category = _text(child.find("category")).strip()
            stated = child.find("tags")  # written by our export; Moodle has none here
            bank_tags = (
                tuple(_text(t).strip() for t in stated.findall("tag") if _text(t).strip())
                if stated is not None
                else None
            )
            continue
        _parse_question(child, kind, (category, bank_tags), comments, line, path, result)
    return result


def _parse_question(
    element: ET.Element,
    kind: str,
    bank: tuple[str, tuple[str, ...] | None],
    comments: list[str],
    line: int,
    path: str,
    result: ParseResult,
) -> None:
    media: list[MediaFile] = []
    title = " ".join(_text(element.find("name")).split())
    stem = _rich_text(element.find("questiontext"), "html", media)
    if not title:
        title = short_title(stem) or "(untitled)"

    def skip(name: str, reason: str = "") -> None:
        result.skipped.append(Skipped(path, line, name, title, reason))

    if kind not in ("multichoice", "truefalse"):
        skip(_TYPE_NAMES.get(kind, kind or "unknown"))
        return
    fmt = element.find("questiontext")
    default = fmt.get("format", "html") if fmt is not None else "html"
    answers: list[WeightedAnswer] = []
    for answer in element.findall("answer"):
        try:
            fraction = float(answer.get("fraction", "0")) / 100.0
        except ValueError:
            fraction = math.nan
        if not math.isfinite(fraction):
            skip("multiple choice", tr("interop.xml.bad_fraction", value=answer.get("fraction")))
            return
        answer_text = _rich_text(answer, answer.get("format", default), media)
        feedback = _rich_text(answer.find("feedback"), default, media)
        answers.append((max(-1.0, min(1.0, fraction)), answer_text, feedback))
    explanation = _rich_text(element.find("generalfeedback"), default, media)
    if kind == "truefalse":
        options = _true_false(answers)
        if options is None:
            skip("true/false", tr("interop.xml.bad_truefalse"))
            return
        question_kind = QuestionKind.TRUE_FALSE
    else:
        single = _text(element, "single").strip().lower() not in ("false", "0")
        answers = [a for a in answers if a[1]]  # Moodle drops empty answers too
        if len(answers) < 2:
            skip("multiple choice", tr("interop.xml.too_few"))
            return
        built = choice_options(answers, single)
        if built is None:
            skip("multiple choice", tr("interop.xml.no_correct"))
            return
        options, question_kind = built
    notes = read_notes(comments)
    tags = [_text(tag).strip() for tag in element.findall("tags/tag")]
    question = Question(
        id=_text(element, "idnumber").strip(),
        title=title,
        stem=stem,
        options=tuple(options),
        kind=question_kind,
        explanation=explanation,
        source=notes.source,
        refs=notes.refs,
        tags=clean_tags(tags),
        group=notes.group,
        path=path,
        line=line,
    )
    category, bank_tags = bank
    result.questions.append(ImportedQuestion(question, category, tuple(media), bank_tags))


def _true_false(answers: list[WeightedAnswer]) -> list[Option] | None:
    """Moodle writes ``true`` and ``false`` answers; the one with fraction 100 is right."""
    by_word: dict[bool, tuple[float, str]] = {}
    for weight, text, feedback in answers:
        word = text.strip().lower().rstrip(".")
        if word in ("true", "đúng"):
            by_word[True] = (weight, feedback)
        elif word in ("false", "sai"):
            by_word[False] = (weight, feedback)
    if set(by_word) != {True, False}:
        return None
    return true_false_options(by_word[True][0] >= 1.0, by_word[True][1], by_word[False][1])


# -- writing -------------------------------------------------------------------------------


def _fraction(weight: float) -> str:
    return f"{weight * 100:.7f}".rstrip("0").rstrip(".") or "0"


def _text_element(parent: ET.Element, tag: str, text: str, fmt: str = "markdown") -> None:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text


def _embed_images(parent: ET.Element, markdown: str, folder: Path | None) -> str:
    """Local images of ``markdown`` packed as ``<file>`` children of ``parent`` (Moodle's
    way), their links pointed at ``@@PLUGINFILE@@``; remote or missing ones left as they are."""
    if folder is None:
        return markdown
    embedded: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        target = (folder / match.group(2)).resolve()
        if not target.is_file() or target.stat().st_size > MAX_IMAGE_BYTES:
            return match.group(0)
        name = target.name
        if name not in embedded:
            embedded.add(name)
            file_ = ET.SubElement(parent, "file", {"name": name, "path": "/", "encoding": "base64"})
            file_.text = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"![{match.group(1)}]({_PLUGINFILE}{name})"

    return _LOCAL_IMAGE_RE.sub(replace, markdown)


def question_element(
    question: Question, own_tags: Sequence[str] = (), folder: Path | None = None
) -> ET.Element:
    """One ``<question>``: texts in Moodle's ``markdown`` format, our id as ``<idnumber>``;
    ``folder`` (the bank file's folder) lets local images travel inside the file."""
    pair = true_false_pair(question)
    element = ET.Element("question", {"type": "multichoice" if pair is None else "truefalse"})
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = question.title
    text = ET.SubElement(element, "questiontext", {"format": "markdown"})
    body = ET.SubElement(text, "text")
    body.text = _embed_images(text, question.stem, folder)
    _text_element(element, "generalfeedback", question.explanation)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    if pair is not None:
        for word, option in zip(("true", "false"), pair, strict=True):
            answer = ET.SubElement(
                element,
                "answer",
                {"fraction": "100" if option.correct else "0", "format": "moodle_auto_format"},
            )
            ET.SubElement(answer, "text").text = word
            _text_element(answer, "feedback", option.feedback)
    else:
        multiple = question.kind is QuestionKind.MULTIPLE
        ET.SubElement(element, "single").text = "false" if multiple else "true"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        weights = multiple_weights(question) if multiple else [o.weight for o in question.options]
        for option, weight in zip(question.options, weights, strict=True):
            answer = ET.SubElement(
                element, "answer", {"fraction": _fraction(weight), "format": "markdown"}
            )
            ET.SubElement(answer, "text").text = option.text
            _text_element(answer, "feedback", option.feedback)
    if own_tags:
        tags = ET.SubElement(element, "tags")
        for tag in own_tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _comment_lines(question: Question) -> list[str]:
    """The notes as XML comment texts (``--`` may not stand inside an XML comment)."""
    return [line.replace("--", "- -") for line in note_lines(question)]


def write_moodle_xml(banks: Sequence[Bank], root: Path | None = None) -> str:
    """A Moodle XML file: one category question per bank, then its questions. ``root`` is
    the content folder the banks' paths are relative to (for their images)."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(" Ethics Trainer export (Moodle XML, texts in Markdown) "))
    for bank in banks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        name = ET.SubElement(category, "category")
        ET.SubElement(name, "text").text = f"$course$/top/{bank.title.replace('/', '//')}"
        ET.SubElement(category, "idnumber").text = bank.id
        tags = ET.SubElement(category, "tags")  # ignored by Moodle, keeps the bank's tags
        for tag in bank.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
        bank_tags = set(bank.tags)
        for question in bank.questions:
            for line in _comment_lines(question):
                quiz.append(ET.Comment(f" {line} "))
            own = [t for t in question.tags if t not in bank_tags]
            folder = (root / bank.path).parent if root is not None else None
            quiz.append(question_element(question, own, folder))
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
