"""The offline verification page in a real headless Chromium (valid, tampered, foreign-key,
revoked certificates), the URL in the QR code, and revocation through core and CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ethics_trainer.cli.main import main
from ethics_trainer.errors import UserError
from ethics_trainer.hr.certificates import prepare_certificates
from ethics_trainer.hr.reports import ReportFilter
from ethics_trainer.hr.revocations import all_revocations, revoke
from ethics_trainer.hr.verification import (
    ALTERED,
    REVOKED,
    VALID,
    SigningKey,
    _b64,
    _unb64,
    set_verify_url,
    verify,
)
from ethics_trainer.hr.verify_page import build_page, write_page
from tests.hr.conftest import TITLES, fill
from tests.printed_qr import needs_pdftoppm, printed_qr_texts

URL = "https://chungchi.sonoivu.hanoi.gov.vn/kiem-tra.html"
HOLDER = "Nguyễn Thị Thu Hương"


HR_PASSWORD = "nhan-su-2026"


@pytest.fixture
def hr_db(db, monkeypatch):  # type: ignore[no-untyped-def]
    from ethics_trainer.exams import passwords

    fill(db)
    passwords.set_password(db, passwords.ROLE_HR, HR_PASSWORD)
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", HR_PASSWORD)
    return db


def _issue(db, data_dir: Path) -> str:  # type: ignore[no-untyped-def]
    (cert,) = prepare_certificates(db, data_dir, ReportFilter(unit="Ba Đình"), TITLES)
    return cert.qr_text


def _tampered(qr: str) -> str:
    """The same QR with the holder's name changed, signature kept."""
    url, fragment = qr.split("#")
    data = _unb64(fragment)
    message, signature = data[:-64], data[-64:]
    forged = message.decode().replace(HOLDER, "Nguyễn Văn Giả").encode()
    return f"{url}#{_b64(forged + signature)}"


