"""Finding 1: sessions sealed before this PC kept seal notes are taken over safely.

A session sealed by an earlier version (Ed25519 seals, no note in ``sealed-sessions/``) was
protected against "delete every seal, edit, wait for the next seal" only once this version
had sealed or refreshed it, and that first seal extended and re-signed whatever it found. Now
the proctor console takes over every such session when it opens (and ``exam reseal`` does on
demand, with the admin password): each is verified by the method it was sealed with first; a
clean one is sealed and noted, a tampered one is named and never sealed again, and is still
remembered as sealed, so deleting its seals cannot get it rebuilt.
"""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import (
    passwords,
    seal_keys,
    seal_ledger,
    seal_verdict,
    seal_verify,
    sealing,
)

from ..exams.helpers import make_exam
from .helpers import ADMIN_PASSWORD, PROCTOR_PASSWORD, sit


@pytest.fixture
def old_session(db, sample_content):  # type: ignore[no-untyped-def]
    """Two candidates handed in and were sealed by the previous version (no note kept); the
    third has not handed in yet."""
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    ids = [sit(db, setup, i, clock, right=i == 0) for i in range(2)]
    signer = seal_keys.proctor_signer(db)
    assert sealing.seal_session(db, setup.session.id, signer) == 2
    shutil.rmtree(signer.folder / seal_ledger.LEDGER_DIR_NAME)  # the older version kept none
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    return setup, ids, clock, signer


def _noted(signer, setup) -> seal_ledger.SealNote | None:  # type: ignore[no-untyped-def]
    return seal_ledger.read_note(signer.folder, setup.session.id, setup.session.code, signer.public)


