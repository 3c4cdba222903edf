"""``ethics-trainer export --format FORMAT --to FILE``: our banks as GIFT, Aiken, Moodle XML,
Word or Excel.

GIFT and Moodle XML keep everything our quiz uses (one category per bank, ids, tags, weights,
feedback, explanations). Aiken holds only single-choice questions, Word and Excel have no
place for some things (graded credit in Word, more than six options): such questions are
listed on stderr as ``path:line: skipped <type> question "<title>" (reason)`` (in English; in
Vietnamese ``path:line: bỏ qua câu <loại> "<title>" (lý do)``).
``--template`` with ``--format xlsx`` writes an empty Excel template with two example rows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer.interchange.names import EXPORT_FORMATS

if TYPE_CHECKING:
    from ethics_trainer.content.model import Bank, Question


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export", help="export question banks (GIFT, Aiken, Moodle XML, Word, Excel)"
    )
    parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    parser.add_argument("--to", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--course", metavar="ID", help="only this course")
    parser.add_argument("--bank", metavar="ID", help="only this question bank")
    parser.add_argument(
        "--template", action="store_true", help="with --format xlsx: an empty template"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.errors import UserError
    from ethics_trainer.i18n import tr

    target = Path(args.to)
    if args.template:
        if args.format != "xlsx":
            raise UserError(tr("interop.export.template_xlsx"))
        from ethics_trainer.interchange.xlsx_bank import write_xlsx

        _write(target, lambda path: write_xlsx([], path, template=True))
        print(tr("interop.export.template_written", path=str(target)))
        return 0
    folder, banks = _banks(args)
    skipped = _skipped(args.format, folder, banks)
    skipped_ids = {id(q) for _, q in skipped}
    if args.format == "gift":
        from ethics_trainer.interchange.gift import write_gift

        _write(target, lambda path: path.write_text(write_gift(banks), encoding="utf-8"))
    elif args.format == "moodle-xml":
        from ethics_trainer.interchange.moodle_xml import write_moodle_xml

        _write(
            target,
            lambda path: path.write_text(write_moodle_xml(banks, folder), encoding="utf-8"),
        )
    elif args.format == "aiken":
        from ethics_trainer.interchange.aiken import write_aiken

        kept = [q for b in banks for q in b.questions if id(q) not in skipped_ids]
        _write(target, lambda path: path.write_text(write_aiken(kept), encoding="utf-8"))
    elif args.format == "xlsx":
        from ethics_trainer.interchange.xlsx_bank import write_xlsx

        _write(target, lambda path: write_xlsx(banks, path))
    else:
        from ethics_trainer.interchange.docx_export import write_docx

        _write(target, lambda path: write_docx(banks, path, folder))
    from ethics_trainer.interchange.skipped_line import skipped_line

    for reason, question in skipped:
        path = f"{folder}/{question.path}"
        line = skipped_line(path, question.line, question.kind.value, question.title, reason)
        print(line, file=sys.stderr)
    count = sum(len(b.questions) for b in banks) - len(skipped)
    print(
        tr(
            "delivery.export.summary",
            count=count,
            banks=len(banks),
            target=str(target),
            skipped=len(skipped),
        )
    )
    return 1 if skipped else 0


def _banks(args: argparse.Namespace) -> tuple[Path, list[Bank]]:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.errors import UserError
    from ethics_trainer.i18n import tr

    folder = paths_from_args(args).content_dir
    library = load_library(folder)
    if not library.courses:
        raise UserError(
            tr("delivery.export.no_courses", folder=str(folder)),
            tr("delivery.export.no_courses_hint"),
        )
    courses = library.courses
    if args.course:
        courses = [c for c in courses if c.id == args.course]
        if not courses:
            raise UserError(tr("delivery.export.unknown_course", course=args.course))
    banks = [b for c in courses for b in c.banks]
    if args.bank:
        banks = [b for b in banks if b.id == args.bank]
        if not banks:
            raise UserError(tr("delivery.export.unknown_bank", bank=args.bank))
    if library.errors:
        print(
            tr("delivery.export.content_errors", count=len(library.errors)),
            file=sys.stderr,
        )
    return folder, banks


def _skipped(fmt: str, folder: Path, banks: Sequence[Bank]) -> list[tuple[str, Question]]:
    """(reason, question) for every question the format cannot hold."""
    if fmt == "aiken":
        from ethics_trainer.interchange.aiken import aiken_problem as problem
    elif fmt == "xlsx":
        from ethics_trainer.interchange.xlsx_bank import export_problem as problem
    elif fmt == "docx":
        from ethics_trainer.interchange.docx_export import docx_problem as problem
    else:
        return []
    out: list[tuple[str, Question]] = []
    for question in (q for b in banks for q in b.questions):
        reason = problem(question)
        if reason:
            out.append((reason, question))
    return out


def _write(target: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file beside ``target``, renamed over it only when complete:
    a full disk leaves the previous file whole; a device, folder or link is refused."""
    from ethics_trainer.fileio.safe_write import atomic_path

    with atomic_path(target) as path:
        write(path)
