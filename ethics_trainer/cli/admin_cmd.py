"""``ethics-trainer admin ...``: role passwords and personal data.

``set-password [--role admin|proctor|hr]`` reads the new password twice from a prompt (or one
line from stdin). Once an admin password exists, the current admin password is asked first
(``ETHICS_TRAINER_PASSWORD``, the terminal or stdin). ``person-export`` and ``person-erase``
answer a person's request about their data (HR role, see docs/security.md).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # opened on first use: the CLI starts without the database layer
    from ethics_trainer.storage.db import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("admin", help="administration (passwords, personal data)")
    commands = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    setpw = commands.add_parser("set-password", help="set the admin, proctor or HR password")
    setpw.add_argument("--role", choices=("admin", "proctor", "hr"), default="admin")
    setpw.set_defaults(handler=run_set_password)

    export = commands.add_parser(
        "person-export", help="write everything stored about one person as JSON (HR)"
    )
    export.add_argument("person", help="learner id or employee code")
    export.add_argument("output", help="file name ending in .json")
    export.set_defaults(handler=run_person_export)

    erase = commands.add_parser(
        "person-erase", help="erase one person's name and details; results stay, anonymous (HR)"
    )
    erase.add_argument("person", help="learner id or employee code")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=run_person_erase)


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
        elif args.role != passwords.ROLE_ADMIN:
            # the first password is the admin's: every other role is set by the admin
            raise UserError(tr("security.password.admin_first"))
        new = read_secret(tr("exams.password.new_prompt", role=args.role))
        interactive = sys.stdin is not None and sys.stdin.isatty()
        if interactive and read_secret(tr("exams.password.confirm_prompt")) != new:
            raise UserError(tr("exams.password.mismatch"))
        passwords.set_password(db, args.role, new)
        print(tr("exams.password.saved", role=args.role))
        return 0
    finally:
        db.dispose()


def _person(db: Database, key: str) -> int:
    from ethics_trainer.services import learners

    return learners.find_person(db, key)


def run_person_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ethics_trainer.cli.exam_common import open_db, require_role
    from ethics_trainer.i18n import tr
    from ethics_trainer.services import learners

    db = open_db(args)
    try:
        require_role(db, "hr")
        written = learners.export_person(db, _person(db, args.person), Path(args.output))
        print(tr("security.person.exported", path=str(written)))
        return 0
    finally:
        db.dispose()


def run_person_erase(args: argparse.Namespace) -> int:
    import sys

    from ethics_trainer.cli.exam_common import open_db, require_role
    from ethics_trainer.errors import UserError
    from ethics_trainer.i18n import tr
    from ethics_trainer.services import learners

    db = open_db(args)
    try:
        require_role(db, "hr")
        learner_id = _person(db, args.person)
        if not args.yes:
            name = learners.get_learner(db, learner_id).full_name
            prompt = tr("security.person.confirm", name=name)
            if sys.stdin is not None and sys.stdin.isatty():
                answer = input(prompt)
            else:
                print(prompt, file=sys.stderr)
                answer = sys.stdin.readline() if sys.stdin is not None else ""
            if answer.strip().casefold() not in ("y", "yes", "c", "có", "co"):
                raise UserError(tr("security.person.not_erased"))
        learners.erase_person(db, learner_id)
        print(tr("security.person.erased", id=learner_id))
        return 0
    finally:
        db.dispose()