def _wipe_seals_and_edit(db, attempt_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM attempt_signature"))
        conn.execute(sa.text("DELETE FROM session_manifest"))
        conn.execute(sa.text("UPDATE attempt SET score = 100, passed = 1 WHERE id = :a"),
                     {"a": attempt_id})  # fmt: skip


def _cli(db, *args: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--lang", "en", "--database", db.url, "exam", *args])


def test_a_clean_old_session_is_taken_over(db, old_session, monkeypatch, capsys) -> None:
    setup, ids, clock, signer = old_session
    sit(db, setup, 2, clock)  # handed in after the upgrade
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    assert _cli(db, "reseal", "--all") == 1  # the proctor's password is not enough
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    capsys.readouterr()
    assert _cli(db, "reseal", "--all") == 0
    assert f"Session {setup.session.code}: every seal verified" in capsys.readouterr().out
    note = _noted(signer, setup)
    assert note is not None and note.count == 3
    # the attack the note defeats: seals deleted, a score edited, the console seals again
    _wipe_seals_and_edit(db, ids[1])
    verdict = sealing.seal_and_verify(db, setup.session.id)
    assert (seal_verdict.STATUS_MISSING, None) in [
        (p.status, p.attempt_id) for p in verdict.problems
    ]
    assert _cli(db, "reseal", "--all") == 0  # nothing left without a note
    assert "already has its note" in capsys.readouterr().out


def test_a_session_tampered_before_the_upgrade_is_named_not_resealed(
    db, old_session, monkeypatch, capsys
) -> None:
    setup, ids, clock, signer = old_session
    with db.engine.begin() as conn:  # a room PC raises a sealed score before the upgrade
        conn.execute(sa.text("UPDATE attempt SET score = 100 WHERE id = :a"), {"a": ids[1]})
    late = sit(db, setup, 2, clock)
    with db.engine.begin() as conn:
        manifest_before = conn.execute(
            sa.text("SELECT manifest_json FROM session_manifest")
        ).scalar()
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    assert _cli(db, "reseal", "--session", setup.session.code) == 1
    out = capsys.readouterr().out
    assert f"Session {setup.session.code} was sealed before this PC kept seal notes" in out
    # nothing was signed again: the manifest is as the old version left it, the late
    # attempt is not sealed under a seal list that no longer holds
    with db.engine.begin() as conn:
        assert conn.execute(sa.text("SELECT manifest_json FROM session_manifest")).scalar() == (
            manifest_before
        )
        sealed = {r[0] for r in conn.execute(sa.text("SELECT attempt_id FROM attempt_signature"))}
    assert late not in sealed
    assert _cli(db, "verify", "--session", setup.session.code) == 1
    capsys.readouterr()
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert (seal_verdict.STATUS_MISMATCH, ids[1]) in [
        (p.status, p.attempt_id) for p in verdict.problems
    ]
    # yet it is remembered as sealed: wiping its seals does not get it rebuilt
    assert _noted(signer, setup) is not None
    _wipe_seals_and_edit(db, ids[0])
    verdict = sealing.seal_and_verify(db, setup.session.id)
    assert (seal_verdict.STATUS_MISSING, None) in [
        (p.status, p.attempt_id) for p in verdict.problems
    ]


def test_the_proctor_console_takes_over_old_sessions_when_it_opens(
    db, old_session, qtbot, tmp_path, sample_content
) -> None:
    """Every old session, not only the one selected: no 2-s refresh needs to reach it."""
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    setup, _ids, clock, signer = old_session
    other = make_exam(db, sample_content, clock)  # a second old session, never selected
    sit(db, other, 0, clock)
    assert sealing.seal_session(db, other.session.id, signer) == 1
    shutil.rmtree(signer.folder / seal_ledger.LEDGER_DIR_NAME)
    proctor = ProctorWindow(db, setup.library, export_dir=tmp_path, data_dir=tmp_path)
    qtbot.addWidget(proctor)
    qtbot.waitUntil(
        lambda: _noted(signer, setup) is not None and _noted(signer, other) is not None,
        timeout=20000,
    )
    assert (_noted(signer, setup).count, _noted(signer, other).count) == (2, 1)
    proctor.close()


def test_a_seal_list_planted_by_a_room_pc_does_not_block_the_session_for_good(
    db, sample_content
) -> None:
    """Found in the attack pass: a room PC writes a made-up seal list for a session the
    proctor has not sealed yet. It is named and not extended, but it is not remembered as a
    seal of this PC: once it is removed, the proctor's PC seals the session normally."""
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    sit(db, setup, 0, clock)
    signer = seal_keys.proctor_signer(db)
    with db.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO session_manifest (session_id, manifest_json, key_id,"
                    " signature_hex, signed_at) VALUES (:s, '{}', 'abcd', '00', CURRENT_TIMESTAMP)"),
            {"s": setup.session.id},
        )  # fmt: skip
    verdict = sealing.seal_and_verify(db, setup.session.id)
    assert not verdict.ok and _noted(signer, setup) is None
    with db.engine.begin() as conn:  # the proctor removes the planted row
        conn.execute(sa.text("DELETE FROM session_manifest"))
    assert sealing.seal_session(db, setup.session.id, signer) == 1
    assert seal_verify.verify_here(db, setup.session.id).ok


def test_reseal_never_calls_an_edited_noted_session_verified(
    db, old_session, monkeypatch, capsys
) -> None:
    """Found in the attack pass: ``exam reseal --session`` on a session this PC already keeps
    a note of printed "every seal verified" even after a score was edited."""
    setup, ids, _clock, signer = old_session
    sealing.seal_session(db, setup.session.id, signer)  # noted now
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE attempt SET score = 100 WHERE id = :a"), {"a": ids[1]})
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    capsys.readouterr()
    assert _cli(db, "reseal", "--session", setup.session.code) == 1
    assert "every seal verified" not in capsys.readouterr().out


def test_a_name_cannot_erase_its_own_verify_line(db, old_session, monkeypatch, capsys) -> None:
    """Found in the attack pass: a room PC renames the person of an edited result with
    terminal escapes that erase the MISMATCH line ``exam verify`` prints."""
    setup, ids, _clock, _signer = old_session
    sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE attempt SET score = 100 WHERE id = :a"), {"a": ids[1]})
        learner = conn.execute(
            sa.text("SELECT learner_id FROM attempt WHERE id = :a"), {"a": ids[1]}
        ).scalar()
        conn.execute(sa.text("UPDATE learner SET full_name = :n WHERE id = :l"),
                     {"n": "X\r\x1b[2K\x1b[1A\x1b[2K", "l": learner})  # fmt: skip
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    capsys.readouterr()
    assert _cli(db, "verify", "--session", setup.session.code) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out


def test_a_name_cannot_hide_flagged_results_in_the_console(
    db, old_session, qtbot, tmp_path
) -> None:
    """Found in the attack pass: the console's results tab is HTML; a room PC naming a
    person ``<!--`` turned every flagged result after that name into a comment."""
    from ethics_trainer.exams import results
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    setup, ids, _clock, signer = old_session
    sealing.seal_session(db, setup.session.id, signer)
    with db.engine.begin() as conn:
        for attempt_id in ids:
            conn.execute(sa.text("UPDATE attempt SET score = 99 WHERE id = :a"), {"a": attempt_id})
        first = conn.execute(sa.text("SELECT learner_id FROM attempt WHERE id = :a"),
                             {"a": ids[0]}).scalar()  # fmt: skip
        conn.execute(sa.text("UPDATE learner SET full_name = '<!--' WHERE id = :l"), {"l": first})
    res = results.session_results(db, setup.session.id)
    assert len(res.flagged) == 2
    proctor = ProctorWindow(db, setup.library, export_dir=tmp_path, data_dir=tmp_path)
    qtbot.addWidget(proctor)
    proctor.results_view.show_results(res)
    text = proctor.results_view.text()
    assert "&lt;!--" in text and "<!--" not in text
    proctor.close()
