"""``ethics-trainer demo-data --learners N [--seed S] [--force]``: fill the database with
sample people. Needs the admin password; refuses a database holding real people unless
``--force``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("demo-data", help="add made-up learners, attempts and completions")
    parser.add_argument("--learners", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=1, metavar="S")
    parser.add_argument("--quiet", "-q", action="store_true")
    parser.add_argument(
        "--force",
        action="store_true",
        help="add made-up people even though the database holds real ones",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.cli.hr_common import open_context, show_progress
    from ethics_trainer.hr.demo_data import generate
    from ethics_trainer.i18n import tr

    _paths, db, _titles, library = open_context(args)
    course_id = library.courses[0].id if library.courses else "dao-duc-cong-vu-ha-noi"
    try:
        require_role(db, "admin")
        job = generate(
            db,
            args.learners,
            seed=args.seed,
            course_id=course_id,
            content_hash=library.content_hash,
            allow_real_people=args.force,
        )
        last = show_progress(job, quiet=args.quiet)
    finally:
        db.dispose()
    learners, attempts, completions = json.loads(last.item) if last else (0, 0, 0)
    print(tr("hr.cli.demo_done", learners=learners, attempts=attempts, completions=completions))
    return 0
