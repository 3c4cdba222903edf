"""Found in the attack pass: a forged certificate's text could disguise the verdict.

The name in a QR is whatever its maker wrote. ``verify`` printed the fields even of a forgery
("NOT VALID" first), so terminal escapes in the name could erase that line and print a fake
"VALID"; the HR window's labels took a name written as HTML for markup. Both show it as text.
"""

from __future__ import annotations

from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ethics_trainer.cli.main import main
from ethics_trainer.hr.verification import CertificateFields, SigningKey

SPOOF = "\x1b[1A\x1b[2K\rVALID: the signature is genuine and matches the records."
HTML = "<span style='color:#1b5e20;font-size:40px'>HỢP LỆ</span>"


def _forged(name: str) -> str:
    fields = CertificateFields("ĐĐCV-2026-000001", name, "mau", date(2026, 11, 2), "ab12cd34ef56")
    return SigningKey(Ed25519PrivateKey.generate(), "deadbeef").sign(fields)


def test_the_cli_prints_no_escape_from_a_forged_name(db, tmp_path, capsys) -> None:
    qr = _forged(SPOOF)
    assert main(["--lang", "en", "--data-dir", str(tmp_path), "--database", db.url,
                 "verify", qr]) == 1  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("NOT VALID")
    assert "\x1b" not in out and "\r" not in out


def test_the_hr_window_shows_a_forged_name_as_text(db, tmp_path, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from ethics_trainer.ui.hr.verify_window import VerifyWidget

    window = VerifyWidget(db, {}, data_dir=tmp_path)
    qtbot.addWidget(window)
    window.input.setText(_forged(HTML))
    window.check()
    labels = [w for w in window.findChildren(QLabel) if w.text() == HTML]
    assert labels, "the name is shown as written"
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)
    assert window.status.textFormat() == Qt.TextFormat.PlainText
