"""``ethics-trainer report completions|attempts``: HR reports to CSV or XLSX."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from ethics_trainer.cli.hr_common import (
    add_filter_args,
    filter_from_args,
    open_context,
    show_progress,
)
from ethics_trainer.i18n import trn


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="HR reports: completions or attempts to CSV/XLSX")
    parser.add_argument("kind", choices=["completions", "attempts"])
    add_filter_args(parser)
    parser.add_argument("--status", choices=["completed", "in_progress", "not_started"], default="")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="")
    parser.add_argument("--output", "-o", required=True, metavar="FILE")
    parser.add_argument("--delimiter", choices=[",", ";"], default=",")
    parser.add_argument("--quiet", "-q", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.hr import export_columns, exports, reports

    output = Path(args.output)
    fmt = args.format or ("xlsx" if output.suffix.lower() == ".xlsx" else "csv")
    _paths, db, titles, _library = open_context(args)
    try:
        require_role(db, "hr")  # the same role the GUI's HR window asks for
        f = filter_from_args(args)
        # every kind and status streams: rows go from the database to the file a chunk at a time
        stream: reports.RowStream[object]
        if args.kind == "completions":
            stream = reports.completion_rows(db, f, titles)
            columns = export_columns.COMPLETION_COLUMNS
        else:
            stream = reports.attempt_rows(db, f, titles)
            columns = export_columns.ATTEMPT_COLUMNS
        rows: Iterable[object] = stream.rows
        count = stream.total
        show_progress(
            exports.export_rows(rows, columns, output, fmt, args.delimiter, total=count),
            quiet=args.quiet,
        )
        del rows
    finally:
        db.dispose()
    print(trn("hr.cli.report_written", count, count=count, path=str(output)))
    return 0
