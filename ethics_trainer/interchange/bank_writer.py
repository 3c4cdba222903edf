"""Writing imported questions as our Markdown question banks (docs/content-format.md).

The output must load with ``load_library`` without errors, so this module knows where the
line-based bank parser could misread text (a stem line that looks like an option or a
``**Mã:**`` field, a ``## `` heading that would start a new question, an unclosed code
fence, an option starting with ``(50%)``) and escapes exactly those spots.

Ids are stable: re-importing the same file gives the same ids (``[id:...]`` when the file
has one, otherwise bank slug + title slug, with a counter only on a clash), and the banks it
wrote last time are replaced rather than duplicated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.content.question_format import FENCE_RE, FIELD_NAMES, FIELD_RE, ID_RE, OPTION_RE
from ethics_trainer.content.text import ContentFileError, read_text, split_front_matter
from ethics_trainer.errors import UserError
from ethics_trainer.fileio.safe_write import write_bytes, write_text
from ethics_trainer.interchange.markup import slugify
from ethics_trainer.interchange.records import (
    MEDIA_DIR,
    ImportedQuestion,
    MediaFile,
    ParseResult,
)

COURSE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEFAULT_COURSE_ID = "cau-hoi-nhap"
DEFAULT_COURSE_TITLE = "Câu hỏi nhập từ Moodle"
_WEIGHT_START_RE = re.compile(r"^\(\s*[+-]?\d+(?:[.,]\d+)?\s*%\)")
_CATEGORY_PREFIX_RE = re.compile(r"^\$[a-z0-9]*\$/")
_GENERATED = "Nhập từ "  # bank description marking a file this importer wrote


@dataclass
class BankPlan:
    """One bank file to write."""

    id: str
    title: str
    tags: tuple[str, ...]
    source: str  # the imported file's name, recorded in the bank's description
    path: Path
    questions: list[Question] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)


@dataclass
class WriteReport:
    content_root: Path
    course_dir: Path
    course_created: bool
    banks: list[BankPlan]

    @property
    def question_count(self) -> int:
        return sum(len(b.questions) for b in self.banks)


# -- naming ----------------------------------------------------------------------------------


def category_title(category: str) -> str:
    """``$course$/top/Unit 1//2`` → ``Unit 1/2``: Moodle's context prefix and ``top`` dropped."""
    name = _CATEGORY_PREFIX_RE.sub("", category.strip())
    parts = [p.strip() for p in name.replace("//", "\x00").split("/")]
    if parts and parts[0].lower() == "top" and len(parts) > 1:
        parts = parts[1:]
    return " / ".join(p.replace("\x00", "/") for p in parts if p)


def source_stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".txt", ".gift", ".aiken", ".xml", ".docx", ".xlsx"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    for suffix in (".gift", ".aiken"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or "import"


class _Ids:
    """Ids already used in the content folder, so new ones never clash."""

    def __init__(self, used: Iterable[str]) -> None:
        self.used = set(used)

    def claim(self, wanted: str, fallback: str) -> str:
        base = wanted if ID_RE.match(wanted) else fallback
        candidate, counter = base, 2
        while candidate in self.used:
            candidate = f"{base}-{counter}"
            counter += 1
        self.used.add(candidate)
        return candidate


def _clean_id(text: str) -> str:
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip())
    return re.sub(r"^[^A-Za-z0-9]+", "", text)[:64].rstrip("-.")


# -- Markdown rendering ----------------------------------------------------------------------


def _guard_line(line: str) -> str:
    """Escape a non-indented line the bank parser would take for structure."""
    if line.startswith("## ") or line == "##":
        return "#" + line  # a heading, but not a new question
    if OPTION_RE.match(line):
        return "\\" + line
    match = FIELD_RE.match(line.strip()) if not line.startswith(" ") else None
    if match and match.group("label").strip().lower() in FIELD_NAMES:
        return "\\" + line
    return line


def _block_lines(text: str, *, keep_fences: bool) -> list[str]:
    lines = text.strip("\n").split("\n")
    fences = sum(1 for line in lines if FENCE_RE.match(line.strip()))
    out = []
    in_fence = False
    for line in lines:
        if FENCE_RE.match(line.strip()):
            if keep_fences and fences % 2 == 0:
                in_fence = not in_fence
                out.append(line)
            else:
                out.append("\\" + line.strip())
            continue
        out.append(line if in_fence else _guard_line(line))
    return out


