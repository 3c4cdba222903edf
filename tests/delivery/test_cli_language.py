"""The CLI speaks one language at a time: Vietnamese by default, English on request."""

from __future__ import annotations

import os
import re
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


def test_import_and_export_summaries_follow_the_language(tmp_path: Path) -> None:
    bank = tmp_path / "bank.gift"
    bank.write_text("::A::Đạo đức là gì?{=Đúng ~Sai}\n", encoding="utf-8")
    done = run_cli("import", str(bank), "--to", str(tmp_path / "c"), LANG="C.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("Đã nhập 1 câu hỏi vào 1 ngân hàng")
    done = run_cli(
        "--lang", "en", "--content", str(tmp_path / "c"), "export", "--format", "gift",
        "--to", str(tmp_path / "out.gift"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip()
        == f"1 questions from 1 banks written to {tmp_path / 'out.gift'}, 0 skipped"
    )


# -- every subcommand's common paths, in Vietnamese: no English-only line ----------------------

# Words that only an English line would hold (paths, quoted titles and our product/format names
# are taken out first). A line is English-only if any of them is left.
ENGLISH_WORDS = re.compile(
    r"\b(skipped|written|lost|journal|candidates?|added|definition|session|sessions|error|"
    r"errors|warning|warnings|cannot|imported|exported|questions?|banks?|courses?|lessons?|"
    r"replayed|confirmed|stored|sent|processes|rooms?|reconciling|full speed|created|made|"
    r"certificates?|learners?|attempts?|completions?|password|saved|backup|ok|valid|invalid|"
    r"revoked|nothing|sealed|ended|submitted|flagged|wrote|rows?|into|from|the|and|with|of|"
    r"registered|checked_in|in_progress|locked)\b",
    re.IGNORECASE,
)
KEPT = re.compile(
    r"(/[^\s:\"']+|\"[^\"]*\"|'[^']*'|ethics-trainer|Aiken|ANSWER|GIFT|Moodle|XLSX|CSV|PDF|"
    r"p50|p99|ms\b|SQLite|PostgreSQL)"
)


def english_only_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ENGLISH_WORDS.search(KEPT.sub(" ", line))]


def test_the_detector_finds_the_english_lines_it_is_meant_to_find() -> None:
    english = (
        'c/a.gift:3: skipped essay question "Bài luận"\n'
        "written 9, lost 0, p50 3.0 ms, p99 12.0 ms\n"
        "1 courses, 1 lessons, 4 questions, 0 errors, 0 warnings\n"
        "definition 1: Thi thử\nsession 2: code K7M2QX\n3 candidates added"
    )
    assert len(english_only_lines(english)) == 6
    vietnamese = (
        'c/a.gift:3: bỏ qua câu tự luận "Bài luận"\n'
        "đã ghi 9, mất 0, p50 3,0 ms, p99 12,0 ms\nđề thi 1: Thi thử"
    )
    assert english_only_lines(vietnamese) == []


@pytest.fixture
def vi_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``ethics-trainer --lang vi …`` in this process; returns (exit code, stdout + stderr)."""
    import io

    from ethics_trainer.cli.main import main
    from tests.conftest import write_sample_content

    content = write_sample_content(tmp_path / "content")
    monkeypatch.setenv("ETHICS_TRAINER_CONTENT", str(content))
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "mat-khau-thu-1")
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # --lang vi must win over an English locale

    def run(*args: str, stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main(["--lang", "vi", *args])
        except SystemExit as stop:
            code = int(stop.code or 0)
        out = capsys.readouterr()
        return code, out.out + out.err

    return run, content


def test_every_subcommand_speaks_only_vietnamese_in_vi_mode(vi_cli, tmp_path: Path) -> None:
    run, _content = vi_cli
    outputs: dict[str, str] = {}

    def step(name: str, *args: str, ok: tuple[int, ...] = (0,), stdin: str = "") -> str:
        code, text = run(*args, stdin=stdin)
        assert code in ok, f"{name}: exit {code}\n{text}"
        outputs[name] = text
        return text

    step("check", "check")
    step("search", "search", "đạo đức", ok=(0, 1))
    for role in ("admin", "proctor", "hr"):
        step(
            f"set-password {role}",
            "admin",
            "set-password",
            "--role",
            role,
            stdin="mat-khau-thu-1\n",
        )
    step("demo-data", "demo-data", "--learners", "3", "--seed", "1", "--quiet")
    step("report", "report", "completions", "-q", "-o", str(tmp_path / "r.csv"))
    step("certificates", "certificates", "-q", "--workers", "1", "-o", str(tmp_path / "certs"))
    step("verify", "verify", "không-phải-mã-hợp-lệ", ok=(1,))
    step("revoke list", "revoke", "--list")
    step("verify-page", "verify-page", "-o", str(tmp_path / "verify.html"))
    step("person-export", "admin", "person-export", "1", str(tmp_path / "p.json"), ok=(0, 1))
    step("db backup", "db", "backup")
    step("db check", "db", "check")
    # import: a question we run, one we cannot (essay), one that is broken
    gift = tmp_path / "bank.gift"
    gift.write_text(
        "::A::Đạo đức là gì?{=Đúng ~Sai}\n\n::B::Viết bài luận{}\n\n::C::Hỏng {~x ~y}\n",
        encoding="utf-8",
    )
    step("import --dry-run", "import", str(gift), "--to", str(tmp_path / "c"), "--dry-run", ok=(1,))
    step("import", "import", str(gift), "--to", str(tmp_path / "c"), ok=(1,))
    aiken = tmp_path / "bank.txt"
    aiken.write_text("Câu một?\nA. x\nB. y\nANSWER: C\n", encoding="utf-8")
    step("import aiken", "import", str(aiken), "--to", str(tmp_path / "d"), ok=(1,))
    step("export aiken", "export", "--format", "aiken", "--to", str(tmp_path / "o.txt"), ok=(0, 1))
    step("export gift", "export", "--format", "gift", "--to", str(tmp_path / "o.gift"))
    # a supervised exam from the command line
    text = step("exam define", "exam", "define", "--name", "Thi thử", "--course", "mau")
    definition = re.search(r"(\d+)", text).group(1)  # type: ignore[union-attr]
    text = step("exam open", "exam", "open", "--definition", definition, "--room", "P.301")
    code = text.split()[-1]
    roster = tmp_path / "ds.csv"
    roster.write_text("Họ và tên,Mã cán bộ\nNguyễn Văn An,HN001\nTrần Thị Bình,HN002\n", "utf-8")
    step("exam roster", "exam", "roster", "--session", code, str(roster))
    step("exam list", "exam", "list")
    step("exam status", "exam", "status", "--session", code)
    step(
        "exam extra-time", "exam", "extra-time", "--session", code, "1", "--minutes", "5", ok=(0, 1)
    )
    step("exam lock", "exam", "lock", "--session", code, "1")
    status = step("exam status (locked)", "exam", "status", "--session", code)
    assert "Chưa vào phòng" in status and "ĐANG BỊ KHOÁ" in status
    step("exam unlock", "exam", "unlock", "--session", code, "1")
    step("exam end", "exam", "end", "--session", code)
    step("exam seal", "exam", "seal", "--session", code)
    step("exam verify", "exam", "verify", "--session", code)
    step("exam results", "exam", "results", "--session", code)
    step("exam minutes", "exam", "minutes", "--session", code, str(tmp_path / "bb.pdf"))
    step("exam archive", "exam", "archive", "--definition", definition)
    step("exam restore", "exam", "archive", "--definition", definition, "--restore")
    step("room-check", "room-check", "--candidates", "2", "--questions", "2", "--workers", "1")

    if os.environ.get("SHOW_CLI_OUTPUT"):
        print("\n".join(f"## {n}\n{t}" for n, t in outputs.items()), file=sys.__stderr__)
    english = {name: english_only_lines(text) for name, text in outputs.items()}
    # Not yet Vietnamese, by an earlier decision (issue #3, tests/test_content_loader.py): the
    # summary line of ``check`` is the same English contract in both languages.
    assert english.pop("check") == ["1 courses, 1 lessons, 4 questions, 0 errors, 0 warnings"]
    assert {name: lines for name, lines in english.items() if lines} == {}
    assert "bỏ qua câu tự luận" in outputs["import"]
    assert outputs["room-check"].strip().splitlines()[-1].startswith("đã ghi 4, mất 0, p50 ")


def test_room_check_summary_keeps_its_english_contract(vi_cli, capsys) -> None:
    """``--lang en``: exactly the documented line scripts parse; Vietnamese: the same figures."""
    from ethics_trainer.cli.main import main

    run, _content = vi_cli
    assert main(["--lang", "en", "room-check", "--candidates", "2", "--questions", "2"]) == 0
    english = capsys.readouterr().out.strip().splitlines()
    assert english[-2].startswith("journal: sent 4, confirmed 4, replayed 0, stored 4")
    assert re.fullmatch(r"written 4, lost 0, p50 \d+\.\d ms, p99 \d+\.\d ms", english[-1])
    code, text = run("room-check", "--candidates", "2", "--questions", "2")
    assert code == 0
    vietnamese = text.strip().splitlines()
    assert vietnamese[-2].startswith("nhật ký: đã gửi 4, được xác nhận 4, gửi lại 0, đã lưu 4")
    assert re.fullmatch(r"đã ghi 4, mất 0, p50 \d+,\d ms, p99 \d+,\d ms", vietnamese[-1])


def test_skipped_lines_keep_their_english_contract_for_every_type() -> None:
    """In English the localised line is exactly ``Skipped.format()``, whatever the type."""
    from ethics_trainer.interchange.records import Skipped
    from ethics_trainer.interchange.skipped_line import format_skipped

    kinds = ["essay", "short answer", "true/false", "true_false", "multiple choice", "graded"]
    kinds += ["drag and drop", "select missing words", "unknown", "randomsamatch", "invalid"]
    i18n.set_language("en")
    for kind in kinds:
        for reason in ("", "no correct answer"):
            item = Skipped("a b/c.gift", 7, kind, 'Câu "x"', reason)
            assert format_skipped(item) == item.format()
    i18n.set_language("vi")
    assert format_skipped(Skipped("c.gift", 2, "essay", "Bài luận")) == (
        'c.gift:2: bỏ qua câu tự luận "Bài luận"'
    )
    assert format_skipped(Skipped("c.gift", 2, "true/false", "T", "x")).startswith(
        'c.gift:2: bỏ qua câu đúng/sai "T"'
    )
