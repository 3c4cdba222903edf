"""``ethics-trainer check [DIR]``: validate a content folder.

Contract: one ``path:line: message`` per problem, then the summary line
``3 courses, 12 lessons, 240 questions, 0 errors, 2 warnings``; exit 1 on any error.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("check", help="validate a content folder")
    parser.add_argument("folder", nargs="?", help="content folder (default: the configured one)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library

    folder = Path(args.folder) if args.folder else paths_from_args(args).content_dir
    library = load_library(folder)
    base = args.folder if args.folder else str(folder)
    for problem in library.problems:
        print(problem.format(base))
    print(library.summary())
    return 1 if library.errors else 0
