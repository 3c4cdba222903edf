"""Shared pieces of the HR commands: filter options, opening the database, a progress line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

if TYPE_CHECKING:  # imported lazily: registering a command must not load the database layer
    from ethics_trainer.content.model import Library
    from ethics_trainer.hr.progress import Progress
    from ethics_trainer.hr.reports import ReportFilter
    from ethics_trainer.paths import AppPaths
    from ethics_trainer.storage.db import Database


def parse_date(text: str) -> date:
    """``dd/mm/yyyy`` (as Vietnamese write it) or ``yyyy-mm-dd``."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(tr("hr.error.bad_date", value=text))


def add_filter_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", default="", help="part of the unit name, e.g. 'Ba Đình'")
    parser.add_argument("--course", default="", help="course id")
    parser.add_argument("--from", dest="date_from", type=parse_date, help="first day (dd/mm/yyyy)")
    parser.add_argument("--to", dest="date_to", type=parse_date, help="last day (dd/mm/yyyy)")
    parser.add_argument("--roster", metavar="CSV|XLSX", help="roster of people expected to train")


def filter_from_args(args: argparse.Namespace, status: str = "") -> ReportFilter:
    from ethics_trainer.hr.reports import ReportFilter
    from ethics_trainer.hr.roster import load_roster

    roster = tuple(load_roster(args.roster)) if getattr(args, "roster", None) else None
    return ReportFilter(
        unit=args.unit,
        course_id=args.course,
        date_from=args.date_from,
        date_to=args.date_to,
        status=status or getattr(args, "status", "") or "",
        roster=roster,
    )


def open_context(
    args: argparse.Namespace,
) -> tuple[AppPaths, Database, dict[str, str], Library]:
    """(paths, database, {course id: title}, library) for the configured data folder."""
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.cache import load_library_cached
    from ethics_trainer.storage.db import open_database

    paths = paths_from_args(args).ensure()
    db = open_database(paths.database_url)
    # from the app's content cache: only the course titles are needed here
    library = load_library_cached(paths.content_dir, paths.cache_dir)
    titles = {c.id: c.title for c in library.courses}
    if args.__dict__.get("course") and titles and args.course not in titles:
        db.dispose()
        raise UserError(tr("hr.error.unknown_course", course=args.course))
    return paths, db, titles, library


def show_progress(job: Iterator[Progress], *, quiet: bool = False) -> Progress | None:
    """Run ``job``, drawing one progress line on stderr; Ctrl+C cancels it cleanly."""
    last: Progress | None = None
    tty = sys.stderr.isatty()
    shown = -1
    try:
        for last in job:
            if quiet:
                continue
            percent = int(100 * last.fraction)
            if tty:
                print("\r" + last.line()[:100].ljust(100), end="", file=sys.stderr, flush=True)
            elif percent // 10 != shown // 10 or last.done == last.total:
                print(last.line(), file=sys.stderr, flush=True)
            shown = percent
    except KeyboardInterrupt:
        close = getattr(job, "close", None)
        if close:
            close()
        print("\n" + tr("hr.cli.cancelled"), file=sys.stderr)
        raise
    if tty and not quiet:
        print(file=sys.stderr)
    return last
