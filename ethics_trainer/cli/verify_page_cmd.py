"""``ethics-trainer verify-page -o FILE``: the offline certificate verification page.

``--url https://host/path/verify.html`` records where the unit hosts the page: certificates
printed from then on carry QR codes that open it (``--url ""`` goes back to bare signed
text). Without ``-o`` and ``--url`` the current address is shown. Writing the page or setting
the address needs the HR password, like every HR action. The page always holds this PC's
signing key (made now if no certificate was printed yet), so the documented order "write the
page, publish it, then print" works; exit 1 if the page would hold no key at all.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ethics_trainer.paths import AppPaths


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "verify-page", help="write the static HTML page that verifies certificates offline"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="HTML file to write")
    parser.add_argument(
        "--url", metavar="URL", help="where the page is hosted (put into new certificates' QR)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.fileio.oserrors import os_error
    from ethics_trainer.hr.verification import set_verify_url, verify_url
    from ethics_trainer.hr.verify_page import publish_page
    from ethics_trainer.i18n import tr
    from ethics_trainer.storage.db import open_database

    paths = paths_from_args(args)
    db = open_database(paths.database_url)
    try:
        if args.url is not None or args.output:
            require_role(db, "hr")  # changing what certificates carry, publishing the list
        if args.url is not None:
            url = set_verify_url(db, args.url)
            print(
                tr("interop.verify.url_set", url=url) if url else tr("interop.verify.url_cleared")
            )
        if args.output:
            target = Path(args.output)
            try:  # this PC's signing key is loaded (made) first, so the page holds it
                page = publish_page(db, target, _course_titles(paths), data_dir=paths.data_dir)
            except OSError as exc:
                raise os_error(exc, target, writing=True) from exc
            print(
                tr(
                    "interop.verify.page_written",
                    path=str(page.path),
                    keys=page.keys,
                    revoked=page.revoked,
                )
            )
            if page.key_problem:
                print(
                    tr("interop.verify.key_unreadable", problem=page.key_problem), file=sys.stderr
                )
            if page.keys == 0:
                print(f"ethics-trainer: {tr('interop.verify.no_keys')}", file=sys.stderr)
                return 1
        if args.url is None and not args.output:
            url = verify_url(db)
            print(
                tr("interop.verify.url_current", url=url) if url else tr("interop.verify.url_none")
            )
    finally:
        db.dispose()
    return 0


def _course_titles(paths: AppPaths) -> dict[str, str]:
    """Course titles shown on the page; none when the content cannot be read (ids are shown)."""
    from ethics_trainer.content.loader import load_library

    try:
        library = load_library(paths.content_dir)
    except Exception:  # no or broken content: the page shows course ids instead
        return {}
    return {c.id: c.title for c in library.courses}
