"""The seal key file: an empty or cut-off one is refused, a new one is complete and kept."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_an_empty_or_cut_off_key_file_is_refused(tmp_path: Path) -> None:
    """A key file created but never written (the process died) must not become a new key."""
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import seal_keys

    path = tmp_path / seal_keys.KEY_FILE_NAME
    path.write_text("", encoding="ascii")
    with pytest.raises(UserError):
        seal_keys.load_signer(tmp_path)
    path.write_text("-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n", encoding="ascii")
    with pytest.raises(UserError):
        seal_keys.load_signer(tmp_path)


def test_a_new_key_file_is_complete_and_kept(tmp_path: Path) -> None:
    from ethics_trainer.exams import seal_keys

    signer = seal_keys.load_signer(tmp_path)
    assert signer is not None and len(signer.public) == 32
    seal_keys._signers.clear()
    again = seal_keys.load_signer(tmp_path, create=False)
    assert again is not None and again.public == signer.public
    assert sorted(p.name for p in tmp_path.iterdir()) == [seal_keys.KEY_FILE_NAME]
