"""``ethics-trainer verify-page -o FILE``: the offline certificate verification page.

``--url https://host/path/verify.html`` records where the unit hosts the page: certificates
printed from then on carry QR codes that open it (``--url ""`` goes back to bare signed
text). Without ``-o`` and ``--url`` the current address is shown. Writing the page or setting
the address needs the HR password, like every HR action.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "verify-page", help="write the static HTML page that verifies certificates offline"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="HTML file to write")
    parser.add_argument(
        "--url", metavar="URL", help="where the page is hosted (put into new certificates' QR)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.errors import UserError
    from ethics_trainer.hr.revocations import all_revocations
    from ethics_trainer.hr.verification import all_public_keys, set_verify_url, verify_url
    from ethics_trainer.hr.verify_page import write_page
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
            try:
                write_page(db, target, _course_titles(paths))
            except OSError as exc:
                raise UserError(f"{target}: cannot write: {exc.strerror or exc}") from exc
            keys, revoked = len(all_public_keys(db)), len(all_revocations(db))
            print(tr("interop.verify.page_written", path=str(target), keys=keys, revoked=revoked))
        if args.url is None and not args.output:
            url = verify_url(db)
            print(
                tr("interop.verify.url_current", url=url) if url else tr("interop.verify.url_none")
            )
    finally:
        db.dispose()
    return 0


def _course_titles(paths) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Course titles shown on the page; none when the content cannot be read (ids are shown)."""
    from ethics_trainer.content.loader import load_library

    try:
        library = load_library(paths.content_dir)
    except Exception:  # no or broken content: the page shows course ids instead
        return {}
    return {c.id: c.title for c in library.courses}
