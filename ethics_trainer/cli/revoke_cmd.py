"""``ethics-trainer revoke NUMBER --reason TEXT``: withdraw a certificate (``--list`` shows all).

Verification then reports the certificate revoked; write the verification page again
(``verify-page``) so the page lists it too. Needs the HR password (``ETHICS_TRAINER_PASSWORD``
or asked), like every HR action. Exit 0 when done, 1 for an unknown number or a missing reason.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("revoke", help="revoke a certificate (with a reason), or list them")
    parser.add_argument("number", nargs="?", help="certificate number, e.g. ĐĐCV-2026-000123")
    parser.add_argument("--reason", default="", help="why it is revoked (required)")
    parser.add_argument("--by", default="", help="who revokes it (recorded)")
    parser.add_argument("--list", action="store_true", help="list revoked certificates")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.errors import UserError
    from ethics_trainer.hr.revocations import all_revocations, revoke
    from ethics_trainer.i18n import tr
    from ethics_trainer.i18n.formats import local
    from ethics_trainer.storage.db import open_database

    if not args.list and not args.number:
        raise UserError(tr("interop.revoke.unknown", number="—"))
    db = open_database(paths_from_args(args).database_url)
    try:
        require_role(db, "hr")  # the role of every HR action, as in the GUI
        if args.number:
            done = revoke(db, args.number, args.reason, by=args.by)
            print(tr("interop.revoke.done", number=done.number, reason=done.reason))
        if args.list:
            rows = all_revocations(db)
            if not rows:
                print(tr("interop.revoke.none"))
            for row in rows:
                day = local(row.revoked_at).date().isoformat()
                print(tr("interop.revoke.line", number=row.number, date=day, reason=row.reason))
    finally:
        db.dispose()
    return 0