def _flow_lines(text: str) -> list[str]:
    """Non-blank, stripped lines, with fence-like and quote-like starts escaped."""
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if FENCE_RE.match(line) or line.startswith(">"):
            line = "\\" + line
        out.append(_guard_line(line))
    return out


def _percent(weight: float) -> str:
    return f"{weight * 100:.6f}".rstrip("0").rstrip(".")


def _option_lines(option: Option, ticked: bool) -> list[str]:
    box = "[x]" if ticked else "[ ]"
    default = 1.0 if ticked else 0.0
    weight = "" if option.weight == default else f"({_percent(option.weight)}%) "
    lines = _flow_lines(option.text) or ["\\-"]
    first = lines[0]
    if _WEIGHT_START_RE.match(first):
        first = "\\" + first
    out = [f"- {box} {weight}{first}"]
    out.extend(f"  {line}" for line in lines[1:])
    out.extend(f"  > {line}" for line in _flow_lines(option.feedback))
    return out


def _field(label: str, value: str) -> list[str]:
    lines = _flow_lines(value)
    if not lines:
        return []
    return [f"**{label}:** {lines[0]}", *lines[1:], ""]


def render_question(question: Question, qid: str) -> str:
    """One ``## `` section in our format."""
    title = " ".join(question.title.split()) or "(untitled)"
    out = [f"## {title}", ""]
    if question.stem.strip():
        out.extend(_block_lines(question.stem, keep_fences=True))
        out.append("")
    multiple = question.kind is QuestionKind.MULTIPLE
    ticked_one = False
    for option in question.options:
        ticked = option.correct and (multiple or not ticked_one)
        ticked_one = ticked_one or ticked
        out.extend(_option_lines(option, ticked))
    out.append("")
    out.extend(_field("Giải thích", question.explanation))
    out.extend(_field("Nguồn", question.source))
    if question.refs:
        refs = "; ".join(f"{r.document} {r.article}".strip() for r in question.refs)
        out.extend(_field("Căn cứ", refs))
    out.extend(_field("Nhóm", " ".join(question.group.split())))
    out.extend([f"**Loại:** {question.kind.value}", ""])
    tags = [" ".join(t.replace(",", " ").split()) for t in question.tags]
    out.extend(_field("Thẻ", ", ".join(t for t in tags if t)))
    out.append(f"**Mã:** {qid}")
    return "\n".join(out) + "\n"


def render_bank(plan: BankPlan, ids: Sequence[str]) -> str:
    meta: dict[str, object] = {"id": plan.id, "title": plan.title}
    if plan.tags:
        meta["tags"] = list(plan.tags)
    meta["description"] = f"{_GENERATED}{plan.source}"
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    sections = [render_question(q, i) for q, i in zip(plan.questions, ids, strict=True)]
    return f"---\n{front}---\n\n" + "\n".join(sections)


def render_course(course_id: str, title: str, sources: Sequence[str], quiz: bool) -> str:
    meta: dict[str, object] = {"id": course_id, "title": title}
    if quiz:
        meta["final_quiz"] = {"minutes": 30, "pass_percent": 80, "banks": ["all"]}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    names = ", ".join(sources)
    return (
        f"---\n{front}---\n\nCâu hỏi nhập từ tệp Moodle (GIFT, Aiken): {names}.\n\n"
        "Questions imported from Moodle files; add lessons, explanations and sources.\n"
    )


# -- planning and writing --------------------------------------------------------------------


def _generated_source(path: Path) -> str | None:
    """The source file name of a bank this importer wrote, or None for other files."""
    try:
        meta = split_front_matter(read_text(path)).meta
    except ContentFileError:
        return None
    description = str(meta.get("description") or "")
    return description[len(_GENERATED) :] if description.startswith(_GENERATED) else None


def resolve_target(dest: Path, course_id: str | None) -> tuple[Path, Path, str]:
    """(content root, course folder, course id) for ``--to DIR``.

    ``DIR`` may be a course folder (it has a ``course.md``) or a content folder, in which
    case the course is ``DIR/<course id>``.
    """
    if (dest / "course.md").is_file():
        try:
            meta = split_front_matter(read_text(dest / "course.md")).meta
        except ContentFileError as exc:
            raise UserError(f"{dest / 'course.md'}:{exc.line}: {exc.message}") from exc
        return dest.parent, dest, str(meta.get("id") or course_id or DEFAULT_COURSE_ID)
    course_id = course_id or DEFAULT_COURSE_ID
    if not COURSE_ID_RE.match(course_id):
        raise UserError(f"invalid course id {course_id!r} (use a-z, 0-9 and -)")
    return dest, dest / course_id, course_id


