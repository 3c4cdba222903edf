"""``exam minutes`` and ``exam results``: the session's minutes and results as files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ethics_trainer.cli.exam_args import data_dir, session_id, with_db
from ethics_trainer.i18n import tr


def run_minutes(args: argparse.Namespace) -> int:
    from ethics_trainer.exams.minutes_export import export_minutes_pdf, export_minutes_xlsx

    db = with_db(args)
    try:
        out = Path(args.output)
        export = export_minutes_pdf if out.suffix.lower() == ".pdf" else export_minutes_xlsx
        print(export(db, session_id(db, args.session), out))
        return 0
    finally:
        db.dispose()


def run_results(args: argparse.Namespace) -> int:
    """Print flagged attempts; exit 1 if any result does not match its seal."""
    from ethics_trainer.exams import results
    from ethics_trainer.safe_cells import printable

    db = with_db(args)
    try:
        res = results.session_results(db, session_id(db, args.session), data_dir(args))
        if args.output:
            print(results.export_results_xlsx(res, Path(args.output)))
        for row in res.flagged:
            print(
                tr(
                    "delivery.exam.flagged",
                    name=printable(row.candidate.full_name),
                    attempt=row.candidate.attempt_id,
                    integrity=row.integrity,
                )
            )
        print(tr("delivery.exam.results", submitted=len(res.submitted), flagged=len(res.flagged)))
        return 1 if res.flagged else 0
    finally:
        db.dispose()
