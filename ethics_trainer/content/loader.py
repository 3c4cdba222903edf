"""Loading a content folder into a :class:`Library`, collecting every problem on the way.

Bad files never stop the load: each is reported (``path:line: message``) and skipped, and the
rest is used. ``ethics-trainer check`` prints the same problems the app shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

from ethics_trainer.content.model import (
    Bank,
    Course,
    Document,
    FinalQuiz,
    Lesson,
    Library,
    Problem,
    Question,
)
from ethics_trainer.content.questions import ID_RE, parse_questions
from ethics_trainer.content.simple_front_matter import read_front_matter
from ethics_trainer.content.sources import (
    BIBLIOGRAPHY_ORDER,
    BIBLIOGRAPHY_TITLE,
    bibliography_lesson_id,
    bibliography_markdown,
    citation,
    cited_ids,
    outdated_citations,
    parse_source,
)
from ethics_trainer.content.text import (
    ContentFileError,
    FrontMatterDoc,
    ProblemSink,
    key_lines,
    read_text,
)
from ethics_trainer.errors import InputRefused
from ethics_trainer.fileio.bounded_read import IMAGE_LIMIT, check_inside, human_size
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.i18n import tr

ProgressCallback = Callable[[int, int], None]

COURSE_KEYS = {"id", "title", "order", "final_quiz", "description", "tags", "as_of"}
FINAL_QUIZ_KEYS = {"questions", "minutes", "pass_percent", "banks", "tags"}
LESSON_KEYS = {"id", "title", "minutes", "order", "tags", "sources", "summary"}
BANK_KEYS = {"id", "title", "lesson", "tags", "description"}
DOCUMENT_KEYS = {"title", "in_force", "replaced_by", "amended_by", "url", "issued", "note"}

IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMG_RE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
REMOTE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _as_tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list):
        return tuple(str(t).strip() for t in value if str(t).strip())
    return (str(value),)


# Allowed ranges of numeric front-matter values: anything else is reported (path:line) and the
# default used, so ``minutes: 1e12`` can never overflow a timer and ``questions: -3`` is caught.
MINUTES_RANGE = (1, 600)
ORDER_RANGE = (-1_000_000, 1_000_000)
QUESTIONS_RANGE = (1, 1000)
PERCENT_RANGE = (1.0, 100.0)


def _as_int(
    value: object,
    default: int,
    sink: ProblemSink,
    line: int,
    name: str,
    limits: tuple[int, int] = ORDER_RANGE,
) -> int:
    if value is None:
        return default
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        if not isinstance(value, int | float | str | bytes):  # what int() could read
            raise TypeError(value)
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        sink.error(line, tr("content.not_whole_number", name=name, value=value))
        return default
    low, high = limits
    if not low <= number <= high:
        sink.error(line, tr("faults.content.bad_range", name=name, value=value, low=low, high=high))
        return default
    return number


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root_prefix = root.as_posix().rstrip("/") + "/"
        # Files must resolve inside these: the content folder, and the course being loaded
        # (a course folder may be a link to a folder elsewhere; its files may not leave it).
        self.roots: tuple[Path, ...] = (root,)
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, tuple[str, int]] = {}  # id -> (path, line) of first use
        self.hasher = hashlib.sha256()
        self.documents: dict[str, Document] = {}  # the registry, loaded before the courses
        self.folder_inside: dict[str, bool] = {}  # folder -> resolves inside self.roots

    # -- helpers ---------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        posix = path.as_posix()
        if posix.startswith(self.root_prefix):  # every file the loader finds: no pathlib
            return posix[len(self.root_prefix) :]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return posix

    def set_roots(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self.folder_inside = {}

    def plainly_inside(self, path: Path) -> bool:
        """True when ``path`` is known to resolve inside the roots without resolving it: its
        folder (resolved once per folder) is inside and the file itself is not a link.
        False means "not known": the full check in ``read_text`` decides and words it."""
        folder = os.path.dirname(path)
        inside = self.folder_inside.get(folder)
        if inside is None:
            try:
                real = os.path.realpath(folder)
            except (OSError, RuntimeError):  # a link loop (Python 3.11)
                real = ""
            inside = bool(real) and any(
                real == str(root) or real.startswith(os.path.join(str(root), ""))
                for root in self.roots
            )
            self.folder_inside[folder] = inside
        if not inside:
            return False
        try:
            return not stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            return False

    def read(self, path: Path, sink: ProblemSink) -> str | None:
        """The file's text (its path and text go into the content hash); None when it
        cannot be used, with the problem in ``sink``."""
        try:
            text = read_text(path, roots=() if self.plainly_inside(path) else self.roots)
        except ContentFileError as exc:
            sink.error(exc.line, exc.message)
            return None
        self.hasher.update(sink.rel_path.encode())
        self.hasher.update(text.encode())
        return text

    def claim_id(self, kind: str, value: object, sink: ProblemSink, line: int) -> str | None:
        """``kind`` is a message id naming what the id is for (``content.kind.lesson``)."""
        if value is None or str(value).strip() == "":
            sink.error(line, tr("content.missing_id", kind=tr(kind)))
            return None
        ident = str(value).strip()
        if not ID_RE.match(ident):
            sink.error(line, tr("content.invalid_id", kind=tr(kind), id=ident))
            return None
        return self.claim_valid_id(ident, sink, line)

    def claim_valid_id(self, ident: str, sink: ProblemSink, line: int) -> str | None:
        """The duplicate check alone, for an id the parser has already validated."""
        first = self.seen_ids.get(ident)
        if first is not None:
            sink.error(line, tr("content.duplicate_id", id=ident, first=f"{first[0]}:{first[1]}"))
            return None
        self.seen_ids[ident] = (sink.rel_path, line)
        return ident

    def check_keys(
        self, meta: dict[str, object], allowed: set[str], sink: ProblemSink, lines: dict[str, int]
    ) -> None:
        for key in meta:
            if key not in allowed:
                sink.warning(lines.get(str(key), 2), tr("content.unknown_key", key=key))

    def check_images(self, body: str, first_line: int, base: Path, sink: ProblemSink) -> None:
        if "![" not in body and "<" not in body:
            return  # no image syntax at all: skip the per-line scan (most stems)
        for offset, line in enumerate(body.split("\n")):
            for match in [*IMAGE_RE.finditer(line), *HTML_IMG_RE.finditer(line)]:
                target = match.group(1)
                number = first_line + offset
                if REMOTE_RE.match(target) or target.startswith("//"):
                    sink.warning(number, tr("content.image_remote", target=target))
                    continue
                problem = self.image_problem(base / target.split("#")[0])
                if problem == "outside":
                    sink.error(number, tr("content.image_outside", target=target))
                elif problem == "missing":
                    sink.error(number, tr("content.image_missing", target=target))
                elif problem:
                    sink.error(number, f"{target}: {problem}")

    def image_problem(self, path: Path) -> str:
        """ "" for a usable image; "outside", "missing", or a translated reason (a link loop,
        a FIFO or device, too large): the viewer must never block on or load such a file."""
        try:
            resolved = check_inside(path, self.roots)
        except InputRefused as exc:
            return exc.reason if exc.reason == tr("faults.read.loop") else "outside"
        try:
            info = resolved.stat()
        except OSError:
            return "missing"
        if not stat.S_ISREG(info.st_mode):
            return tr("faults.read.not_regular")
        if info.st_size > IMAGE_LIMIT:
            return tr(
                "faults.read.too_large",
                size=human_size(info.st_size),
                limit=human_size(IMAGE_LIMIT),
            )
        return ""

    # -- documents -------------------------------------------------------------------------
    def load_documents(self) -> dict[str, Document]:
        """The registry: ``sources/<id>.md`` files, plus the older ``documents.yaml``."""
        docs = self.load_documents_yaml()
        folder = self.root / "sources"
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            if path.name.startswith((".", "_")) or path.name.lower() == "readme.md":
                continue
            opened = self.open_doc(path)
            if opened is None:
                continue
            sink, doc, lines = opened
            source = parse_source(doc.meta, doc.body, path.stem, sink, lines)
            if source is None:
                continue
            if source.id in docs:
                sink.error(1, tr("content.duplicate_id", id=source.id, first=docs[source.id].path))
                continue
            docs[source.id] = source
        for source in docs.values():
            if source.replaced_by and source.replaced_by not in docs:
                ProblemSink(source.path, self.problems).warning(
                    source.line,
                    tr(
                        "content.document_replaced_unknown",
                        document=source.id,
                        replaced_by=source.replaced_by,
                    ),
                )
        self.documents = docs
        return docs

    def load_documents_yaml(self) -> dict[str, Document]:
        path = self.root / "documents.yaml"
        if not path.is_file():
            return {}
        sink = ProblemSink(self.rel(path), self.problems)
        text = self.read(path, sink)
        if text is None:
            return {}
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", exc)
            sink.error(mark.line + 1 if mark else 1, tr("content.invalid_yaml", problem=problem))
            return {}
        if not isinstance(data, dict):
            sink.error(1, tr("content.documents_not_mapping"))
            return {}
        lines: dict[str, int] = {}
        for number, raw in enumerate(text.split("\n"), start=1):
            if raw and not raw[0].isspace() and ":" in raw:
                lines.setdefault(raw.split(":", 1)[0].strip(), number)
        docs: dict[str, Document] = {}
        for ident, details in data.items():
            line = lines.get(str(ident), 1)
            if not isinstance(details, dict) or not details.get("title"):
                sink.error(line, tr("content.document_no_title", document=ident))
                continue
            for key in details:
                if key not in DOCUMENT_KEYS:
                    sink.warning(line, tr("content.document_unknown_key", key=key, document=ident))
            docs[str(ident)] = Document(
                id=str(ident),
                title=str(details["title"]),
                in_force=str(details.get("in_force") or ""),
                replaced_by=str(details.get("replaced_by") or ""),
                amended_by=_as_tags(details.get("amended_by")),
                path=self.rel(path),
                line=line,
            )
        return docs

    def open_doc(self, path: Path) -> tuple[ProblemSink, FrontMatterDoc, dict[str, int]] | None:
        """Read a Markdown file with front matter; None (problem recorded) when unusable."""
        sink = ProblemSink(self.rel(path), self.problems)
        text = self.read(path, sink)
        if text is None:
            return None
        try:
            doc = read_front_matter(text)
        except ContentFileError as exc:
            sink.error(exc.line, exc.message)
            return None
        # key_lines stops at the closing "---": give it the front matter, not the whole bank
        # (the body is the end of the text: what comes before it is the front matter).
        head = text if doc.body_line <= 1 else text[: len(text) - len(doc.body)]
        return sink, doc, key_lines(head)

    # -- courses ---------------------------------------------------------------------------
    def load_course(self, folder: Path, progress: Callable[[], None]) -> Course | None:
        try:
            self.set_roots((self.root, folder.resolve()))
        except (OSError, RuntimeError):
            self.set_roots((self.root,))
        path = folder / "course.md"
        opened = self.open_doc(path)
        if opened is None:
            return None
        sink, doc, lines = opened
        meta = doc.meta
        self.check_keys(meta, COURSE_KEYS, sink, lines)
        course_id = self.claim_id("content.kind.course", meta.get("id"), sink, lines.get("id", 1))
        if course_id is None:
            return None
        title = str(meta.get("title") or "").strip()
        if not title:
            sink.error(lines.get("title", 1), tr("content.missing_title"))
            return None
        final_quiz = self.final_quiz(meta.get("final_quiz"), sink, lines.get("final_quiz", 1))
        lessons: list[Lesson] = []
        for lesson_path in sorted((folder / "lessons").glob("*.md")):
            if lesson_path.name.startswith((".", "_")):
                continue
            lesson = self.load_lesson(lesson_path, course_id)
            if lesson is not None:
                lessons.append(lesson)
            progress()
        lessons.sort(key=lambda le: (le.order, le.rel_path))
        lessons = [self.resolve_sources(le) for le in lessons]
        lesson_ids = {le.id for le in lessons}
        banks: list[Bank] = []
        for bank_path in sorted((folder / "questions").glob("*.md")):
            if bank_path.name.startswith((".", "_")):
                continue
            bank = self.load_bank(bank_path, course_id, lesson_ids)
            if bank is not None:
                banks.append(bank)
            progress()
        if final_quiz is not None:
            known = {b.id for b in banks}
            for bank_id in final_quiz.banks:
                if bank_id != "all" and bank_id not in known:
                    sink.error(
                        lines.get("final_quiz", 1),
                        tr("content.final_quiz_unknown_bank", bank=bank_id),
                    )
        as_of = self.as_of(meta.get("as_of"), sink, lines.get("as_of", 1))
        bibliography = self.bibliography(course_id, folder, lessons, banks, as_of)
        if bibliography is not None:
            lessons.append(bibliography)
        course = Course(
            id=course_id,
            title=title,
            description=doc.body.strip() or str(meta.get("description") or ""),
            order=_as_int(meta.get("order"), 1000, sink, lines.get("order", 1), "order"),
            lessons=tuple(lessons),
            banks=tuple(banks),
            final_quiz=final_quiz,
            path=folder,
            as_of=as_of,
        )
        if final_quiz is not None:
            pool = len(course.final_pool())
            if pool == 0:
                sink.error(lines.get("final_quiz", 1), tr("content.final_quiz_empty"))
            elif final_quiz.questions and final_quiz.questions > pool:
                sink.warning(
                    lines.get("final_quiz", 1),
                    tr(
                        "content.final_quiz_pool_small",
                        questions=final_quiz.questions,
                        pool=pool,
                    ),
                )
        return course

    def as_of(self, value: object, sink: ProblemSink, line: int) -> date | None:
        """``as_of: 2026-12-03``: the date the law the course teaches was checked."""
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            sink.error(line, tr("content_lint.bad_as_of", value=value))
            return None

    def resolve_sources(self, lesson: Lesson) -> Lesson:
        """A lesson's ``sources:`` are registry ids; learners see each document's citation."""
        shown = tuple(
            citation(self.documents[s]) if s in self.documents else s for s in lesson.sources
        )
        return dataclasses.replace(lesson, sources=shown, cited=lesson.sources)

    def bibliography(
        self,
        course_id: str,
        folder: Path,
        lessons: list[Lesson],
        banks: list[Bank],
        as_of: date | None,
    ) -> Lesson | None:
        """The “Tài liệu tham khảo” page, built from the registry as the course's last lesson."""
        refs = [r.document for b in banks for q in b.questions for r in q.refs]
        cited = [
            i
            for i in cited_ids([dataclasses.replace(le, sources=le.cited) for le in lessons], refs)
            if i in self.documents
        ]
        if not cited:
            return None
        return Lesson(
            id=bibliography_lesson_id(course_id),
            title=BIBLIOGRAPHY_TITLE,
            course_id=course_id,
            body=bibliography_markdown(cited, self.documents, as_of),
            minutes=3,
            order=BIBLIOGRAPHY_ORDER,
            tags=(),
            sources=(),
            path=folder / "course.md",
            rel_path=self.rel(folder / "course.md"),
            generated=True,
        )

    def final_quiz(self, value: object, sink: ProblemSink, line: int) -> FinalQuiz | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            sink.error(line, tr("content.final_quiz_not_mapping"))
            return None
        for key in value:
            if key not in FINAL_QUIZ_KEYS:
                sink.warning(line, tr("content.final_quiz_unknown_key", key=key))
        questions = value.get("questions")
        raw_minutes = value.get("minutes")
        positive = not isinstance(raw_minutes, int | float) or raw_minutes > 0
        if not positive and not isinstance(raw_minutes, bool):
            sink.error(line, tr("content.final_quiz_minutes"))
            raw_minutes = None
        minutes = _as_int(raw_minutes, 30, sink, line, "final_quiz.minutes", MINUTES_RANGE)
        try:
            pass_percent = float(value.get("pass_percent", 80))
        except (TypeError, ValueError):
            sink.error(line, tr("content.final_quiz_pass_percent"))
            pass_percent = 80.0
        low, high = PERCENT_RANGE
        if not low <= pass_percent <= high:  # also NaN
            sink.error(
                line,
                tr(
                    "faults.content.bad_range",
                    name="final_quiz.pass_percent",
                    value=value.get("pass_percent"),
                    low=int(low),
                    high=int(high),
                ),
            )
            pass_percent = 80.0
        return FinalQuiz(
            questions=_as_int(questions, 0, sink, line, "final_quiz.questions", QUESTIONS_RANGE)
            or None,
            minutes=minutes,
            pass_percent=pass_percent,
            banks=_as_tags(value.get("banks")) or ("all",),
            tags=_as_tags(value.get("tags")),
        )

    def load_lesson(self, path: Path, course_id: str) -> Lesson | None:
        opened = self.open_doc(path)
        if opened is None:
            return None
        sink, doc, lines = opened
        if not doc.meta:
            sink.error(1, tr("content.lesson_no_front_matter"))
            return None
        self.check_keys(doc.meta, LESSON_KEYS, sink, lines)
        lesson_id = self.claim_id(
            "content.kind.lesson", doc.meta.get("id"), sink, lines.get("id", 1)
        )
        title = str(doc.meta.get("title") or "").strip()
        if not title:
            sink.error(lines.get("title", 1), tr("content.missing_title"))
        self.check_images(doc.body, doc.body_line, path.parent, sink)
        if lesson_id is None or not title:
            return None
        return Lesson(
            id=lesson_id,
            title=title,
            course_id=course_id,
            body=doc.body,
            minutes=_as_int(
                doc.meta.get("minutes"), 5, sink, lines.get("minutes", 1), "minutes", (0, 600)
            ),
            order=_as_int(doc.meta.get("order"), 1000, sink, lines.get("order", 1), "order"),
            tags=_as_tags(doc.meta.get("tags")),
            sources=_as_tags(doc.meta.get("sources"))
            if isinstance(doc.meta.get("sources"), list)
            else _as_tags([doc.meta.get("sources")] if doc.meta.get("sources") else None),
            path=path,
            rel_path=sink.rel_path,
            body_line=doc.body_line,
        )

    def load_bank(self, path: Path, course_id: str, lesson_ids: set[str]) -> Bank | None:
        opened = self.open_doc(path)
        if opened is None:
            return None
        sink, doc, lines = opened
        self.check_keys(doc.meta, BANK_KEYS, sink, lines)
        bank_id = self.claim_id("content.kind.bank", doc.meta.get("id"), sink, lines.get("id", 1))
        if bank_id is None:
            return None
        lesson_id = str(doc.meta.get("lesson") or "").strip()
        if lesson_id and lesson_id not in lesson_ids:
            sink.error(lines.get("lesson", 1), tr("content.unknown_lesson", lesson=lesson_id))
            lesson_id = ""
        questions = parse_questions(
            doc.body,
            doc.body_line,
            sink,
            bank_id=bank_id,
            lesson_id=lesson_id,
            course_id=course_id,
            bank_tags=_as_tags(doc.meta.get("tags")),
        )
        kept: list[Question] = []
        folder = path.parent
        for question in questions:
            if self.claim_valid_id(question.id, sink, question.line):
                self.check_images(question.stem, question.line, folder, sink)
                kept.append(question)
        return Bank(
            id=bank_id,
            title=str(doc.meta.get("title") or bank_id),
            course_id=course_id,
            lesson_id=lesson_id,
            tags=_as_tags(doc.meta.get("tags")),
            questions=tuple(kept),
            path=sink.rel_path,
        )

    def check_references(self, library: Library) -> None:
        """Warn for citations of unknown documents, and list the questions resting on a
        document replaced or amended since (with the lesson to update)."""
        docs = library.documents
        for question in library.all_questions():
            for ref in question.refs:
                if ref.document not in docs:
                    ProblemSink(question.path, self.problems).warning(
                        question.line,
                        tr(
                            "content.cites_unknown_document",
                            question=question.id,
                            document=ref.document,
                        ),
                    )
        for lesson in library.all_lessons():
            for source in lesson.cited:
                if source not in docs and ID_RE.match(source) and source == source.lower():
                    ProblemSink(lesson.rel_path, self.problems).warning(
                        1, tr("content_lint.lesson_unknown_source", document=source)
                    )
        for qid, where, lesson_id, document, newer in outdated_citations(library):
            path, _, line = where.rpartition(":")
            ProblemSink(path, self.problems).warning(
                int(line),
                tr(
                    "content_lint.outdated_citation",
                    question=qid,
                    lesson=lesson_id or "-",
                    document=document,
                    newer=newer,
                ),
            )


