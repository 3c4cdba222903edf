"""Answer save: ``save_answer`` (what the quiz screen calls for each answer) durably in SQLite,
against a raw ``sqlite3`` insert; ``record_answer`` (which also returns the whole attempt) is
reported beside it.

Both write to a file in WAL mode with ``synchronous=FULL`` (one fsync per commit), one commit per
answer, in the same folder, interleaved so disk load affects both alike.
Targets: p99 ≤ 10 ms and ≤ 2× the raw insert's p99.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import Figure, median, percentile

RAW_SCHEMA = """
CREATE TABLE answer (
    id INTEGER PRIMARY KEY,
    attempt_id INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    selected_json TEXT NOT NULL,
    flagged INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT NOT NULL,
    score REAL,
    UNIQUE (attempt_id, question_id)
)
"""


def run(quick: bool) -> list[Figure]:
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.services import attempts, learners
    from ethics_trainer.storage.db import open_database
    from tests.faults.content import write_exam_content

    count = 300 if quick else 1000
    with tempfile.TemporaryDirectory(prefix="bench-answers-") as tmp:
        folder = Path(tmp)
        course = load_library(write_exam_content(folder / "content", questions=40)).courses[0]
        db = open_database(f"sqlite:///{folder / 'app.db'}")
        me = learners.create_learner(db, full_name="Đo Hiệu Năng")
        state = attempts.start_final_quiz(db, learner_id=me.id, course=course)
        raw = sqlite3.connect(folder / "raw.db", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute(RAW_SCHEMA)
        keys = ["a", "b", "c", "d"]
        app_ms: list[float] = []
        full_ms: list[float] = []
        raw_ms: list[float] = []
        for i in range(count + 20):
            q = state.questions[i % len(state.questions)]
            key = keys[(i // len(state.questions)) % 4]
            start = time.perf_counter()
            attempts.save_answer(db, state.id, q.id, [key])
            app = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            attempts.record_answer(db, state.id, q.id, [key])
            full = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute(
                "INSERT INTO answer (attempt_id, question_id, position, selected_json, answered_at)"
                " VALUES (1, ?, ?, ?, datetime('now')) ON CONFLICT (attempt_id, question_id)"
                " DO UPDATE SET selected_json = excluded.selected_json,"
                " answered_at = excluded.answered_at",
                (q.id, i % 40, f'["{key}"]'),
            )
            raw.execute("COMMIT")
            rawt = (time.perf_counter() - start) * 1000
            if i >= 20:  # the first few warm caches and the pool
                app_ms.append(app)
                full_ms.append(full)
                raw_ms.append(rawt)
        raw.close()
        db.dispose()
    p50 = Figure(
        "answers",
        "Store one answer (save_answer), p50",
        median(app_ms),
        "ms",
        "—",
        baseline=median(raw_ms),
        baseline_label="raw sqlite3 upsert + commit, WAL, synchronous=FULL",
        note=f"{count} answers",
    )
    p99 = Figure(
        "answers",
        "Store one answer (save_answer), p99",
        percentile(app_ms, 99),
        "ms",
        "≤ 10 ms and ≤ 2× raw",
        baseline=percentile(raw_ms, 99),
        baseline_label="raw sqlite3 upsert + commit, p99",
        note=f"{count} answers",
    )
    p99.met = p99.value is not None and p99.value <= 10 and (p99.ratio or 99) <= 2.0
    full = Figure(
        "answers",
        "Store one answer and read back the attempt (record_answer), p99",
        percentile(full_ms, 99),
        "ms",
        "—",
        baseline=percentile(raw_ms, 99),
        baseline_label="raw sqlite3 upsert + commit, p99",
        note="the API that returns the whole attempt state; not on the quiz screen's path",
    )
    return [p50, p99, full]