def test_qr_carries_the_page_url_and_verifies(hr_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    set_verify_url(hr_db, URL)
    qr = _issue(hr_db, tmp_path)
    assert qr.startswith(URL + "#") and re.fullmatch(r"[A-Za-z0-9_-]+", qr.split("#")[1])
    assert HOLDER not in qr  # nothing readable in the clear, and nothing before '#' but the page
    result = verify(hr_db, qr)
    assert result.status == VALID and result.fields is not None
    assert result.fields.full_name == HOLDER
    assert verify(hr_db, qr.split("#")[1]).status == VALID  # the fragment alone
    assert verify(hr_db, _tampered(qr)).status == ALTERED
    assert main(["--data-dir", str(tmp_path), "--database", hr_db.url, "verify", qr]) == 0


def test_bad_urls_are_refused(hr_db) -> None:  # type: ignore[no-untyped-def]
    for bad in ("ftp://x/y", "https://", "https://x/y#z", "chungchi.vn/a b", "https://a b/"):
        with pytest.raises(UserError):
            set_verify_url(hr_db, bad)
    assert set_verify_url(hr_db, "") == ""


def test_revocation(hr_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    qr = _issue(hr_db, tmp_path)
    number = qr.split("|")[1]
    with pytest.raises(UserError):
        revoke(hr_db, number, "   ")
    with pytest.raises(UserError):
        revoke(hr_db, "ĐĐCV-1999-000001", "không có")
    done = revoke(hr_db, number.replace("ĐĐ", "dd").lower(), "Gian lận khi thi", by="HR")
    assert done.number == number and done.revoked_at.tzinfo is not None
    result = verify(hr_db, qr)
    assert result.status == REVOKED and not result.valid and "Gian lận khi thi" in result.message
    assert verify(hr_db, number).status == REVOKED  # typed number too
    assert main(["--data-dir", str(tmp_path), "--database", hr_db.url, "verify", qr]) == 1
    again = revoke(hr_db, number, "Gian lận khi thi (xác minh)")
    assert again.revoked_at == done.revoked_at and len(all_revocations(hr_db)) == 1
    capsys.readouterr()
    assert main(["--database", hr_db.url, "revoke", "--list"]) == 0
    assert number in capsys.readouterr().out
    assert main(["--database", hr_db.url, "revoke", "XX-1", "--reason", "x"]) == 1


def test_page_is_self_contained(hr_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _issue(hr_db, tmp_path)
    html = build_page(hr_db, TITLES)
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert re.search(
        r"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-", html
    )
    assert "fetch(" not in html and "XMLHttpRequest" not in html
    # a hostile course title cannot close the data block
    html = build_page(hr_db, {"mau": "</script><script>alert(1)</script>"})
    assert html.count("</script>") == 2


# -- in a real browser -----------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _open(page: Path, fragment: str, profile: Path) -> str:
    """The page's DOM after its script ran, in headless Chromium, offline."""
    proc = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--lang=vi",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            f"{page.as_uri()}#{fragment}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert 'data-done="1"' in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def _text(dom: str, element_id: str) -> str:
    """The text of the element with ``element_id`` as rendered (not the embedded data)."""
    match = re.search(rf'<[a-z0-9]+ id="{element_id}"[^>]*>([^<]*)<', dom)
    assert match, element_id
    return match.group(1)


def _status(dom: str) -> str:
    match = re.search(r'id="banner"[^>]*data-status="([a-z_]+)"', dom) or re.search(
        r'data-status="([a-z_]+)"[^>]*id="banner"', dom
    )
    assert match, dom[:2000]
    return match.group(1)


def test_page_in_headless_chromium(hr_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    set_verify_url(hr_db, URL)
    qr = _issue(hr_db, tmp_path)
    page = write_page(hr_db, tmp_path / "kiem-tra.html", TITLES)
    fragment = qr.split("#")[1]
    profile = tmp_path / "profile"

    dom = _open(page, fragment, profile)
    assert _status(dom) == "valid"
    assert _text(dom, "banner") == "HỢP LỆ"
    assert (_text(dom, "f-name"), _text(dom, "f-course")) == (HOLDER, TITLES["mau"])
    assert re.fullmatch(r"\d\d/10/2026", _text(dom, "f-date"))  # Vietnamese style
    fields = verify(hr_db, qr).fields
    assert fields is not None and _text(dom, "f-number") == fields.number

    assert _status(_open(page, _tampered(qr).split("#")[1], profile)) == "altered"

    foreign = SigningKey(Ed25519PrivateKey.generate(), "0badc0de", URL)
    dom = _open(page, foreign.sign(fields).split("#")[1], profile)
    assert _status(dom) == "unknown_key" and _text(dom, "banner") == "KHÔNG HỢP LỆ"
    assert '<table id="fields" hidden' in dom  # a forger's claims are not displayed
    own_id = _unb64(fragment)[:-64].decode().split("|")[6]  # claimed by a forger's own key
    impostor = SigningKey(Ed25519PrivateKey.generate(), own_id, URL)
    assert _status(_open(page, impostor.sign(fields).split("#")[1], profile)) == "altered"

    assert _status(_open(page, "not-a-certificate", profile)) == "malformed"

    revoke(hr_db, fields.number, "Cấp nhầm người")
    page = write_page(hr_db, tmp_path / "kiem-tra.html", TITLES)
    dom = _open(page, fragment, profile)
    assert _status(dom) == "revoked" and _text(dom, "banner") == "KHÔNG HỢP LỆ"
    assert "Cấp nhầm người" in _text(dom, "detail")
    assert re.fullmatch(r".*tính đến ngày \d\d/\d\d/\d{4}\)", _text(dom, "revoked-title"))


def test_cli_writes_page_and_sets_url(hr_db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out" / "verify.html"
    target.parent.mkdir()
    code = main(["--database", hr_db.url, "verify-page", "--url", URL, "-o", str(target)])
    assert code == 0 and target.is_file()
    out = capsys.readouterr().out
    assert URL in out and str(target) in out
    assert main(["--database", hr_db.url, "verify-page"]) == 0
    assert URL in capsys.readouterr().out
    assert main(["--database", hr_db.url, "verify-page", "--url", "nope"]) == 1


def test_hr_password_guards_revoke_and_page(hr_db, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    number = _issue(hr_db, tmp_path).split("|")[1]
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "sai-mat-khau")
    base = ["--database", hr_db.url]
    assert main([*base, "revoke", number, "--reason", "thử"]) == 1
    assert main([*base, "verify-page", "-o", str(tmp_path / "p.html")]) == 1
    assert main([*base, "verify-page", "--url", URL]) == 1
    assert all_revocations(hr_db) == [] and not (tmp_path / "p.html").exists()
    assert "Traceback" not in capsys.readouterr().err


@needs_pdftoppm
def test_printed_qr_opens_the_page(hr_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The QR printed on the PDF, read like a phone camera reads it, is the page URL with the
    payload after '#', and that payload verifies."""
    from ethics_trainer.hr.certificates import render_certificate
    from ethics_trainer.hr.org_settings import load_org_settings

    set_verify_url(hr_db, URL)
    (cert,) = prepare_certificates(hr_db, tmp_path, ReportFilter(unit="Ba Đình"), TITLES)
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(render_certificate(cert, load_org_settings(hr_db)))
    texts = printed_qr_texts(pdf)
    assert texts == [cert.qr_text] and texts[0].startswith(URL + "#")
    assert verify(hr_db, texts[0]).status == VALID


# -- review findings: keys before the first print, data never read as template, links ----------


def _page_data(html: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_page_written_before_printing_holds_the_signing_key(hr_db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """F-CERT-2: the documented order (write the page, publish it, then print) gives a page
    that says "valid" for the certificates printed afterwards."""
    data_dir, page = tmp_path / "data", tmp_path / "kiem-tra.html"
    base = ["--data-dir", str(data_dir), "--database", hr_db.url]
    assert main([*base, "verify-page", "--url", URL, "-o", str(page)]) == 0
    assert "(1 " in capsys.readouterr().out  # one key on the page
    qr = _issue(hr_db, data_dir)  # printed after the page was published
    key_id = _unb64(qr.split("#")[1])[:-64].decode().split("|")[6]
    assert list(_page_data(page.read_text(encoding="utf-8"))["keys"]) == [key_id]
    dom = _open(page, qr.split("#")[1], tmp_path / "profile")
    assert _status(dom) == "valid" and _text(dom, "banner") == "HỢP LỆ"


def test_unreadable_key_is_warned_and_no_key_fails(hr_db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A damaged key file: the page is written with the other PCs' keys and a warning; with no
    key at all the page could confirm nothing, so the command says so and exits 1."""
    from ethics_trainer.hr.verification import KEY_FILE, load_signing_key

    data_dir, page = tmp_path / "data", tmp_path / "kiem-tra.html"
    (data_dir / KEY_FILE).parent.mkdir(parents=True)
    (data_dir / KEY_FILE).write_text("not a key", encoding="utf-8")
    base = ["--lang", "en", "--data-dir", str(data_dir), "--database", hr_db.url]
    assert main([*base, "verify-page", "-o", str(page)]) == 1
    err = capsys.readouterr().err
    assert "signing key could not be read" in err and "holds no signing key" in err
    assert "Traceback" not in err
    other = load_signing_key(hr_db, tmp_path / "pc2")  # a second PC on the shared database
    assert main([*base, "verify-page", "-o", str(page)]) == 1  # its key in the DB is not trust
    capsys.readouterr()
    (data_dir / "trusted-certificate-keys").mkdir()
    (data_dir / "trusted-certificate-keys" / "pc2.pub").write_bytes(
        (tmp_path / "pc2" / "keys" / "certificate-ed25519.pub").read_bytes()
    )  # HR trusts pc2 by copying its public key file here
    assert main([*base, "verify-page", "-o", str(page)]) == 0
    captured = capsys.readouterr()
    assert "signing key could not be read" in captured.err and "holds no" not in captured.err
    assert list(_page_data(page.read_text(encoding="utf-8"))["keys"]) == [other.key_id]


def test_placeholder_text_in_data_stays_data(hr_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """F-CERT-3: a revocation reason or organisation name containing a template placeholder
    is shown as written; the page's script and data are intact."""
    from dataclasses import replace

    from ethics_trainer.hr.org_settings import load_org_settings, save_org_settings
    from ethics_trainer.paths import RESOURCES_DIR

    org = replace(load_org_settings(hr_db), org_name="SỞ __SCRIPT_HASH__ __TITLE__")
    save_org_settings(hr_db, org)
    set_verify_url(hr_db, URL)
    qr = _issue(hr_db, tmp_path)
    fields = verify(hr_db, qr).fields
    assert fields is not None
    number, reason = fields.number, "x __SCRIPT__ __DATA__ </script> & <b>"
    revoke(hr_db, number, reason)
    title = "Khoá __SCRIPT__ a\u2028b\u2029c"  # line separators end a JS string literal
    html = build_page(hr_db, {"mau": title})
    script = (RESOURCES_DIR / "verify_page" / "verify.js").read_text(encoding="utf-8")
    assert html.count(script) == 1 and html.count("</script>") == 2
    assert "\u2028" not in html and "\u2029" not in html
    data = _page_data(html)
    assert data["revoked"][number]["reason"] == reason and data["courses"]["mau"] == title
    assert data["org"].endswith("SỞ __SCRIPT_HASH__ __TITLE__")
    page = write_page(hr_db, tmp_path / "kiem-tra.html", TITLES)
    dom = _open(page, qr.split("#")[1], tmp_path / "profile")
    assert _status(dom) == "revoked" and "x __SCRIPT__ __DATA__" in dom
    assert _text(dom, "revoked-title")
    assert re.search(r'id="org">[^<]*SỞ __SCRIPT_HASH__ __TITLE__<', dom)


def test_page_is_not_written_through_a_link_or_into_a_fifo(hr_db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """F-OUT-1: `verify-page -o link.html` leaves the link and its target alone (exit 1 with
    a message), and a FIFO is refused instead of hanging."""
    target = tmp_path / "target.txt"
    target.write_text("secret", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    base = ["--lang", "en", "--database", hr_db.url, "verify-page", "-o"]
    assert main([*base, str(link)]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "secret"
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    assert main([*base, str(fifo)]) == 1
    assert "Traceback" not in capsys.readouterr().err
