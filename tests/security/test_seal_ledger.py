"""F-SEAL-1: a session sealed once is never sealed again from scratch.

A room PC can delete every seal and the manifest of a session in the shared database and edit
a score; the proctor PC remembers (beside its key) that it sealed the session, so the next
seal refuses and the check names the missing manifest instead of laundering the edit.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ethics_trainer.exams import seal_keys, seal_ledger, seal_verdict, seal_verify, sealing

from .test_seal import seal_room


@pytest.fixture
def sealed_room(db, sample_content):
    return seal_room(db, sample_content)


def _wipe_seals_and_edit(db, attempt_id: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM attempt_signature"))
        conn.execute(sa.text("DELETE FROM session_manifest"))
        conn.execute(
            sa.text("UPDATE attempt SET score = 100, passed = 1 WHERE id = :a"), {"a": attempt_id}
        )


def test_deleted_seals_are_not_rebuilt_by_the_next_seal(db, sealed_room) -> None:
    setup, ids = sealed_room
    _wipe_seals_and_edit(db, ids[1])
    with pytest.raises(sealing.SealBroken):
        sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    verdict = sealing.seal_and_verify(db, setup.session.id)  # the console's 2-s refresh
    assert not verdict.ok
    assert (seal_verdict.STATUS_MISSING, None) in [
        (p.status, p.attempt_id) for p in verdict.problems
    ]
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM session_manifest")).scalar() == 0


def test_the_note_lives_outside_the_database(db, sealed_room) -> None:
    setup, _ids = sealed_room
    folder = seal_keys.key_folder(db)
    notes = list((folder / seal_ledger.LEDGER_DIR_NAME).glob("*.json"))
    assert [p.name for p in notes] == [f"{setup.session.id}-{setup.session.code}.json"]
    note = seal_ledger.read_note(
        folder, setup.session.id, setup.session.code, seal_keys.proctor_signer(db).public
    )
    assert note is not None and note.count == 5


def test_an_older_manifest_put_back_is_named(db, sealed_room) -> None:
    """Replaying a shorter, genuinely signed manifest drops attempts: reported, not extended."""
    setup, ids = sealed_room
    signer = seal_keys.proctor_signer(db)
    with db.engine.begin() as conn:
        text = conn.execute(sa.text("SELECT manifest_json FROM session_manifest")).scalar()
    import json

    body = json.loads(text)
    body["attempts"] = [a for a in body["attempts"] if a[0] != ids[0]]
    shorter = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with db.engine.begin() as conn:  # as if the PC had signed this shorter list earlier
        conn.execute(
            sa.text("UPDATE session_manifest SET manifest_json = :m, signature_hex = :s"),
            {"m": shorter, "s": signer.sign(shorter.encode("utf-8"))},
        )
        conn.execute(sa.text("DELETE FROM attempt_signature WHERE attempt_id = :a"), {"a": ids[0]})
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert (seal_verdict.STATUS_MISSING, None) in [
        (p.status, p.attempt_id) for p in verdict.problems
    ]
    with pytest.raises(sealing.SealBroken):
        sealing.seal_session(db, setup.session.id, signer)


def test_a_renamed_session_is_not_sealed_from_scratch(db, sealed_room) -> None:
    """Found in the second attack pass: the note was looked up by number AND code, so a room
    PC that changed the session's code, wiped its seals and edited a score got it sealed
    from scratch at the next refresh (verify then said every attempt verified)."""
    setup, ids = sealed_room
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE exam_session SET code = 'ZZZZZZ'"))
    _wipe_seals_and_edit(db, ids[1])
    verdict = sealing.seal_and_verify(db, setup.session.id)
    assert not verdict.ok
    assert (seal_verdict.STATUS_MISSING, None) in [
        (p.status, p.attempt_id) for p in verdict.problems
    ]


def test_a_new_database_reusing_the_number_is_sealed_normally(db, sealed_room) -> None:
    """Another session with the same number (a new database on this proctor PC: another
    database identity) is not mistaken for the renamed one."""
    setup, _ids = sealed_room
    with db.engine.begin() as conn:  # as if the database were new: no seals, another day
        conn.execute(sa.text("DELETE FROM attempt_signature"))
        conn.execute(sa.text("DELETE FROM session_manifest"))
        conn.execute(sa.text("DELETE FROM app_setting WHERE key = 'database_id'"))
        conn.execute(sa.text("UPDATE exam_session SET code = 'NEW123', exam_date = '2027-01-15'"))
    assert sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db)) >= 1
    assert seal_verify.verify_here(db, setup.session.id).ok
