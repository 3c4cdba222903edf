"""Room: ``ethics-trainer room-check`` with 100 candidates on a throwaway PostgreSQL.

Baseline: one raw psycopg ``INSERT`` + commit per answer on the same server (p99), measured in
the same run. Target: p99 ≤ 50 ms, 0 lost.
"""

from __future__ import annotations

import importlib.util
import time

from bench.common import Figure, not_measured, percentile

LABEL = "room-check, 100 candidates, p99 per answer"


def _raw_p99(server, count: int = 600) -> float:  # type: ignore[no-untyped-def]
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres"
    ) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id serial primary key, v text)")
        conn.commit()
        times = []
        for i in range(count):
            start = time.perf_counter()
            conn.execute("INSERT INTO bench_raw (v) VALUES (%s)", (f'["{i % 4}"]',))
            conn.commit()
            times.append((time.perf_counter() - start) * 1000)
        conn.execute("DROP TABLE bench_raw")
        conn.commit()
    return percentile(times, 99)


def run(quick: bool) -> list[Figure]:
    if importlib.util.find_spec("ethics_trainer.exams.room_check") is None:
        return [
            not_measured(
                "room", LABEL, "ms", "≤ 50 ms, 0 lost", "ethics_trainer.exams.room_check is absent"
            )
        ]
    from ethics_trainer.exams.room_check import run_room_check
    from tests.postgres import start_server

    server, reason = start_server()
    if server is None:
        return [not_measured("room", LABEL, "ms", "≤ 50 ms, 0 lost", reason)]
    try:
        url = server.create_database()
        from ethics_trainer.storage.db import open_database

        open_database(url).dispose()  # schema at head before the clock starts
        questions = 10 if quick else 30
        result = run_room_check(url, 100, questions)
        raw = _raw_p99(server)
    except Exception as exc:  # a benchmark reports, it does not crash the run
        return [not_measured("room", LABEL, "ms", "≤ 50 ms, 0 lost", f"room-check failed: {exc}")]
    finally:
        server.destroy()
    figure = Figure(
        "room",
        LABEL,
        result.p99,
        "ms",
        "≤ 50 ms, 0 lost",
        baseline=raw,
        baseline_label="raw psycopg insert + commit, one connection, p99",
        note=f"{result.summary()}; 100 × {questions} answers",
    )
    figure.met = result.p99 <= 50 and result.lost == 0
    return [figure]
