"""Loading a content folder into a :class:`Library`, collecting every problem on the way.

Bad files never stop the load: each is reported (``path:line: message``) and skipped, and the
rest is used. ``ethics-trainer check`` prints the same problems the app shows. The parts:
:mod:`file_reader` (files inside the folder, hashed), :mod:`registry_loader` (the sources),
:mod:`course_loader` (each course with its lessons and banks), :mod:`reference_check`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ethics_trainer.content.course_loader import CourseLoader
from ethics_trainer.content.file_reader import ContentReader
from ethics_trainer.content.id_claims import IdClaims
from ethics_trainer.content.model import Library, Problem
from ethics_trainer.content.reference_check import check_references
from ethics_trainer.content.registry_loader import load_documents
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.i18n import tr

ProgressCallback = Callable[[int, int], None]


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
    problems: list[Problem] = []
    reader = ContentReader(root, problems)
    library.documents = load_documents(reader)
    loader = CourseLoader(reader, IdClaims(), library.documents)
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
    check_references(library, problems)
    library.problems = problems
    library.content_hash = reader.hasher.hexdigest()
    return library
