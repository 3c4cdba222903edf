"""A digest of everything a load produces, for comparing loaders (issue #17).

Absolute paths (the temporary folder) are left out; everything else a learner, the checker
or the cache sees goes in: courses, lessons, banks, every question field, the registry, the
problems in order and the content hash.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from ethics_trainer.content.model import Library


def library_lines(library: Library) -> list[str]:
    """One line per loaded thing, in load order."""
    lines = [f"hash {library.content_hash}", f"summary {library.summary()}"]
    for doc in library.documents.values():
        lines.append(f"document {doc!r}")
    for course in library.courses:
        lines.append(
            f"course {course.id} {course.title!r} {course.description!r} {course.order} "
            f"{course.final_quiz!r} {course.as_of!r}"
        )
        for lesson in course.lessons:
            lines.append(f"lesson {dataclasses.replace(lesson, path=Path(lesson.rel_path))!r}")
        for bank in course.banks:
            head = dataclasses.replace(bank, questions=())
            lines.append(f"bank {head!r}")
            lines += [f"question {q!r}" for q in bank.questions]
    lines += [f"problem {p.format()}" for p in library.problems]
    return lines


def library_digest(library: Library) -> str:
    return hashlib.sha256("\n".join(library_lines(library)).encode()).hexdigest()
