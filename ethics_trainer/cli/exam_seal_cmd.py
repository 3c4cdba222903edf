"""``exam verify``, ``seal``, ``reseal`` and ``seal-key``: the session's seals."""

from __future__ import annotations

import argparse

from ethics_trainer.cli.exam_args import data_dir, session_id, with_db
from ethics_trainer.i18n import tr


def run_verify(args: argparse.Namespace) -> int:
    """One line per tampered, moved, inserted, missing or unsealed attempt; exit 1 if any."""
    from ethics_trainer.exams import seal_verify
    from ethics_trainer.exams.results import seal_summary

    db = with_db(args)
    try:
        verdict = seal_verify.verify_here(db, session_id(db, args.session), data_dir(args))
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

    db = with_db(args)
    try:
        sealed = sealing.seal_session(
            db, session_id(db, args.session), seal_keys.proctor_signer(db, data_dir(args))
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
    db = with_db(args, "admin")
    try:
        signer = seal_keys.proctor_signer(db, data_dir(args))
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

    db = with_db(args, None)
    try:
        signer = seal_keys.load_signer(seal_keys.key_folder(db, data_dir(args)), create=False)
        if signer is None:
            raise UserError(tr("security.seal.no_key"), tr("security.seal.no_key_hint"))
        print(f"{signer.key_id} {signer.public.hex()}")
        return 0
    finally:
        db.dispose()
