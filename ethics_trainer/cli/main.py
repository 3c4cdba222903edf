"""Entry point of ``ethics-trainer``.

Global options (``--data-dir``, ``--database``, ``--content``) go before the subcommand. With no
subcommand the desktop app starts. Each subcommand lives in its own module under
``ethics_trainer.cli`` and exposes ``register(subparsers)``; the module is imported only when
needed so ``ethics-trainer check`` does not pay for Qt or the database.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ethics_trainer import __version__, i18n
from ethics_trainer.cli.boundary import guarded
from ethics_trainer.cli.display import WINDOW_COMMANDS, has_display, no_display_message
from ethics_trainer.cli.language import (
    LANG_OPTION,
    chosen_language,
    localize_argparse,
    localize_parser,
)
from ethics_trainer.paths import AppPaths, resolve_paths

# subcommand name -> module under ethics_trainer.cli that registers it. Keep those modules
# light: import heavy things inside their handlers, since every one is imported at start.
COMMANDS: dict[str, str] = {
    "check": "check_cmd",
    "db": "db_cmd",
    "gui": "gui_cmd",
    "search": "search_cmd",
    "report": "report_cmd",
    "certificates": "certificates_cmd",
    "verify": "verify_cmd",
    "verify-page": "verify_page_cmd",
    "revoke": "revoke_cmd",
    "demo-data": "demo_data_cmd",
    "admin": "admin_cmd",
    "exam": "exam_cmd",
    "candidate": "candidate_cmd",
    "proctor": "proctor_cmd",
    "room-check": "room_check_cmd",
    "import": "import_cmd",
    "export": "export_cmd",
}


def _global_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ethics-trainer",
        description="Ethics Trainer — public-service ethics training",
    )
    parser.add_argument(
        LANG_OPTION,
        choices=sorted(i18n.LANGUAGES),
        help="language of the command line: vi or en (env ETHICS_TRAINER_LANG, or the locale)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="data folder (env ETHICS_TRAINER_DATA_DIR)"
    )
    parser.add_argument(
        "--database", metavar="URL", help="database URL (env ETHICS_TRAINER_DATABASE_URL)"
    )
    parser.add_argument(
        "--content", metavar="DIR", help="content folder (env ETHICS_TRAINER_CONTENT)"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(f"ethics_trainer.cli.{module_name}")
        module.register(sub)
    return parser


def _only_global_options(argv: Sequence[str]) -> bool:
    """True for a plain launch of the app (no subcommand, no help): the GUI then starts without
    importing every subcommand's module (~12 ms before the first paint). A subcommand name
    anywhere, even as an option's value, takes the full parser, which reads it correctly."""
    return not any(arg in COMMANDS or arg in ("-h", "--help", "--version") for arg in argv)


def plain_launch_args() -> argparse.Namespace:
    """What the global parser makes of no arguments at all (tests/test_cli.py compares)."""
    return argparse.Namespace(lang=None, data_dir=None, database=None, content=None, command=None)


def paths_from_args(args: argparse.Namespace) -> AppPaths:
    return resolve_paths(args.data_dir, args.database, args.content)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = chosen_language(argv)
    if language:
        i18n.set_language(language)
    localize_argparse()
    if not argv:
        # The plain launch of the app (its shortcut): nothing to parse, and building and
        # translating the parser cost ~14 ms CPU before the first paint (issue #17).
        args = plain_launch_args()
    elif _only_global_options(argv):
        parser = _global_parser()
        localize_parser(parser)
        args = parser.parse_args(argv)
        args.command = None
    else:
        parser = build_parser()
        localize_parser(parser)
        args = parser.parse_args(argv)
    if args.command in WINDOW_COMMANDS and not has_display():
        print(f"ethics-trainer: {no_display_message()}", file=sys.stderr)
        return 2
    if args.command is None:

        def app() -> int:
            from ethics_trainer.ui.app import run_gui

            return run_gui(paths_from_args(args))

        def notify(message: str, hint: str) -> None:
            from ethics_trainer.ui.app import show_startup_error

            show_startup_error(message, hint)

        return guarded(app, lambda: paths_from_args(args), notify)
    # Exit 2 is argparse's (a usage error); every failure past this point exits 1.
    return guarded(lambda: args.handler(args), lambda: paths_from_args(args))


if __name__ == "__main__":
    raise SystemExit(main())
