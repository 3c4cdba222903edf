"""The CLI speaks one language at a time: Vietnamese by default, English on request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ethics_trainer import i18n
from ethics_trainer.cli.language import (
    choose_language,
    help_texts,
    localize_argparse,
    localize_parser,
)
from ethics_trainer.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]


def translations(language: str) -> set[str]:
    texts: set[str] = set()
    for po in (i18n.LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            texts.update(str(m.string) for m in read_po(handle) if m.id)
    return texts


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_help_text_is_in_the_chosen_language(language: str) -> None:
    i18n.set_language(language)
    localize_argparse()
    parser = build_parser()
    localize_parser(parser)
    known = translations(language)
    missing = [text for text in help_texts(parser) if text not in known]
    assert missing == [], f"help texts with no {language} translation in a catalogue: {missing}"


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {"LANG": "C.UTF-8"}, "vi"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LANG": "vi_VN.UTF-8"}, "vi"),
        ([], {"LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"}, "vi"),
        ([], {"LANG": "fr_FR.UTF-8"}, "vi"),
        (["--lang", "en", "check"], {"LANG": "vi_VN.UTF-8"}, "en"),
        (["--lang=vi"], {"LANG": "en_US.UTF-8"}, "vi"),
        ([], {"LANG": "en_US.UTF-8", "ETHICS_TRAINER_LANG": "vi"}, "vi"),
        (["check", "--lang", "en"], {}, "vi"),  # a subcommand's own option is not global
        (["--data-dir", "d", "--lang", "en", "report"], {}, "en"),
        (["--database", "sqlite:///x.db", "--content", "c", "--lang=en", "check"], {}, "en"),
    ],
)
def test_language_choice(argv: list[str], env: dict[str, str], expected: str) -> None:
    assert choose_language(argv, env) == expected


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    base.pop("ETHICS_TRAINER_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "ethics_trainer", *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=120,
        check=False,
    )


def test_help_in_english_under_an_english_locale() -> None:
    out = run_cli("--help", LANG="en_US.UTF-8").stdout
    assert out.startswith("usage: ethics-trainer")
    assert "positional arguments" in out and "validate a content folder" in out
    assert "kiểm tra" not in out and "cách dùng" not in out


def test_help_in_vietnamese_by_default_with_no_english_words_of_argparse() -> None:
    out = run_cli("db", "--help", LANG="C.UTF-8").stdout
    assert out.startswith("cách dùng: ethics-trainer db")
    assert "tuỳ chọn" in out and "hiện trợ giúp này rồi thoát" in out
    for english in ("usage:", "options:", "show this help", "positional arguments"):
        assert english not in out


def test_usage_error_exit_2_in_the_chosen_language() -> None:
    done = run_cli("--lang", "en", "check", "--no-such-option")
    assert done.returncode == 2
    assert "unrecognized arguments" in done.stderr and "lỗi" not in done.stderr
    done = run_cli("check", "--no-such-option")
    assert done.returncode == 2 and "tham số không nhận ra" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="Windows always has a display")
def test_no_display_is_one_clear_line_and_exit_2() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    for args, lang, words in (
        ((), "C.UTF-8", "không tìm thấy màn hình đồ hoạ"),
        (("gui",), "en_US.UTF-8", "no graphical display found"),
        (("proctor",), "en_US.UTF-8", "no graphical display found"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "ethics_trainer", *args],
            capture_output=True,
            text=True,
            env={**env, "LANG": lang},
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], done.stderr
        assert "xcb" not in done.stderr and "Traceback" not in done.stderr


def test_postgres_without_its_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """psycopg is the ``postgres`` extra: a PC without it is told what to install."""
    import importlib.util

    from ethics_trainer.errors import BadPath
    from ethics_trainer.storage.db import open_database

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a)
    )
    i18n.set_language("en")
    with pytest.raises(BadPath) as refused:
        open_database("postgresql+psycopg://u@127.0.0.1:9/x")
    assert "ethics-trainer[postgres]" in str(refused.value)
