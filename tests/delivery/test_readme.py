"""The README tells the truth: its two set-up commands exist, and its example output is what the
commands print today (so a figure such as the number of questions cannot go stale)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def examples() -> list[tuple[str, list[str]]]:
    """``$ command`` lines of the README's ``text`` blocks, each with the lines that follow it."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```text\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return found


def run(command: str, data_dir: Path) -> list[str]:
    words = shlex.split(command)
    tail = None
    if words[-3:-1] == ["tail", "-n"] and words[-4] == "|":
        tail, words = int(words[-1]), words[:-4]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG="C.UTF-8", ETHICS_TRAINER_DATA_DIR=str(data_dir))
    env.pop("ETHICS_TRAINER_LANG", None)
    assert words[0] == "ethics-trainer", command
    done = subprocess.run(
        [sys.executable, "-m", "ethics_trainer", *words[1:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    lines = done.stdout.splitlines()
    return lines[-tail:] if tail else lines


def test_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    text = README.read_text(encoding="utf-8")
    commands = set(re.findall(r"^bash \.ci/bootstrap \w+$", text, re.M))
    assert commands == {"bash .ci/bootstrap run", "bash .ci/bootstrap test"}
    assert "bash .ci/bootstrap test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_example_output_is_what_the_commands_print(tmp_path: Path) -> None:
    cases = examples()
    assert any("check" in command for command, _ in cases), "the README shows no check output"
    for command, expected in cases:
        assert run(command, tmp_path / "data") == expected, command
