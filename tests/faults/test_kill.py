"""SIGKILL at random moments of an exam: every answer reported as saved is there afterwards.

A driver process (``exam_driver.py``) answers questions through the services and prints each
answer after its commit; this test kills it at random points (during start-up, migration,
``start_attempt`` or mid-answer), restarts it, and reads the SQLite file directly. Rounds:
20 by default, more with ``ETHICS_TRAINER_KILL_ROUNDS=200``.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from .content import write_exam_content

DRIVER = Path(__file__).with_name("exam_driver.py")
ROUNDS = int(os.environ.get("ETHICS_TRAINER_KILL_ROUNDS", "20"))


class Run:
    """One driver process whose stdout lines are collected as they come."""

    def __init__(self, url: str, content: Path, stderr: Path) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.stderr = stderr.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), url, str(content)],
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            encoding="utf-8",
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.strip())
            if line.startswith("READY"):
                self.ready.set()

    def kill(self) -> int:
        self.proc.kill()  # SIGKILL: no cleanup, no atexit, no flush
        code = self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        self.stderr.close()
        return code


def db_state(path: Path) -> tuple[list[tuple[int, str]], dict[str, str], dict[str, list[str]]]:
    """Attempts (id, deadline), answers {question: key}, option keys per question."""
    if not path.exists():
        return [], {}, {}
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "attempt" not in tables:
            return [], {}, {}
        rows = conn.execute("SELECT id, deadline, questions_json FROM attempt").fetchall()
        answers = {
            q: json.loads(sel)[0]
            for q, sel in conn.execute("SELECT question_id, selected_json FROM answer")
            if json.loads(sel)
        }
    keys = (
        {q["id"]: [o["key"] for o in q["options"]] for q in json.loads(rows[0][2])} if rows else {}
    )
    return [(r[0], r[1]) for r in rows], answers, keys


def test_sigkill_at_random_points_loses_no_answer(tmp_path: Path) -> None:
    content = write_exam_content(tmp_path / "content", questions=40)
    db_path = tmp_path / "exam.db"
    url = f"sqlite:///{db_path}"
    seed = int(os.environ.get("ETHICS_TRAINER_KILL_SEED", time.time_ns()))
    # Shown with a failure (captured output): the same kill points again with this seed.
    print(f"SIGKILL test seed: {seed} (repeat: ETHICS_TRAINER_KILL_SEED={seed})", flush=True)
    rng = random.Random(seed)
    expected: dict[str, str] = {}
    deadline: tuple[int, str] | None = None
    printed_deadlines: set[str] = set()
    answers_seen = 0
    for round_no in range(ROUNDS):
        run = Run(url, content, tmp_path / f"stderr-{round_no}.txt")
        if rng.random() < 0.25:
            time.sleep(rng.uniform(0.0, 1.2))  # anywhere: imports, migration, start_attempt
        else:
            assert run.ready.wait(timeout=60), (tmp_path / f"stderr-{round_no}.txt").read_text()
            time.sleep(rng.uniform(0.0, 0.25))
        alive = run.proc.poll() is None
        run.kill()
        assert alive, (tmp_path / f"stderr-{round_no}.txt").read_text()
        printed: dict[str, str] = {}
        order: list[str] = []
        for line in run.lines:
            parts = line.split()
            if parts[0] == "ANSWER":
                printed[parts[1]] = parts[2]
                order.append(parts[1])
            elif parts[0] == "DEADLINE":
                printed_deadlines.add(line)
        answers_seen += len(order)
        expected.update(printed)
        attempts, stored, keys = db_state(db_path)
        assert len(attempts) <= 1, f"round {round_no}: a second attempt was started: {attempts}"
        if attempts:
            if deadline is None:
                deadline = attempts[0]
            assert attempts[0] == deadline, f"round {round_no}: deadline moved"
        assert len(printed_deadlines) <= 1, printed_deadlines
        # Each printed answer is stored; only the one in flight at the kill may be newer.
        differing = {q for q in set(expected) | set(stored) if stored.get(q) != expected.get(q)}
        assert len(differing) <= 1, f"round {round_no}: lost answers {sorted(differing)}"
        for q in differing:
            qkeys = keys[q]
            before = expected.get(q)
            after = qkeys[0] if before is None else qkeys[(qkeys.index(before) + 1) % len(qkeys)]
            assert stored.get(q) == after, f"round {round_no}: {q} is {stored.get(q)}, not {before}"
        expected = dict(stored)
    assert deadline is not None
    assert answers_seen > ROUNDS  # the kills did land mid-exam
