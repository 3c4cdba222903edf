"""``ethics-trainer gui``: start the desktop app (the same as no subcommand)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("gui", help="start the desktop app (default)")
    parser.add_argument("--lang", choices=["vi", "en"], help="interface language")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer import i18n
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.ui.app import run_gui

    if args.lang:
        i18n.set_language(args.lang)  # messages printed before the window opens
    return run_gui(paths_from_args(args), language=args.lang)


def main() -> int:
    """Entry point of the ``ethics-trainer-gui`` launcher (no console on Windows)."""
    from ethics_trainer.cli.main import main as cli_main

    return cli_main([])
