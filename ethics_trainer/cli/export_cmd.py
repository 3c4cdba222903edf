"""``ethics-trainer export --format gift|aiken --to FILE``: our banks as Moodle files.

GIFT keeps everything our quiz uses (one ``$CATEGORY`` per bank, ids and tags in comments,
weights, feedback, explanations). Aiken holds only single-choice questions; the others are
listed on stderr as ``path:line: skipped <type> question "<title>" (reason)``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("export", help="export question banks as Moodle GIFT or Aiken")
    parser.add_argument("--format", required=True, choices=("gift", "aiken"))
    parser.add_argument("--to", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--course", metavar="ID", help="only this course")
    parser.add_argument("--bank", metavar="ID", help="only this question bank")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.errors import UserError
    from ethics_trainer.fileio.safe_write import write_text
    from ethics_trainer.interchange.aiken import aiken_problem, write_aiken
    from ethics_trainer.interchange.gift import write_gift
    from ethics_trainer.interchange.records import Skipped

    folder = paths_from_args(args).content_dir
    library = load_library(folder)
    if not library.courses:
        raise UserError(f"{folder}: no courses to export", "check the folder with 'check'")
    courses = library.courses
    if args.course:
        courses = [c for c in courses if c.id == args.course]
        if not courses:
            raise UserError(f"unknown course {args.course!r}")
    banks = [b for c in courses for b in c.banks]
    if args.bank:
        banks = [b for b in banks if b.id == args.bank]
        if not banks:
            raise UserError(f"unknown question bank {args.bank!r}")
    if library.errors:
        print(
            f"warning: {len(library.errors)} content errors; broken questions are left out "
            "(run 'ethics-trainer check')",
            file=sys.stderr,
        )
    skipped: list[Skipped] = []
    if args.format == "gift":
        text = write_gift(banks)
        count = sum(len(b.questions) for b in banks)
    else:
        kept = []
        for question in (q for b in banks for q in b.questions):
            reason = aiken_problem(question)
            if reason:
                path = f"{folder}/{question.path}"
                skipped.append(
                    Skipped(path, question.line, question.kind.value, question.title, reason)
                )
            else:
                kept.append(question)
        text = write_aiken(kept)
        count = len(kept)
    target = Path(args.to)
    # Atomic: a full disk leaves the previous file whole; a device or a link is refused.
    write_text(target, text)
    for item in skipped:
        print(item.format(), file=sys.stderr)
    print(f"{count} questions from {len(banks)} banks written to {target}, {len(skipped)} skipped")
    return 1 if skipped else 0
