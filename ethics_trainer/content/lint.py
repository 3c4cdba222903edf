"""``check --strict``: the editorial rules a course must meet before a training centre adopts it.

The loader only refuses what it cannot use; these rules catch what would mislead a learner or
give answers away: internal marks on screen, citations that resolve nowhere, near-duplicate
questions in one draw, graded scenarios whose best option is always the longest or always in
the same place, partial credit for breaking a rule, scenarios set in districts that no longer
exist. Each finding is an ordinary :class:`Problem`, so it prints like every other one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from urllib.parse import urlparse

from ethics_trainer.content.model import (
    Course,
    Document,
    Library,
    Problem,
    Question,
    QuestionKind,
    Severity,
)
from ethics_trainer.i18n import tr

# Marks that mean something only to the authors: source codes (S8), fact-sheet items (F39),
# the tools and sites the research went through.
INTERNAL_CODES = re.compile(r"\b[SF]\d{1,3}\b")
INTERNAL_WORDS = re.compile(r"fact[ -]?sheet|github|hugging ?face|chatgpt", re.IGNORECASE)
# Sites that copy legal texts (not the official publication) or aggregate news.
AGGREGATORS = (
    "thuvienphapluat",
    "thư viện pháp luật",
    "luatvietnam",
    "hethongphapluat",
    "hệ thống pháp luật",
    "lawnet",
    "baomoi",
    "báo mới",
    "tin8",
    "kenh14",
    "kênh14",
    "thương gia online",
    "123doc",
    "tailieu.vn",
)
OFFICIAL_HOSTS = (
    ".gov.vn",
    "vbpl.vn",
    "congbao.chinhphu.vn",
    "chinhphu.vn",
    "quochoi.vn",
    "dangcongsan.vn",
    "dangcongsan.org.vn",
    "tapchicongsan.org.vn",
    "nxbctqg.org.vn",
)
# Hà Nội has had no districts since 01/7/2025 (two-tier local government): phường/xã only.
OLD_UNITS = re.compile(r"\b(quận|huyện|thị xã)\b", re.IGNORECASE)
OLD_UNITS_OK = re.compile(r"(trước (ngày )?0?1/7/2025|trước đây|cũ\b|đã giải thể|không còn)")
WRONG_WORDS = ("sai", "wrong", "không được", "vi phạm")
SIMILARITY = 0.6
# Words every question shares (function words, the officials' titles, the ask itself): without
# them, two questions asking the same fact in other words still look alike.
STOP_WORDS = frozenset(
    [
        "theo",
        "của",
        "và",
        "là",
        "nào",
        "được",
        "các",
        "những",
        "trong",
        "khi",
        "với",
        "có",
        "không",
        "cho",
        "về",
        "một",
        "đã",
        "sau",
        "đây",
        "dưới",
        "gì",
        "thế",
        "như",
        "này",
        "đó",
        "thì",
        "mà",
        "ở",
        "tại",
        "phải",
        "hay",
        "hoặc",
        "bị",
        "nên",
        "cần",
        "để",
        "do",
        "từ",
        "đến",
        "vào",
        "ra",
        "lại",
        "rồi",
        "cũng",
        "đều",
        "chỉ",
        "nhất",
        "người",
        "việc",
        "sự",
        "thực",
        "hiện",
        "quy",
        "định",
        "quyết",
        "nghị",
        "luật",
        "số",
        "năm",
        "ngày",
        "cbccvc",
        "cán",
        "bộ",
        "công",
        "chức",
        "viên",
        "chọn",
        "tất",
        "cả",
        "phương",
        "án",
        "đúng",
        "sai",
        "câu",
        "hỏi",
        "đâu",
        "ai",
        "bao",
        "nhiêu",
        "mấy",
        "qđ",
        "ubnd",
        "ttg",
        "nđ",
        "cp",
    ]
)
LONGEST_SHARE = 0.40
POSITION_SHARE = 0.40
MIN_BANK_FOR_POSITIONS = 8
MIN_GRADED_FOR_LENGTH = 5
_WORD = re.compile(r"\w+", re.UNICODE)
# Document numbers as officials write them: 80/2025/QH15, 172/2025/NĐ-CP, 522/QĐ-UBND,
# 7583/BNV-TCBC, 30c/NQ-CP, and the Party's 144-QĐ/TW, 06-CTr/TU.
DOCUMENT_NUMBER = re.compile(
    r"\b\d+[a-z]?(?:/\d{4})?/[A-ZĐ][\w-]*|\b\d+-[A-ZĐ][\wĐđ]*/[A-Z]+\b", re.UNICODE
)


def lint_library(library: Library) -> list[Problem]:
    """Every strict finding for every course and the registry, errors first in file order."""
    problems: list[Problem] = []
    problems += _registry(library.documents)
    for course in library.courses:
        problems += _course(course, library.documents)
    return problems


# -- helpers -------------------------------------------------------------------------------
def _error(path: str, line: int, key: str, **values: object) -> Problem:
    return Problem(path, line, tr(f"content_lint.{key}", **values))


def _warning(path: str, line: int, key: str, **values: object) -> Problem:
    return Problem(path, line, tr(f"content_lint.{key}", **values), Severity.WARNING)


def internal_marks(text: str) -> list[str]:
    """The internal marks and aggregator names found in learner-visible text."""
    found = [m.group(0) for m in INTERNAL_CODES.finditer(text)]
    found += [m.group(0) for m in INTERNAL_WORDS.finditer(text)]
    lowered = text.lower()
    found += [name for name in AGGREGATORS if name in lowered]
    return found


def _home_page(url: str) -> bool:
    """A site's front page (``https://vbpl.vn/``) says nothing about which document to open."""
    parts = urlparse(url)
    return (parts.path or "/") == "/" and not parts.query and not parts.fragment


