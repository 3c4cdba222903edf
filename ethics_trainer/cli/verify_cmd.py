"""``ethics-trainer verify TEXT``: check a certificate's QR text or number.

Exit 0 when valid, 1 when altered, forged or unknown.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ethics_trainer.paths import AppPaths


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("verify", help="check a certificate (QR text or certificate number)")
    parser.add_argument("text", help="the scanned QR text, or a number such as ĐĐCV-2026-000123")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.hr.verification import verify
    from ethics_trainer.i18n import tr
    from ethics_trainer.i18n.formats import long_date
    from ethics_trainer.storage.db import open_database

    paths = paths_from_args(args)
    db = open_database(paths.database_url)
    try:
        result = verify(db, args.text, data_dir=paths.data_dir)
    finally:
        db.dispose()
    from ethics_trainer.safe_cells import printable

    print(printable(result.message))
    if result.fields is not None:
        f = result.fields
        lines = [
            ("hr.verify.field.number", f.number),
            ("hr.verify.field.name", f.full_name),
            ("hr.verify.field.unit", result.unit),
            ("hr.verify.field.course", _course_title(paths, f.course_id)),
            ("hr.verify.field.date", long_date(_noon(f.completed_on))),
            ("hr.verify.field.hash", f.content_hash),
        ]
        for key, value in lines:
            if value:
                print(f"  {tr(key)}: {printable(value)}")  # a forged QR's text, escapes gone
    return 0 if result.valid else 1


def _course_title(paths: AppPaths, course_id: str) -> str:
    """The course's title from the configured content; its id when the content is missing or
    no longer has it (verification itself never needs the content)."""
    try:
        from ethics_trainer.content.loader import load_library

        library = load_library(paths.content_dir)
    except Exception:  # no or broken content: the id still identifies the course
        return course_id
    titles = {c.id: c.title for c in library.courses}
    title = titles.get(course_id)
    return f"{title} ({course_id})" if title else course_id


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12)
