"""``ethics-trainer proctor``: the proctor's console (asks the proctor password)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("proctor", help="the proctor console for supervised exams")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.ui.exams.launch import run_proctor

    return run_proctor(paths_from_args(args))
