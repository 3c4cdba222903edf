"""``ethics-trainer candidate``: the full-screen candidate screen on an exam-room PC."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "candidate", help="the candidate screen (full screen) for a supervised exam"
    )
    parser.add_argument("--windowed", action="store_true", help="not full screen (testing)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.ui.exams.launch import run_candidate

    return run_candidate(paths_from_args(args), windowed=args.windowed)
