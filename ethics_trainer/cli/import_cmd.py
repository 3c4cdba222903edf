"""``ethics-trainer import FILE... --to DIR``: question files (GIFT, Aiken, Moodle XML, Word,
Excel) into question banks.

Contract: one ``path:line: skipped <type> question "<title>"`` line per question we cannot
run (that exact form in English; in Vietnamese ``path:line: bỏ qua câu <loại> "<title>"``), then
a summary line. Exit 0 when every question was imported, 1 when some were skipped
(or lines were ignored) and also when a file could not be read; then nothing is written. With
``--dry-run`` every question is listed (what would be stored, what would not) and nothing is
written; the exit code is the one the import would give.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ethics_trainer.interchange.names import IMPORT_FORMATS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import",
        help="import question files (GIFT, Aiken, Moodle XML, Word .docx, Excel .xlsx)",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="question files")
    parser.add_argument(
        "--to", required=True, metavar="DIR", help="content folder (or a course folder)"
    )
    parser.add_argument(
        "--format", choices=IMPORT_FORMATS, help="file format (default: from content and name)"
    )
    parser.add_argument(
        "--course-id", metavar="ID", help="course to create under DIR (default: cau-hoi-nhap)"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="list every question and what would be skipped; write nothing",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.errors import UserError
    from ethics_trainer.i18n import tr
    from ethics_trainer.interchange.bank_writer import write_import
    from ethics_trainer.interchange.formats import parse_file
    from ethics_trainer.interchange.preview import OK, preview_rows
    from ethics_trainer.interchange.skipped_line import format_skipped

    results = []
    failed = False
    for name in args.files:
        try:
            results.append(parse_file(Path(name), args.format))
        except UserError as exc:
            print(f"ethics-trainer: {exc}", file=sys.stderr)
            failed = True
    if failed:
        print(tr("delivery.import.nothing"), file=sys.stderr)
        return 1
    skipped = sum(len(r.skipped) for r in results)
    ignored = sum(len(r.problems) for r in results)
    if args.dry_run:
        rows = preview_rows(results)
        for row in rows:
            print(row.format())
        count = sum(1 for row in rows if row.status == OK)
        print(tr("interop.dry_run.summary", count=count, skipped=skipped, ignored=ignored))
        return 1 if skipped or ignored else 0
    for result in results:
        for problem in sorted(result.problems, key=lambda p: p.line):
            print(problem.format())
        for item in result.skipped:
            print(format_skipped(item))
    dest = Path(args.to)
    try:
        report = write_import(results, dest, args.course_id)
    except OSError as exc:
        raise UserError(
            tr("interop.ui.cannot_write", path=str(dest), detail=exc.strerror or str(exc))
        ) from exc
    library = load_library(report.content_root)
    written = {p.path.resolve() for p in report.banks} | {report.course_dir / "course.md"}
    own_errors = [p for p in library.errors if (report.content_root / p.path).resolve() in written]
    for problem in own_errors:
        print(problem.format(str(report.content_root)))
    summary = tr(
        "delivery.import.summary",
        count=report.question_count,
        banks=len(report.banks),
        folder=str(report.course_dir),
        skipped=skipped,
    )
    if ignored:
        summary += tr("delivery.import.ignored", ignored=ignored)
    print(summary)
    return 1 if skipped or ignored or own_errors else 0
