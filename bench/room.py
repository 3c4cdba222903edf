"""Room: ``ethics-trainer room-check`` with 100 candidates on a throwaway PostgreSQL.

How the room is simulated (see ``ethics_trainer/exams/room_check.py``): the 100 candidates are
spread over worker processes (one per core, at least two), each candidate with its own
connection, so the measure is the server and the answer path, not one interpreter's GIL.

The pace. A real candidate reads a question and answers about every 30–60 s, so a room of 100
sends 2–3 answers a second. The target row uses ``--pace 1`` (each candidate answers every
0.5–1.5 s, starting at random moments): about 100 answers a second, 30–60× a real room's load,
and still what the server sees from real PCs, each talking to it on its own. The second row is
the same room at full speed (every candidate answering as fast as it can, no pause): a stress
figure, not a room; on this machine the two cores are then shared by 100 simulated clients and
PostgreSQL, so it measures CPU queueing. Both rows verify every answer (lost 0).

Baseline: one raw psycopg ``INSERT`` + commit per answer on the same server (p99), measured in
the same run. Target: p99 ≤ 50 ms, 0 lost.
"""

from __future__ import annotations

import importlib.util
import time

from bench.common import Figure, not_measured, percentile

LABEL = "room-check, 100 candidates, pace 1 s, p99 per answer"
LABEL_FULL = "room-check, 100 candidates, full speed (stress), p99 per answer"
CANDIDATES = 100
PACE = 1.0  # mean seconds between one candidate's answers; see the module docstring
TARGET = "≤ 50 ms, 0 lost"


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
            not_measured("room", LABEL, "ms", TARGET, "ethics_trainer.exams.room_check is absent")
        ]
    from ethics_trainer.exams.room_check import default_workers, run_room_check
    from tests.postgres import start_server

    server, reason = start_server()
    if server is None:
        return [not_measured("room", LABEL, "ms", TARGET, reason)]
    try:
        url = server.create_database()
        from ethics_trainer.storage.db import open_database

        open_database(url).dispose()  # schema at head before the clock starts
        questions = 10 if quick else 30
        paced = run_room_check(url, CANDIDATES, questions, pace=PACE)
        full = run_room_check(url, CANDIDATES, questions)
        raw = _raw_p99(server)
    except Exception as exc:  # a benchmark reports, it does not crash the run
        return [not_measured("room", LABEL, "ms", TARGET, f"room-check failed: {exc}")]
    finally:
        server.destroy()
    workers = default_workers(CANDIDATES)
    figures = []
    for label, result, how in (
        (LABEL, paced, f"--pace {PACE:g}, {paced.seconds:.0f} s"),
        (LABEL_FULL, full, f"no pause, {full.seconds:.1f} s"),
    ):
        figure = Figure(
            "room",
            label,
            result.p99,
            "ms",
            TARGET,
            baseline=raw,
            baseline_label="raw psycopg insert + commit, one connection, p99",
            note=(
                f"{result.summary()}; {CANDIDATES} × {questions} answers in {workers} processes, "
                f"{how}"
            ),
        )
        figure.met = result.p99 <= 50 and result.lost == 0
        figures.append(figure)
    return figures
