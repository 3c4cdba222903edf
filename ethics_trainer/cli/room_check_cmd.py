"""``ethics-trainer room-check --database URL --candidates N --questions Q [--pace S]``.

Simulates a room answering at once against the server and verifies every answer is stored.
The candidates run in several worker processes (``--workers``, default one per core, at least
two), each with its own connection, as the PCs of a room would. ``--pace`` is the mean time in
seconds between one candidate's answers (a real candidate: 30–60 s); 0 is as fast as possible.
Every answer is journalled before it is sent; answers the server did not confirm are replayed
when it answers again, then ``lost = sent − stored`` (the line before the last says how).
In English (``--lang en``, an English locale) the last line is exactly
``written 1500, lost 0, p50 3.1 ms, p99 12.4 ms``, a contract scripts parse; in Vietnamese
the same figures read ``đã ghi 1500, mất 0, p50 3,1 ms, p99 12,4 ms``. Exit 1 if any
answer was lost or never sent. ``--database`` works before or after the subcommand.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("room-check", help="dry-run a room of candidates against the database")
    # its own dest: a subparser default would otherwise wipe the global --database
    parser.add_argument("--database", dest="room_database", metavar="URL", default=None)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="mean seconds between one candidate's answers (default 0: as fast as possible)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes to spread the candidates over"
    )
    parser.add_argument(
        "--rooms",
        type=int,
        default=None,
        help="exam sessions to spread them over (default: 100 a room)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the simulated rows (asks for the admin password)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.exams.room_check import run_room_check
    from ethics_trainer.i18n import tr

    url = args.room_database or paths_from_args(args).database_url
    if url.startswith("sqlite"):
        paths_from_args(args).ensure()
    if args.keep:
        _require_admin(url)  # kept rows stay in the production database
    result = run_room_check(
        url,
        args.candidates,
        args.questions,
        pace=args.pace,
        workers=args.workers,
        rooms=args.rooms,
        keep=args.keep,
        progress=lambda text: print(text, flush=True),
    )
    for error in result.errors[:20]:
        print(tr("delivery.room_check.error", error=error), flush=True)
    print(result.localized_journal_line(), flush=True)
    print(result.localized_summary(), flush=True)
    return 1 if result.lost or result.not_sent else 0


def _require_admin(url: str) -> None:
    """``--keep`` writes sessions, definitions and people that stay: the admin's decision."""
    from ethics_trainer.cli.exam_common import require_role
    from ethics_trainer.storage.db import open_database

    db = open_database(url)
    try:
        require_role(db, "admin")
    finally:
        db.dispose()