def _official(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == h.lstrip(".") or host.endswith("." + h.lstrip(".")) for h in OFFICIAL_HOSTS)


def tokens(text: str) -> frozenset[str]:
    """Lower-case content words of ``text`` (NFC, no punctuation, no :data:`STOP_WORDS`)."""
    text = unicodedata.normalize("NFC", text).lower()
    return frozenset(w for w in _WORD.findall(text) if w not in STOP_WORDS)


def best_option_index(question: Question) -> int:
    return max(range(len(question.options)), key=lambda i: question.options[i].weight)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


_QUOTED = re.compile(r"“([^”]{12,})”")


def _title_names(title: str) -> list[str]:
    return [title, *_QUOTED.findall(title)]


def named_documents(text: str, documents: dict[str, Document]) -> set[str]:
    """Ids of the registry documents ``text`` names: by id (``luat-80-2025``), by number
    (``80/2025/QH15``, ``144-QĐ/TW``) or by short title (``Luật Phòng, chống tham nhũng``); a
    title with a quoted name (an article, a movement) is named by the quoted part alone.

    A number the registry does not hold names nothing: the learner could not look it up on the
    bibliography page."""
    folded = _fold(text)
    numbers = {_fold(m.group(0)) for m in DOCUMENT_NUMBER.finditer(text)}
    found: set[str] = set()
    for doc in documents.values():
        if (
            re.search(rf"(?<![\w-]){re.escape(doc.id)}(?![\w-])", folded)
            or (doc.number and _fold(doc.number) in numbers)
            or (doc.title and any(_fold(name) in folded for name in _title_names(doc.title)))
        ):
            found.add(doc.id)
    return found


def _visible_texts(question: Question) -> Iterable[str]:
    yield question.title
    yield question.stem
    for option in question.options:
        yield option.text
        yield option.feedback
    yield question.explanation
    yield question.source


