"""Certificates signed by a trusted key whose number is not in this database (finding 6).

Decision (docs/security.md, "Certificates"): trust between centres is manual, so a
certificate genuinely signed by another centre whose key HR copied into
``trusted-certificate-keys/`` stays valid, but it is a different verdict from "valid, issued
here", worded so in both languages, amber in the HR window, and the revocations of THIS
database still apply to it. A certificate signed with this PC's OWN key whose record is gone
(rows deleted by a room PC, or a database put back from before it) is no longer "valid
(issued elsewhere)" as before: it is NOT VALID.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from ethics_trainer.cli.main import main
from ethics_trainer.hr.revocations import revoke
from ethics_trainer.hr.verification import (
    NOT_ON_RECORD,
    REVOKED,
    VALID,
    VALID_ELSEWHERE,
    CertificateFields,
    load_signing_key,
    verify,
)

from ..hr.conftest import fill
from ..hr.test_verification import issue


@pytest.fixture
def centre(db, tmp_path: Path):  # type: ignore[no-untyped-def]
    """This centre (data folder ``here``) trusting another centre's key (``there``)."""
    fill(db)
    here, there = tmp_path / "here", tmp_path / "there"
    load_signing_key(db, here)
    other = load_signing_key(db, there)
    (here / "trusted-certificate-keys").mkdir()
    shutil.copy(
        there / "keys" / "certificate-ed25519.pub", here / "trusted-certificate-keys" / "b.pub"
    )
    return here, other


def _fields(number: str) -> CertificateFields:
    return CertificateFields(number, "Võ Thị Sáu", "mau", date(2026, 11, 2), "ab12cd34ef56")


def _cli(db, here: Path, lang: str, text: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--lang", lang, "--data-dir", str(here), "--database", db.url, "verify", text])


def test_issued_elsewhere_is_told_apart_from_issued_here(db, centre, capsys) -> None:
    here, other = centre
    ours = issue(db, here)
    theirs = other.sign(_fields("TT-B-2026-000777"))
    mine = verify(db, ours, data_dir=here)
    foreign = verify(db, theirs, data_dir=here)
    assert mine.status == VALID and mine.issued_here
    assert foreign.status == VALID_ELSEWHERE and foreign.valid and not foreign.issued_here

    assert _cli(db, here, "en", ours) == 0
    out_here = capsys.readouterr().out
    assert out_here.startswith("VALID: the signature is genuine and matches the records.")
    assert _cli(db, here, "en", theirs) == 0
    out = capsys.readouterr().out
    assert out.startswith("VALID, ISSUED ELSEWHERE:") and other.key_id in out
    assert "ask the issuing centre" in out
    assert _cli(db, here, "vi", theirs) == 0
    out = capsys.readouterr().out
    assert out.startswith("HỢP LỆ, DO NƠI KHÁC CẤP:") and other.key_id in out
    assert "hãy hỏi đơn vị cấp" in out


def test_own_key_but_no_record_is_not_valid(db, centre, capsys) -> None:
    """Signed here, record gone: before, "VALID (issued elsewhere)"."""
    here, _other = centre
    own = load_signing_key(db, here)
    vanished = own.sign(_fields("ĐĐCV-2026-000999"))
    result = verify(db, vanished, data_dir=here)
    assert result.status == NOT_ON_RECORD and not result.valid
    assert _cli(db, here, "vi", vanished) == 1
    assert capsys.readouterr().out.startswith("KHÔNG HỢP LỆ: ký bằng khóa của chính máy này")
    assert _cli(db, here, "en", vanished) == 1
    assert capsys.readouterr().out.startswith("NOT VALID: signed with this PC's own key")


def test_a_revocation_here_is_not_bypassed_by_another_signer(db, centre) -> None:
    """A number withdrawn here stays withdrawn whoever signed the QR, and whatever the records
    still hold: another trusted key, or the record deleted after the revocation."""
    here, other = centre
    ours = issue(db, here)
    number = verify(db, ours, data_dir=here).fields.number
    revoke(db, number, "Cấp nhầm")
    assert verify(db, ours, data_dir=here).status == REVOKED
    same_number = other.sign(_fields(number))  # the other centre's key, our revoked number
    assert verify(db, same_number, data_dir=here).status == REVOKED
    with db.engine.begin() as conn:  # a room PC deletes the record, the revocation stays
        conn.execute(sa.text("DELETE FROM completion WHERE certificate_no = :n"), {"n": number})
    assert verify(db, ours, data_dir=here).status == REVOKED


def test_the_public_page_tells_them_apart_too(db, tmp_path: Path) -> None:
    """The offline verification page (headless Chromium): a certificate signed by the other
    trusted centre's key is "HỢP LỆ, DO NƠI KHÁC CẤP" (amber), this centre's own "HỢP LỆ"."""
    from ethics_trainer.hr.verification import SigningKey, set_verify_url
    from ethics_trainer.hr.verify_page import write_page

    from ..verify_page.test_verify_page import URL, _open, _status, _text

    fill(db)
    set_verify_url(db, URL)
    here, there = tmp_path / "here", tmp_path / "there"
    own = load_signing_key(db, here)
    other = load_signing_key(db, there)
    (here / "trusted-certificate-keys").mkdir()
    shutil.copy(
        there / "keys" / "certificate-ed25519.pub", here / "trusted-certificate-keys" / "b.pub"
    )
    page = write_page(db, tmp_path / "kiem-tra.html", {"mau": "Khoá mẫu"}, data_dir=here)
    profile = tmp_path / "profile"
    theirs = SigningKey(other.private, other.key_id, URL).sign(_fields("TT-B-2026-000777"))
    dom = _open(page, theirs.split("#")[1], profile)
    assert _status(dom) == "valid_elsewhere"
    assert _text(dom, "banner") == "HỢP LỆ, DO NƠI KHÁC CẤP"
    assert other.key_id in _text(dom, "detail")
    ours = SigningKey(own.private, own.key_id, URL).sign(_fields("ĐĐCV-2026-000123"))
    dom = _open(page, ours.split("#")[1], profile)
    assert _status(dom) == "valid" and _text(dom, "banner") == "HỢP LỆ"
