"""``ethics-trainer exam ...``: definitions, sessions, roster, minutes and results from a shell.

Every action but ``list`` asks for the proctor (or admin) password: from the terminal, or
one line of stdin in scripts. The proctor's actions on one candidate (``lock``, ``unlock``,
``extra-time``, ``approve-move``) name the candidate by the row number ``exam status`` shows
or by employee code, so a proctor whose console is down can still act from a shell.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer.i18n import tr, trn

if TYPE_CHECKING:  # imported lazily: registering a command must not load the database layer
    from ethics_trainer.exams.live_roster import CandidateRow
    from ethics_trainer.storage.db import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("exam", help="supervised exams: define, open, roster, end, export")
    actions = parser.add_subparsers(dest="exam_command", metavar="ACTION", required=True)

    define = actions.add_parser("define", help="create an exam definition (admin)")
    define.add_argument("--name", required=True)
    define.add_argument("--course", required=True)
    define.add_argument("--count", type=int, default=None, help="questions to draw (default: all)")
    define.add_argument("--banks", default="", help="comma-separated bank ids (default: all)")
    define.add_argument("--tags", default="", help="comma-separated tags")
    define.add_argument("--minutes", type=int, default=30)
    define.add_argument("--pass-percent", type=float, default=80.0)
    define.add_argument("--attempts", type=int, default=1)
    define.add_argument("--show", choices=("score", "answers", "nothing"), default="score")
    define.add_argument("--no-shuffle", action="store_true")
    define.set_defaults(handler=run_define)

    actions.add_parser("list", help="definitions and sessions").set_defaults(handler=run_list)

    open_ = actions.add_parser("open", help="open a session; prints its code")
    open_.add_argument("--definition", type=int, required=True)
    open_.add_argument("--date", default="")
    open_.add_argument("--room", default="")
    open_.set_defaults(handler=run_open)

    roster = actions.add_parser("roster", help="load a roster (CSV or XLSX) into a session")
    roster.add_argument("--session", required=True, help=SESSION_HELP)
    roster.add_argument("file")
    roster.set_defaults(handler=run_roster)

    status = actions.add_parser("status", help="the live list of a session")
    status.add_argument("--session", required=True, help=SESSION_HELP)
    status.set_defaults(handler=run_status)

    end = actions.add_parser("end", help="end a session (submits everyone still working)")
    end.add_argument("--session", required=True, help=SESSION_HELP)
    end.set_defaults(handler=run_end)

    for name, help_text in (
        ("lock", "lock a candidate (answers refused until unlocked)"),
        ("unlock", "unlock a candidate"),
        ("extra-time", "give one candidate extra minutes"),
        ("approve-move", "let a candidate continue on the PC they asked from"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--session", required=True, help=SESSION_HELP)
        action.add_argument("candidate", help="row number from 'exam status', or employee code")
        if name == "extra-time":
            action.add_argument("--minutes", type=float, required=True)
        if name != "approve-move":
            action.add_argument("--reason", default="")
        action.set_defaults(handler=run_candidate_action, action=name)

    archive = actions.add_parser("archive", help="hide a definition from new sessions (admin)")
    archive.add_argument("--definition", type=int, required=True)
    archive.add_argument("--restore", action="store_true", help="show it again")
    archive.set_defaults(handler=run_archive)

    minutes = actions.add_parser("minutes", help="export the minutes (biên bản) as PDF or XLSX")
    minutes.add_argument("--session", required=True, help=SESSION_HELP)
    minutes.add_argument("output", help="file name ending in .pdf or .xlsx")
    minutes.set_defaults(handler=run_minutes)

    verify = actions.add_parser(
        "verify", help="check every sealed result of a session; exit 1 if any was tampered with"
    )
    verify.add_argument("--session", required=True, help="session code (or number)")
    verify.set_defaults(handler=run_verify)

    seal = actions.add_parser("seal", help="seal the submitted results of a session now")
    seal.add_argument("--session", required=True, help="session code (or number)")
    seal.set_defaults(handler=run_seal)

    reseal = actions.add_parser(
        "reseal",
        help="take over sessions sealed before this PC kept seal notes (admin): verify, then seal",
    )
    which = reseal.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", help="session code (or number)")
    which.add_argument("--all", action="store_true", help="every session this PC has no note of")
    reseal.add_argument(
        "--accept-unsealed",
        action="store_true",
        help="with --session: seal a session that ended without seals, or whose seals are "
        "missing, as it now stands (written to the minutes)",
    )
    reseal.set_defaults(handler=run_reseal)
    actions.add_parser(
        "seal-key", help="print this PC's seal public key (to trust it on another PC)"
    ).set_defaults(handler=run_seal_key)

    results = actions.add_parser("results", help="export results and item analysis (XLSX)")
    results.add_argument("--session", required=True, help=SESSION_HELP)
    results.add_argument("output", nargs="?", help="file name ending in .xlsx")
    results.set_defaults(handler=run_results)


SESSION_HELP = "the session code shown on screen (e.g. K7M2QX), or its number"


def session_id(db: Database, value: str | int) -> int:
    """The session a ``--session`` names: its code as the screens show it (spaces, dashes and
    case do not matter), else its number."""
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import sessions

    text = str(value).strip()
    try:
        return sessions.find_session(db, text).id
    except UserError:
        if not text.isdigit():
            raise
    return sessions.get_session(db, int(text)).id


def _data_dir(args: argparse.Namespace) -> Path:
    """This run's data folder: where the proctor PC's seal key, notes and trusted keys are."""
    from ethics_trainer.cli.main import paths_from_args

    return paths_from_args(args).data_dir


def _with_db(args: argparse.Namespace, role: str | None = "proctor") -> Database:
    from ethics_trainer.cli.exam_common import open_db, require_role

    db = open_db(args)
    if role:
        try:
            require_role(db, role)
        except BaseException:
            db.dispose()
            raise
    return db


def run_define(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.exams import definitions
    from ethics_trainer.exams.definitions import ExamDraft
    from ethics_trainer.storage.draw_parts import DrawPart

    db = _with_db(args, "admin")
    try:
        library = load_library(paths_from_args(args).content_dir)

        def split(text: str) -> tuple[str, ...]:
            return tuple(t.strip() for t in text.split(",") if t.strip())

        draft = ExamDraft(
            name=args.name,
            course_id=args.course,
            parts=[DrawPart(args.count, split(args.banks), split(args.tags))],
            minutes=args.minutes,
            pass_percent=args.pass_percent,
            attempts_allowed=args.attempts,
            shuffle_questions=not args.no_shuffle,
            shuffle_options=not args.no_shuffle,
            show_after=args.show,
        )
        saved = definitions.save_definition(db, draft, library=library)
        print(tr("delivery.exam.definition", id=saved.id, name=saved.name))
        return 0
    finally:
        db.dispose()


def run_list(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import (
        definitions,
        sessions,
    )
    from ethics_trainer.i18n import formats

    db = _with_db(args, "proctor")  # the session codes let anyone join a session
    try:
        for d in definitions.list_definitions(db):
            print(
                tr(
                    "delivery.exam.definition_line",
                    id=d.id,
                    name=d.name,
                    course=d.course_id,
                    minutes=d.minutes,
                    percent=formats.number(d.pass_percent),
                )
            )
        for s in sessions.list_sessions(db):
            state = tr("delivery.exam.ended" if s.ended else "delivery.exam.open")
            print(
                tr(
                    "delivery.exam.session_line",
                    id=s.id,
                    code=s.code,
                    name=s.definition.name,
                    date=s.exam_date,
                    room=s.room,
                    state=state,
                )
            )
        return 0
    finally:
        db.dispose()


def run_open(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import sessions

    db = _with_db(args)
    try:
        info = sessions.open_session(db, args.definition, exam_date=args.date, room=args.room)
        print(tr("delivery.exam.session", id=info.id, code=info.code))
        return 0
    finally:
        db.dispose()


def run_roster(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import (
        roster,
        sessions,
    )

    db = _with_db(args)
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

    db = _with_db(args)
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

    db = _with_db(args)
    try:
        clock = synced_room_clock(db)  # submitted_at and the minutes on the server's time
        ended = session_end.end_session(
            db, session_id(db, args.session), clock=clock, data_dir=_data_dir(args)
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

    db = _with_db(args)
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


def run_archive(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import definitions

    db = _with_db(args, "admin")
    try:
        saved = definitions.set_archived(db, args.definition, not args.restore)
        print(tr("exams.cli.restored" if args.restore else "exams.cli.archived", name=saved.name))
        return 0
    finally:
        db.dispose()


def run_minutes(args: argparse.Namespace) -> int:
    from ethics_trainer.exams.minutes_export import export_minutes_pdf, export_minutes_xlsx

    db = _with_db(args)
    try:
        out = Path(args.output)
        export = export_minutes_pdf if out.suffix.lower() == ".pdf" else export_minutes_xlsx
        print(export(db, session_id(db, args.session), out))
        return 0
    finally:
        db.dispose()


def run_results(args: argparse.Namespace) -> int:
    """Print flagged attempts; exit 1 if any result does not match its seal."""
    from ethics_trainer.exams import results
    from ethics_trainer.safe_cells import printable

    db = _with_db(args)
    try:
        res = results.session_results(db, session_id(db, args.session), _data_dir(args))
        if args.output:
            print(results.export_results_xlsx(res, Path(args.output)))
        for row in res.flagged:
            print(
                tr(
                    "delivery.exam.flagged",
                    name=printable(row.candidate.full_name),
                    attempt=row.candidate.attempt_id,
                    integrity=row.integrity,
                )
            )
        print(tr("delivery.exam.results", submitted=len(res.submitted), flagged=len(res.flagged)))
        return 1 if res.flagged else 0
    finally:
        db.dispose()


def run_verify(args: argparse.Namespace) -> int:
    """One line per tampered, moved, inserted, missing or unsealed attempt; exit 1 if any."""
    from ethics_trainer.exams import seal_verify
    from ethics_trainer.exams.results import seal_summary

    db = _with_db(args)
    try:
        verdict = seal_verify.verify_here(db, session_id(db, args.session), _data_dir(args))
        for problem in verdict.problems:
            print(problem.line())
        for note in verdict.notes:
            print(note)
        print(seal_summary(verdict))
        return 0 if verdict.ok else 1
    finally:
        db.dispose()


def run_seal(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import seal_keys, sealing

    db = _with_db(args)
    try:
        sealed = sealing.seal_session(
            db, session_id(db, args.session), seal_keys.proctor_signer(db, _data_dir(args))
        )
        print(tr("security.seal.sealed", count=sealed))
        return 0
    finally:
        db.dispose()


def run_reseal(args: argparse.Namespace) -> int:
    """Verify sessions sealed before this PC kept notes, then seal and note them; exit 1 if
    any does not verify (it is named and left as it is)."""
    import platform

    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import seal_keys, seal_takeover

    if args.accept_unsealed and args.all:
        raise UserError(tr("security.seal.accept_one_session"))
    db = _with_db(args, "admin")
    try:
        signer = seal_keys.proctor_signer(db, _data_dir(args))
        alarm = seal_takeover.database_alarm(db, signer.folder)
        if args.all:
            ids = [sid for sid, _code in seal_takeover.sessions_without_note(db, signer.folder)]
        else:
            ids = [session_id(db, args.session)]
        machine = (platform.node() or "?") if args.accept_unsealed else None
        outcomes = seal_takeover.upgrade_sessions(db, signer, ids, accept_unsealed=machine)
        if alarm is not None:
            print(alarm.message)
        for outcome in outcomes:
            print(outcome.message)
        if not outcomes:
            print(tr("security.seal.nothing_to_upgrade"))
        return 0 if alarm is None and all(o.ok for o in outcomes) else 1
    finally:
        db.dispose()


def run_seal_key(args: argparse.Namespace) -> int:
    """The public half of this PC's seal key, as another PC's trusted-seal-keys/*.pub holds it."""
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import seal_keys

    db = _with_db(args, None)
    try:
        signer = seal_keys.load_signer(seal_keys.key_folder(db, _data_dir(args)), create=False)
        if signer is None:
            raise UserError(tr("security.seal.no_key"), tr("security.seal.no_key_hint"))
        print(f"{signer.key_id} {signer.public.hex()}")
        return 0
    finally:
        db.dispose()
