"""Room: ``ethics-trainer room-check`` on a throwaway PostgreSQL (see ``bench/pg.py``).

How a room is simulated (``ethics_trainer/exams/room_check.py``): real exam sessions with
checked-in candidates; the candidates are spread over worker processes (one per core), each
worker running its candidates as asyncio tasks, each with its own connection, sending the
product's own one-statement answer (``ethics_trainer/exams/answer_write.py``). Every answer is
journalled before it is sent and the journal is reconciled against the database:
``lost = sent − stored``.

The pace. A real candidate answers about every 30–60 s, so a room of 100 sends 2–3 answers a
second. ``--pace 1`` (each candidate answers every 0.5–1.5 s, from random moments) is 30–60×
that: about 100 answers a second. The second row is the same room with no pause (a stress
figure). The third is a centre: 500 candidates in 5 rooms on one server at pace 1 s, one
connection per PC as the app makes them, so the connection budget is ``max_connections =
600`` (500 PCs + proctors + head-room; PostgreSQL's default is 100).

Baseline: one raw psycopg ``INSERT`` + commit per answer on the same server (p99), measured in
the same run. Targets (issue #17): pace 1 s p99 ≤ 50 ms, no pause p99 ≤ 250 ms, centre p99 ≤
100 ms, 0 lost in each.
"""

from __future__ import annotations

import time

from bench.common import Figure, not_measured, percentile

CANDIDATES = 100
PACE = 1.0  # mean seconds between one candidate's answers; see the module docstring
CENTRE = 500
CENTRE_ROOMS = 5
MAX_CONNECTIONS = 600
ROWS = (  # key, label, target ms
    ("paced", f"room-check, {CANDIDATES} candidates, pace 1 s, p99 per answer", 50.0),
    ("full", f"room-check, {CANDIDATES} candidates, no pause (stress), p99 per answer", 250.0),
    (
        "centre",
        f"centre: {CENTRE} candidates in {CENTRE_ROOMS} rooms, one server, pace 1 s, p99",
        100.0,
    ),
)
BASE_LABEL = "raw psycopg insert + commit, one connection, p99"


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


def run(quick: bool, save=None) -> list[Figure]:  # type: ignore[no-untyped-def]
    from bench.pg import throwaway_server
    from ethics_trainer.exams.room_check import default_workers, run_room_check
    from ethics_trainer.storage.db import open_database

    questions = 10 if quick else 30
    figures: list[Figure] = []
    with throwaway_server(max_connections=MAX_CONNECTIONS) as (server, reason):
        if server is None:
            return [
                not_measured("room", label, "ms", f"≤ {t:g} ms", reason) for _k, label, t in ROWS
            ]
        url = server.create_database()
        open_database(url).dispose()  # schema at head before the clock starts
        raw = _raw_p99(server)
        for key, label, target in ROWS:
            candidates = CENTRE if key == "centre" else CANDIDATES
            pace = 0.0 if key == "full" else PACE
            try:
                result = run_room_check(
                    url,
                    candidates,
                    questions,
                    pace=pace,
                    rooms=CENTRE_ROOMS if key == "centre" else 1,
                )
            except Exception as exc:  # a benchmark reports, it does not crash the run
                figures.append(not_measured("room", label, "ms", f"≤ {target:g} ms", repr(exc)))
                continue
            how = f"--pace {pace:g}" if pace else "no pause"
            budget = f"; max_connections {MAX_CONNECTIONS}" if key == "centre" else ""
            figure = Figure(
                "room",
                label,
                result.p99,
                "ms",
                f"≤ {target:g} ms, 0 lost",
                baseline=raw,
                baseline_label=BASE_LABEL,
                note=(
                    f"{result.summary()}; sent {result.sent}, replayed {result.replayed}; "
                    f"{candidates} × {questions} answers in {default_workers(candidates)} "
                    f"processes, {how}, {result.seconds:.0f} s{budget}"
                ),
            )
            figure.met = result.p99 <= target and result.lost == 0 and result.not_sent == 0
            figures.append(figure)
            if save is not None:
                save(figures)
    return figures