def write_import(
    results: Sequence[ParseResult],
    dest: Path,
    course_id: str | None = None,
    course_title: str = DEFAULT_COURSE_TITLE,
) -> WriteReport:
    """Write every imported question into bank files under ``dest``; return what was written."""
    root, course_dir, course_id = resolve_target(dest, course_id)
    questions_dir = course_dir / "questions"
    sources = [Path(r.path).name for r in results]
    replaceable: dict[str, Path] = {}
    if questions_dir.is_dir():
        for path in sorted(questions_dir.glob("*.md")):
            source = _generated_source(path)
            if source is not None and source in sources:
                replaceable[path.name] = path
    used: set[str] = set()
    if root.is_dir():
        library = load_library(root)
        replaced = {f"{course_dir.name}/questions/{name}" for name in replaceable}
        for course in library.courses:
            used.add(course.id)
            used.update(lesson.id for lesson in course.lessons)
            for bank in course.banks:
                if course.path.resolve() == course_dir.resolve() and bank.path in replaced:
                    continue
                used.add(bank.id)
                used.update(q.id for q in bank.questions)
    created = not (course_dir / "course.md").is_file()
    if created and course_id in used:
        raise UserError(f"id {course_id!r} is already used in {root}; choose --course-id")
    used.add(course_id)
    ids = _Ids(used)
    plans = _plan_banks(results, questions_dir, ids, set(replaceable))
    question_ids = [_question_ids(plan, ids) for plan in plans]
    questions_dir.mkdir(parents=True, exist_ok=True)
    # Each file is written whole or not at all (a full disk keeps the old bank); banks from the
    # last import are removed only once their replacements are on disk.
    for plan, qids in zip(plans, question_ids, strict=True):
        for media in plan.media:
            (questions_dir / MEDIA_DIR).mkdir(exist_ok=True)
            write_bytes(questions_dir / MEDIA_DIR / media.name, media.data)
        write_text(plan.path, render_bank(plan, qids))
    written = {plan.path.name for plan in plans}
    for name, path in replaceable.items():
        if name not in written:
            path.unlink()
    if created:
        quiz = any(plan.questions for plan in plans)
        text = render_course(course_id, course_title, sources, quiz)
        write_text(course_dir / "course.md", text)
    return WriteReport(root, course_dir, created, plans)


def _plan_banks(
    results: Sequence[ParseResult], folder: Path, ids: _Ids, replaceable: set[str]
) -> list[BankPlan]:
    plans: list[BankPlan] = []
    taken_files: set[str] = set()
    for result in results:
        by_category: dict[str, list[ImportedQuestion]] = {}
        for item in result.questions:
            by_category.setdefault(item.category, []).append(item)
        stem = source_stem(result.path)
        for category, items in by_category.items():
            title = category_title(category) if category else ""
            slug = "-".join(s for s in (slugify(stem, 60), slugify(title, 40)) if s) or "bank"
            bank_id = ids.claim(slug, "bank")
            name = f"{bank_id}.md"
            counter = 2
            while name in taken_files or ((folder / name).exists() and name not in replaceable):
                name = f"{bank_id}-{counter}.md"
                counter += 1
            taken_files.add(name)
            leaf = title.rsplit(" / ", 1)[-1] if title else ""
            stated = next((i.bank_tags for i in items if i.bank_tags is not None), None)
            plans.append(
                BankPlan(
                    id=bank_id,
                    title=title or stem,
                    tags=stated if stated is not None else ((leaf,) if leaf else ()),
                    source=Path(result.path).name,
                    path=folder / name,
                    questions=[item.question for item in items],
                    media=[m for item in items for m in item.media],
                )
            )
    return plans


def _question_ids(plan: BankPlan, ids: _Ids) -> list[str]:
    out = []
    prefix = plan.id[:24].rstrip("-.") or "q"
    for number, question in enumerate(plan.questions, start=1):
        fallback = f"{prefix}-q{number}"
        if question.id:
            wanted = question.id if ID_RE.match(question.id) else _clean_id(question.id)
        else:
            title_slug = slugify(question.title, 40)
            wanted = f"{prefix}-{title_slug}" if title_slug else fallback
        out.append(ids.claim(wanted, fallback))
    return out
