"""``ethics-trainer check [DIR] [--strict]``: validate a content folder.

Contract: one ``path:line: message`` per problem, then the summary line
``3 courses, 12 lessons, 240 questions, 0 errors, 2 warnings``; exit 1 on any error.
``--strict`` adds the editorial rules of :mod:`ethics_trainer.content.lint` (CI runs it on the
bundled content).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("check", help="validate a content folder")
    parser.add_argument("folder", nargs="?", help="content folder (default: the configured one)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also enforce the editorial rules (citations, duplicates, grading balance)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library

    folder = Path(args.folder) if args.folder else paths_from_args(args).content_dir
    library = load_library(folder)
    if getattr(args, "strict", False):
        from ethics_trainer.content.lint import lint_library

        library.problems.extend(lint_library(library))
    base = args.folder if args.folder else str(folder)
    for problem in library.problems:
        print(problem.format(base))
    print(library.summary())
    return 1 if library.errors else 0