# -- the registry --------------------------------------------------------------------------
def _registry(documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    for doc in documents.values():
        for other in (*doc.amended_by, *([doc.replaced_by] if doc.replaced_by else [])):
            if other not in documents:
                problems.append(
                    _error(doc.path, doc.line, "source_unknown_link", document=doc.id, other=other)
                )
        if not doc.checked:
            problems.append(_error(doc.path, doc.line, "source_not_checked", document=doc.id))
        if not doc.issuer:
            problems.append(_error(doc.path, doc.line, "source_no_issuer", document=doc.id))
        if doc.url:
            if any(name in doc.url.lower() for name in AGGREGATORS):
                problems.append(
                    _error(doc.path, doc.line, "source_aggregator", document=doc.id, url=doc.url)
                )
            elif _home_page(doc.url):
                problems.append(
                    _error(doc.path, doc.line, "source_home_page", document=doc.id, url=doc.url)
                )
            elif not _official(doc.url):
                problems.append(
                    _warning(
                        doc.path, doc.line, "source_not_official", document=doc.id, url=doc.url
                    )
                )
        for mark in internal_marks(doc.title + "\n" + doc.notes):
            problems.append(_error(doc.path, doc.line, "internal_mark", mark=mark))
    return problems


# -- a course ------------------------------------------------------------------------------
def _course(course: Course, documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    course_path = f"{course.path.name}/course.md"
    if course.as_of is None:
        problems.append(_error(course_path, 1, "no_as_of"))
    for mark in internal_marks(course.description):
        problems.append(_error(course_path, 1, "internal_mark", mark=mark))
    for lesson in course.lessons:
        if lesson.generated:
            continue
        for number, line in enumerate(lesson.body.split("\n"), start=lesson.body_line):
            for mark in internal_marks(line):
                problems.append(_error(lesson.rel_path, number, "internal_mark", mark=mark))
        for source in lesson.cited:
            if source not in documents:
                problems.append(
                    _error(lesson.rel_path, 1, "lesson_unresolved_source", source=source)
                )
    questions = course.questions()
    for question in questions:
        problems += _question(question, documents)
    problems += _near_duplicates(questions)
    problems += _longest_best(course, questions)
    problems += _positions(course)
    return problems


def _question(question: Question, documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    where = (question.path, question.line)
    for text in _visible_texts(question):
        for mark in internal_marks(text):
            problems.append(
                _error(*where, "question_internal_mark", question=question.id, mark=mark)
            )
    if not question.refs:
        problems.append(_error(*where, "no_refs", question=question.id))
    for ref in question.refs:
        if ref.document not in documents:
            problems.append(
                _error(*where, "unresolved_ref", question=question.id, document=ref.document)
            )
    if question.kind is QuestionKind.GRADED:
        for option in question.options:
            if not option.feedback:
                problems.append(
                    _error(
                        *where,
                        "graded_no_feedback",
                        question=question.id,
                        option=option.key.upper(),
                    )
                )
            elif not named_documents(option.feedback, documents):
                problems.append(
                    _error(
                        *where,
                        "feedback_no_document",
                        question=question.id,
                        option=option.key.upper(),
                    )
                )
        text = " ".join([question.stem, *(o.text for o in question.options)])
        for match in OLD_UNITS.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            if not OLD_UNITS_OK.search(context):
                problems.append(
                    _error(*where, "old_unit", question=question.id, unit=match.group(0))
                )
                break
    for option in question.options:
        feedback = option.feedback.strip().lower()
        if option.weight > 0 and feedback.startswith(WRONG_WORDS):
            problems.append(
                _error(
                    *where,
                    "credit_for_wrong",
                    question=question.id,
                    option=option.key.upper(),
                    percent=round(option.weight * 100),
                )
            )
    return problems


def _near_duplicates(questions: list[Question]) -> list[Problem]:
    """Pairs whose stem and correct answers share ≥ 60 % of their content words (Jaccard),
    unless the two are variants of one group. Candidates come from prefix filtering on rare
    words, so a bank of thousands is not compared pair by pair."""
    sets = [
        tokens(" ".join([q.stem, *(o.text for o in q.options if o.weight >= 1 or o.correct)]))
        for q in questions
    ]
    frequency = Counter(t for s in sets for t in s)
    index: dict[str, list[int]] = defaultdict(list)
    problems: list[Problem] = []
    for i, words in enumerate(sets):
        if not words:
            continue
        ordered = sorted(words, key=lambda t: (frequency[t], t))
        prefix = len(words) - int(SIMILARITY * len(words) + 0.9999) + 1
        candidates: set[int] = set()
        for word in ordered[:prefix]:
            candidates.update(index[word])
            index[word].append(i)
        for j in sorted(candidates):
            other = sets[j]
            shared = len(words & other)
            similarity = shared / len(words | other)
            a, b = questions[j], questions[i]
            if similarity >= SIMILARITY and not (a.group and a.group == b.group):
                problems.append(
                    _error(
                        b.path,
                        b.line,
                        "near_duplicate",
                        question=b.id,
                        other=a.id,
                        percent=round(similarity * 100),
                    )
                )
    return problems


def _longest_best(course: Course, questions: list[Question]) -> list[Problem]:
    graded = [q for q in questions if q.kind is QuestionKind.GRADED and len(q.options) > 1]
    if len(graded) < MIN_GRADED_FOR_LENGTH:
        return []
    longest = [
        q
        for q in graded
        if len(q.options[best_option_index(q)].text) >= max(len(o.text) for o in q.options)
    ]
    share = len(longest) / len(graded)
    if share <= LONGEST_SHARE:
        return []
    return [
        _error(
            f"{course.path.name}/course.md",
            1,
            "best_is_longest",
            count=len(longest),
            total=len(graded),
            percent=round(share * 100),
            limit=round(LONGEST_SHARE * 100),
        )
    ]


def _positions(course: Course) -> list[Problem]:
    problems: list[Problem] = []
    for bank in course.banks:
        positions = [
            best_option_index(q)
            for q in bank.questions
            if q.kind in (QuestionKind.SINGLE, QuestionKind.GRADED) and len(q.options) > 2
        ]
        if len(positions) < MIN_BANK_FOR_POSITIONS:
            continue
        position, count = Counter(positions).most_common(1)[0]
        if count / len(positions) > POSITION_SHARE:
            problems.append(
                _error(
                    bank.path,
                    1,
                    "positions_unbalanced",
                    letter=chr(ord("A") + position),
                    count=count,
                    total=len(positions),
                    limit=round(POSITION_SHARE * 100),
                )
            )
    return problems
