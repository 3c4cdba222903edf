"""Near-duplicate questions: two that ask the same fact in other words land in one draw.

Questions are compared by their content words (stem and correct answers, Jaccard); candidate
pairs come from prefix filtering on rare words, so a bank of thousands is not compared pair by
pair (``bench/near_duplicates.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from ethics_trainer.content.lint_problem import lint_error
from ethics_trainer.content.model import Problem, Question

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
_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> frozenset[str]:
    """Lower-case content words of ``text`` (NFC, no punctuation, no :data:`STOP_WORDS`)."""
    text = unicodedata.normalize("NFC", text).lower()
    return frozenset(w for w in _WORD.findall(text) if w not in STOP_WORDS)


def near_duplicates(questions: list[Question]) -> list[Problem]:
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
                    lint_error(
                        b.path,
                        b.line,
                        "near_duplicate",
                        question=b.id,
                        other=a.id,
                        percent=round(similarity * 100),
                    )
                )
    return problems