def course_folders(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and (p / "course.md").is_file()
    )


def count_files(root: Path) -> int:
    """How many files a load will read, for a progress bar."""
    total = 0
    for folder in course_folders(root):
        total += len(list((folder / "lessons").glob("*.md"))) + len(
            list((folder / "questions").glob("*.md"))
        )
    return total


def load_library(root: Path | str, progress: ProgressCallback | None = None) -> Library:
    """Load every course under ``root``. Never raises for bad content."""
    # Parsing makes ~10 objects per question and frees none (measured in gc_pause.py).
    with paused_gc():
        return _load_library(root, progress)


def _load_library(root: Path | str, progress: ProgressCallback | None) -> Library:
    root = Path(root).resolve()
    library = Library(root=root)
    if not root.is_dir():
        library.problems.append(Problem(str(root), 0, tr("content.folder_missing")))
        return library
    loader = _Loader(root)
    library.documents = loader.load_documents()
    total = count_files(root) if progress else 0
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    courses = []
    for folder in course_folders(root):
        course = loader.load_course(folder, tick)
        if course is not None:
            courses.append(course)
    courses.sort(key=lambda c: (c.order, c.id))
    library.courses = courses
    loader.check_references(library)
    library.problems = loader.problems
    library.content_hash = loader.hasher.hexdigest()
    return library
