"""Issue #12, point 4: admin, proctor and HR are separate roles, the same in the CLI and GUI.

Before, ``report``, ``certificates`` and ``demo-data`` ran without any password although the
GUI asks for one, and the HR window took the exam admin password.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import open_database

from .helpers import ADMIN_PASSWORD, HR_PASSWORD, PROCTOR_PASSWORD


@pytest.fixture
def cli(db_url, sample_content, tmp_path, monkeypatch):
    """Run a command with a password given as scripts give it (env var or one stdin line)."""
    db = open_database(db_url)
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    passwords.set_password(db, "hr", HR_PASSWORD)
    db.dispose()
    base = ["--data-dir", str(tmp_path / "data"), "--database", db_url]
    base += ["--content", str(sample_content)]

    def run(*argv: str, env: str | None = None, stdin: str = "") -> int:
        if env is None:
            monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", env)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main([*base, *argv])

    return run


def _report(tmp_path: Path) -> list[str]:
    return ["report", "completions", "-q", "-o", str(tmp_path / "r.csv")]


def test_hr_commands_need_the_hr_role(cli, tmp_path, capsys) -> None:
    assert cli("demo-data", "--learners", "20", "-q", env=ADMIN_PASSWORD) == 0
    assert cli(*_report(tmp_path)) == 1  # no password at all
    assert not (tmp_path / "r.csv").exists()
    assert cli(*_report(tmp_path), env=PROCTOR_PASSWORD) == 1  # another role's password
    assert not (tmp_path / "r.csv").exists()
    assert cli(*_report(tmp_path), env=HR_PASSWORD) == 0
    assert cli(*_report(tmp_path), stdin=HR_PASSWORD + "\n") == 0  # one line of stdin
    assert cli(*_report(tmp_path), env=ADMIN_PASSWORD) == 0  # the admin opens every role
    certificates = ["certificates", "-q", "--output", str(tmp_path / "certs")]
    capsys.readouterr()
    assert cli(*certificates) == 1
    assert "Chưa nhập mật khẩu" in capsys.readouterr().err  # no password: no try spent
    assert not (tmp_path / "certs").exists()
    assert cli(*certificates, env=HR_PASSWORD) == 0
    assert list((tmp_path / "certs").glob("*.pdf"))


def test_demo_data_needs_the_admin(cli) -> None:
    assert cli("demo-data", "--learners", "5", "-q") == 1
    assert cli("demo-data", "--learners", "5", "-q", env=HR_PASSWORD) == 1
    assert cli("demo-data", "--learners", "5", "-q", env=ADMIN_PASSWORD) == 0


def test_exam_commands_refuse_the_hr_password(cli, db_url) -> None:
    assert cli("exam", "status", "--session", "1", env=HR_PASSWORD) == 1
    db = open_database(db_url)
    with pytest.raises(passwords.WrongPassword):
        passwords.verify_password(db, "proctor", HR_PASSWORD)
    with pytest.raises(passwords.WrongPassword):
        passwords.verify_password(db, "hr", PROCTOR_PASSWORD)
    db.dispose()


def test_set_password_per_role(db_url, monkeypatch) -> None:
    def run(*argv: str, stdin: str, env: str | None = None) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        if env:
            monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", env)
        return main(["--database", db_url, "admin", "set-password", *argv])

    # the first password is the admin's: no role is set before it
    assert run("--role", "hr", stdin="nhan-su-moi\n") == 1
    assert run(stdin=ADMIN_PASSWORD + "\n") == 0
    # then the admin password is asked (here from the environment), the new one from stdin
    assert run("--role", "hr", stdin="nhan-su-moi\n", env=ADMIN_PASSWORD) == 0
    assert run("--role", "proctor", stdin="giam-thi-moi\n", env="sai-mat-khau") == 1
    db = open_database(db_url)
    passwords.verify_password(db, "hr", "nhan-su-moi")
    with pytest.raises(passwords.WrongPassword):
        passwords.verify_password(db, "proctor", "nhan-su-moi")  # HR does not open exams
    db.dispose()


def test_the_hr_window_asks_for_the_hr_role(db, sample_content, tmp_path, qtbot, monkeypatch):
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMainWindow

    from ethics_trainer.content.loader import load_library
    from ethics_trainer.paths import resolve_paths
    from ethics_trainer.ui.exams import password_dialog
    from ethics_trainer.ui.hr import menu

    asked: list[str] = []
    monkeypatch.setattr(
        password_dialog, "ask_password", lambda _db, role, *_a, **_k: asked.append(role) or False
    )
    window = QMainWindow()
    qtbot.addWidget(window)
    window.ctx = SimpleNamespace(  # type: ignore[attr-defined]
        db=db,
        library=load_library(sample_content),
        paths=resolve_paths(tmp_path / "data", db.url, sample_content),
    )
    assert menu.open_reports(window) is None
    assert asked == ["hr"]
