"""``ethics-trainer exam ...``: definitions, sessions, roster, minutes and results from a shell.

Every action but ``list`` asks for the proctor (or admin) password: from the terminal, or
one line of stdin in scripts. The proctor's actions on one candidate (``lock``, ``unlock``,
``extra-time``, ``approve-move``) name the candidate by the row number ``exam status`` shows
or by employee code, so a proctor whose console is down can still act from a shell.

This module only declares the actions; each group runs in its own module (definitions,
the session in the room, exports, seals).
"""

from __future__ import annotations

import argparse

from ethics_trainer.cli.exam_args import SESSION_HELP
from ethics_trainer.cli.exam_definition_cmd import run_archive, run_define, run_list
from ethics_trainer.cli.exam_export_cmd import run_minutes, run_results
from ethics_trainer.cli.exam_room_cmd import (
    run_candidate_action,
    run_end,
    run_open,
    run_roster,
    run_status,
)
from ethics_trainer.cli.exam_seal_cmd import run_reseal, run_seal, run_seal_key, run_verify


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
