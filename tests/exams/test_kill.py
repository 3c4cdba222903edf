"""A candidate PC killed with SIGKILL mid-exam restarts with every answer and the same deadline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.exams import live_roster
from ethics_trainer.services import attempts

from .helpers import correct_keys, make_exam

DRIVER = Path(__file__).with_name("driver.py")
ROOT = Path(__file__).resolve().parents[2]


def _start(args: list[str]) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _read_until(proc: subprocess.Popen[str], last: str) -> list[str]:
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.strip())
        if line.strip() == last:
            return lines
    raise AssertionError(f"driver ended early: {lines} {proc.stderr.read() if proc.stderr else ''}")


def test_sigkill_mid_exam_keeps_answers_and_deadline(db, db_url, sample_content, tmp_path) -> None:
    setup = make_exam(db, sample_content, SYSTEM_CLOCK)
    cand = setup.candidates[0].id
    args = [
        db_url,
        str(tmp_path / "pc"),
        str(sample_content),
        str(cand),
        setup.session.code,
        "pc-7",
    ]

    first = _start([*args, "2"])
    lines = _read_until(first, "waiting")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    deadline = lines[0].removeprefix("deadline ")
    answered = [x.removeprefix("answered ") for x in lines if x.startswith("answered ")]
    assert len(answered) == 2

    second = _start([*args, "99"])
    again = _read_until(second, "all answered")
    second.wait(timeout=30)
    assert again[0].removeprefix("deadline ") == deadline
    assert not set(answered) & {
        x.removeprefix("answered ") for x in again if x.startswith("answered ")
    }

    attempt_id = next(
        r.attempt_id for r in live_roster.roster(db, setup.session.id) if r.id == cand
    )
    state = attempts.get_attempt(db, attempt_id)
    assert state.deadline is not None and state.deadline.isoformat() == deadline
    for question in state.questions:
        assert list(state.answers[question.id].selected) == sorted(correct_keys(question))
