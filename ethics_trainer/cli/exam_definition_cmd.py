"""``exam define``, ``exam list`` and ``exam archive``: the exam definitions (and
the list of sessions).
"""

from __future__ import annotations

import argparse

from ethics_trainer.cli.exam_args import with_db
from ethics_trainer.i18n import tr


def run_define(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.exams import definitions
    from ethics_trainer.exams.definitions import ExamDraft
    from ethics_trainer.storage.draw_parts import DrawPart

    db = with_db(args, "admin")
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
    from ethics_trainer.exams import definitions, sessions
    from ethics_trainer.i18n import formats

    db = with_db(args, "proctor")  # the session codes let anyone join a session
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


def run_archive(args: argparse.Namespace) -> int:
    from ethics_trainer.exams import definitions

    db = with_db(args, "admin")
    try:
        saved = definitions.set_archived(db, args.definition, not args.restore)
        print(tr("exams.cli.restored" if args.restore else "exams.cli.archived", name=saved.name))
        return 0
    finally:
        db.dispose()
