"""``ethics-trainer admin set-password [--role admin|proctor]``: set a role's password.

The new password is read twice from a prompt (or one line from stdin). Once an admin password
exists, the current admin password is asked first.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("admin", help="administration (passwords)")
    commands = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    setpw = commands.add_parser("set-password", help="set the admin or proctor password")
    setpw.add_argument("--role", choices=("admin", "proctor"), default="admin")
    setpw.set_defaults(handler=run_set_password)


def run_set_password(args: argparse.Namespace) -> int:
    import sys

    from ethics_trainer.cli.exam_common import open_db, read_secret, require_role
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import passwords
    from ethics_trainer.i18n import tr

    db = open_db(args)
    try:
        if passwords.has_password(db, passwords.ROLE_ADMIN):
            require_role(db, passwords.ROLE_ADMIN)
        new = read_secret(tr("exams.password.new_prompt", role=args.role))
        interactive = sys.stdin is not None and sys.stdin.isatty()
        if interactive and read_secret(tr("exams.password.confirm_prompt")) != new:
            raise UserError(tr("exams.password.mismatch"))
        passwords.set_password(db, args.role, new)
        print(tr("exams.password.saved", role=args.role))
        return 0
    finally:
        db.dispose()
