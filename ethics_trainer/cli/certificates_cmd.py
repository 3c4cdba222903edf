"""``ethics-trainer certificates [filters] --output DIR|FILE.zip``: PDFs for completions."""

from __future__ import annotations

import argparse
from pathlib import Path

from ethics_trainer.cli.hr_common import (
    add_filter_args,
    filter_from_args,
    open_context,
    show_progress,
)
from ethics_trainer.i18n import trn


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "certificates", help="PDF certificates for every completion in the filter"
    )
    add_filter_args(parser)
    parser.add_argument("--output", "-o", required=True, metavar="DIR|FILE.zip")
    parser.add_argument(
        "--workers", type=int, default=None, metavar="N", help="processes (default: one per CPU)"
    )
    parser.add_argument("--quiet", "-q", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.hr.certificate_files import default_workers, write_certificates
    from ethics_trainer.hr.certificates import prepare_certificates
    from ethics_trainer.hr.org_settings import load_org_settings

    paths, db, titles, _library = open_context(args)
    try:
        require_role(db, "hr")  # the same role the GUI's HR window asks for
        f = filter_from_args(args)
        if args.workers is None:
            args.workers = default_workers()
        org = load_org_settings(db)
        certificates = prepare_certificates(db, paths.data_dir, f, titles, org=org)
        job = write_certificates(certificates, org, args.output, workers=args.workers)
        show_progress(job, quiet=args.quiet)
    finally:
        db.dispose()
    print(
        trn(
            "hr.cli.certificates_written",
            len(certificates),
            count=len(certificates),
            path=str(Path(args.output)),
        )
    )
    return 0
