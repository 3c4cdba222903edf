"""``exam open``, ``roster``, ``status``, ``end`` and the proctor's actions on one
candidate (``lock``, ``unlock``, ``extra-time``, ``approve-move``): the session in the room.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer.cli.exam_args import data_dir, session_id, with_db
from ethics_trainer.i18n import tr, trn

if TYPE_CHECKING:  # imported lazily: registering a command must not load the database layer
    from ethics_trainer.exams.live_roster import CandidateRow


def run_open(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import sessions

    db = with_db(args)
    try:
        info = sessions.open_session(db, args.definition, exam_date=args.date, room=args.room)
        print(tr("delivery.exam.session", id=info.id, code=info.code))
        return 0
    finally:
        db.dispose()


def run_roster(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import roster, sessions

    db = with_db(args)
    try:
        rows = roster.read_roster(Path(args.file), terminal_progress("delivery.roster.reading"))
        added = sessions.add_roster(
            db,
            session_id(db, args.session),
            rows,
            progress=terminal_progress("delivery.roster.storing"),
        )
        print(trn("delivery.exam.added", added, count=added))
        return 0
    finally:
        db.dispose()


def terminal_progress(message_id: str) -> Callable[[int, int], None] | None:
    """A percentage on one terminal line while a long roster is read and stored (100,000 rows
    take seconds); nothing when the output goes to a script or a file."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        end = "\n" if done >= total else ""
        print(f"\r{tr(message_id, percent=percent)}", end=end, file=sys.stderr, flush=True)

    return show


def run_status(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import live_roster
    from ethics_trainer.exams.server_time import synced_room_clock
    from ethics_trainer.i18n import formats
    from ethics_trainer.safe_cells import printable

    db = with_db(args)
    try:
        now = synced_room_clock(db).now()  # time left on the server's clock, not this PC's
        for r in live_roster.roster(db, session_id(db, args.session)):
            left = r.seconds_left(now)
            status = tr(f"exams.status.{r.status}")
            score = "" if r.score is None else formats.number(r.score)
            locked = " " + tr("delivery.exam.locked_mark") if r.locked else ""
            print(
                f"{r.row_no:>3} {printable(r.full_name):<30} {status:<14} "
                f"{r.answered}/{r.question_count}"
                f" {'' if left is None else f'{left // 60}:{left % 60:02d}'}"
                f" {score}{locked}"
            )
        return 0
    finally:
        db.dispose()


def run_end(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import session_end
    from ethics_trainer.exams.server_time import synced_room_clock

    db = with_db(args)
    try:
        clock = synced_room_clock(db)  # submitted_at and the minutes on the server's time
        ended = session_end.end_session(
            db, session_id(db, args.session), clock=clock, data_dir=data_dir(args)
        )
        print(tr("delivery.exam.session_ended", count=ended))
        return 0
    finally:
        db.dispose()


def find_candidate(rows: Sequence[CandidateRow], key: str) -> CandidateRow:
    """The roster row named by its number (as ``exam status`` prints it) or employee code."""
    from ethics_trainer.errors import UserError

    key = key.strip()
    for row in rows:
        if (key.isdigit() and row.row_no == int(key)) or (
            row.employee_code and row.employee_code.casefold() == key.casefold()
        ):
            return row
    raise UserError(tr("exams.cli.no_candidate", key=key))


def run_candidate_action(args: argparse.Namespace) -> int:
    """lock / unlock / extra-time / approve-move for one candidate, logged in the minutes."""
    from ethics_trainer.exams import checkin, live_roster, proctor_actions
    from ethics_trainer.exams.server_time import synced_room_clock
    from ethics_trainer.i18n import formats, tr

    db = with_db(args)
    try:
        clock = synced_room_clock(db)  # the minutes carry the server's time
        row = find_candidate(live_roster.roster(db, session_id(db, args.session)), args.candidate)
        if args.action in ("lock", "unlock"):
            proctor_actions.set_locked(
                db, row.id, args.action == "lock", reason=args.reason, clock=clock
            )
            print(tr(f"exams.cli.{args.action}ed", name=row.full_name))
        elif args.action == "extra-time":
            deadline = proctor_actions.grant_extra_time(
                db, row.id, args.minutes, reason=args.reason, clock=clock
            )
            print(
                tr(
                    "exams.cli.extra_time",
                    name=row.full_name,
                    minutes=f"{args.minutes:g}",
                    deadline=formats.date_time(deadline),
                )
            )
        else:
            checkin.approve_move(db, row.id, clock=clock)
            print(tr("exams.cli.move_approved", name=row.full_name))
        return 0
    finally:
        db.dispose()
