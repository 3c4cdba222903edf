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

The fourth row is the same centre through PgBouncer in transaction mode (``--pgbouncer``:
installed from Debian's package if missing, see ``bench/pgbouncer.py``): the 500 PCs keep
their connections to PgBouncer, which runs their statements on ``POOL`` server connections.
That is the connection budget: 500 client connections, ``POOL`` backends (+ the bench's own).

The latency of an answer is from its send to the moment the simulator's event loop saw the
reply (``ethics_trainer/exams/room_timing.py``): what a candidate's own PC would see, less the
time the reply then waited in a worker busy with other PCs' answers. Every row also says where
its tail was spent: the server's own time for the answer statement (pg_stat_statements mean and
max, how many took over ``SLOW_MS`` inside the server, from ``log_min_duration_statement``),
its WAL flushes (group commit), and the simulator apart: how long replies waited in a worker
(and send → handled, the latency as measured before the fourth round), how far behind its own
schedule it fell, its event-loop lag and each worker's CPU share of a core.

Baseline: one raw psycopg ``INSERT`` + commit per answer on the same server (p99), measured in
the same run. Targets (issue #17): pace 1 s p99 ≤ 50 ms, no pause p99 ≤ 250 ms, centre p99 ≤
100 ms, 0 lost in each.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

from bench.common import Figure, not_measured, percentile

CANDIDATES = 100
PACE = 1.0  # mean seconds between one candidate's answers; see the module docstring
CENTRE = 500
CENTRE_ROOMS = 5
MAX_CONNECTIONS = 600
POOL = 24  # PgBouncer server connections: 12 per core (each holds its backend through the WAL flush of its commit, so 8 queued: mean wait 26 ms; 24: under 0.5 ms)
ROWS = (  # key, label, target ms
    ("paced", f"room-check, {CANDIDATES} candidates, pace 1 s, p99 per answer", 50.0),
    ("full", f"room-check, {CANDIDATES} candidates, no pause (stress), p99 per answer", 250.0),
    (
        "centre",
        f"centre: {CENTRE} candidates in {CENTRE_ROOMS} rooms, one server, pace 1 s, p99",
        100.0,
    ),
    (
        "bouncer",
        f"centre: {CENTRE} candidates in {CENTRE_ROOMS} rooms, PgBouncer (transaction, pool "
        "{pool}), pace 1 s, p99",
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


def _server_split(server, url: str, log_from: int) -> str:  # type: ignore[no-untyped-def]
    """The answer statement's time inside the server since the last reset: calls, mean, max
    (pg_stat_statements) and how many exceeded SLOW_MS (the server log from ``log_from``)."""
    import psycopg

    from bench.pg import SLOW_MS

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT sum(calls), sum(total_exec_time) / nullif(sum(calls), 0), max(max_exec_time)"
            " FROM pg_stat_statements WHERE query LIKE '%INSERT INTO answer%'"
        ).fetchone()
        conn.execute("SELECT pg_stat_statements_reset()")
        wal = conn.execute("SELECT wal_sync FROM pg_stat_wal").fetchone()
    log = (server.root / "log.txt").read_bytes()[log_from:].decode("utf-8", "replace")
    slow = [line for line in log.splitlines() if "duration:" in line and "open_attempt" in line]
    calls, mean, most = row if row else (0, None, None)
    if not calls:
        return "server: no statistics"
    return (
        f"server time of the answer statement: {int(calls)} calls, mean {mean:.2f} ms, "
        f"max {most:.1f} ms, {len(slow)} over {SLOW_MS} ms; "
        f"{int(wal[0]) if wal else 0} WAL flushes (fsync on, synchronous_commit on)"
    )


def _log_size(server) -> int:  # type: ignore[no-untyped-def]
    try:
        return (server.root / "log.txt").stat().st_size
    except OSError:
        return 0


def _reset_stats(url: str) -> None:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_statements_reset()")
        conn.execute("SELECT pg_stat_reset_shared('wal')")


def run(  # type: ignore[no-untyped-def]
    quick: bool, save=None, *, only: tuple[str, ...] = (), pgbouncer: bool = False
) -> list[Figure]:
    from bench.pg import server_cpu_seconds, throwaway_server
    from ethics_trainer.exams.room_check import run_room_check
    from ethics_trainer.exams.room_simulator import default_workers
    from ethics_trainer.storage.db import open_database

    questions = 10 if quick else 30
    figures: list[Figure] = []
    rows = [r for r in ROWS if (not only or r[0] in only) and (pgbouncer or r[0] != "bouncer")]
    with throwaway_server(max_connections=MAX_CONNECTIONS, profile=True) as (server, reason):
        if server is None:
            return [
                not_measured("room", label, "ms", f"≤ {t:g} ms", reason) for _k, label, t in rows
            ]
        url = server.create_database()
        open_database(url).dispose()  # schema at head before the clock starts
        raw = _raw_p99(server)
        for key, label, target in rows:
            label = label.replace("{pool}", str(POOL))
            centre = key in ("centre", "bouncer")
            candidates = CENTRE if centre else CANDIDATES
            pace = 0.0 if key == "full" else PACE
            _reset_stats(url)
            log_from = _log_size(server)
            cpu = server_cpu_seconds(server)
            try:
                with _pooler(server, url, key == "bouncer") as (via, why):
                    if why:
                        raise RuntimeError(why)
                    result = run_room_check(
                        url,
                        candidates,
                        questions,
                        pace=pace,
                        rooms=CENTRE_ROOMS if centre else 1,
                        via=via,
                    )
                    waited = _bouncer_wait(via)
                    cpu = server_cpu_seconds(server) - cpu
            except Exception as exc:  # a benchmark reports, it does not crash the run
                figures.append(not_measured("room", label, "ms", f"≤ {target:g} ms", repr(exc)))
                continue
            how = f"--pace {pace:g}" if pace else "no pause"
            budget = ""
            if key == "centre":
                budget = f"; max_connections {MAX_CONNECTIONS}, {candidates} backends"
            elif key == "bouncer":
                from bench.pgbouncer import version

                budget = f"; {version()}, {candidates} client connections, {POOL} backends"
            per = cpu / max(1, result.sent) * 1000
            split = (
                f"; {_server_split(server, url, log_from)}{waited}; server CPU {cpu:.2f} s, "
                f"{per:.2f} ms per answer (incl. making and removing the seats); "
                f"{result.simulator_line()}"
            )
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
                    f"processes, {how}, {result.seconds:.0f} s{budget}{split}"
                ),
            )
            figure.met = result.p99 <= target and result.lost == 0 and result.not_sent == 0
            figures.append(figure)
            if save is not None:
                save(figures)
    return figures


def _bouncer_wait(via: str | None) -> str:
    """ "; PgBouncer: …" with the mean wait for a server connection, or "" without one."""
    if via is None:
        return ""
    from sqlalchemy.engine import make_url

    from bench.pgbouncer import wait_stats

    try:
        return "; " + wait_stats(int(make_url(via).port or 0))
    except Exception as exc:  # a statistic missing is a note, not a failed figure
        return f"; PgBouncer statistics unavailable: {exc!r}"[:200]


@contextmanager
def _pooler(server, url: str, wanted: bool):  # type: ignore[no-untyped-def]
    """(URL the PCs connect to, "") — PgBouncer's when ``wanted``, else (None, "")."""
    if not wanted:
        yield None, ""
        return
    from bench.pgbouncer import pgbouncer

    with pgbouncer(server, POOL) as (port, why):
        if port is None:
            yield None, why
        else:
            from sqlalchemy.engine import make_url

            yield make_url(url).set(port=port).render_as_string(hide_password=False), ""


def answer_cpu(rounds: int = 4, per_round: int = 25, questions: int = 30) -> dict[str, list[float]]:
    """The server's own CPU (ms) per answer of one PC answering ``questions`` questions on its
    own connection, by psycopg ``prepare_threshold``: 5 (psycopg's default), 0 (the app's
    answering connection, ``answer_write.PREPARE_AT``) and None (never: through PgBouncer).
    From the backend's ``/proc`` CPU, so the machine's other jobs do not change it; the
    variants take turns in each round, ``per_round`` PCs each."""
    import psycopg

    from bench.pg import throwaway_server
    from ethics_trainer.clock import SYSTEM_CLOCK
    from ethics_trainer.exams import answer_write
    from ethics_trainer.exams.room_seats import prepare_seats, room_snapshot
    from ethics_trainer.storage.db import open_database

    variants: dict[str, int | None] = {"at the fifth": 5, "at the first": 0, "never": None}
    found: dict[str, list[float]] = {name: [] for name in variants}
    tick = os.sysconf("SC_CLK_TCK")

    def backend_cpu(pid: int) -> float:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    with throwaway_server() as (server, reason):
        if server is None:
            raise SystemExit(reason)
        url = server.create_database()
        db = open_database(url)
        seats, _definition = prepare_seats(
            db, rounds * per_round * len(variants), questions, rounds * len(variants)
        )
        keys = answer_write.keys_of(room_snapshot(questions))
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        waiting = iter(seats)
        for _round in range(rounds):
            for name, threshold in variants.items():
                spent, answers = 0.0, 0
                for _pc in range(per_round):
                    seat = next(waiting)
                    target = answer_write.Target(seat.attempt_id, keys)
                    with psycopg.connect(dsn, autocommit=True) as conn:
                        conn.prepare_threshold = threshold
                        before = backend_cpu(conn.info.backend_pid)
                        for q in range(questions):
                            params = answer_write.answer_params(
                                target,
                                seat.candidate_id,
                                seat.machine,
                                f"room-check-q{q + 1}",
                                ["b"],
                                SYSTEM_CLOCK.now(),
                            )
                            conn.execute(answer_write.ANSWER_SQL, params).fetchone()
                            answers += 1
                        spent += backend_cpu(conn.info.backend_pid) - before
                found[name].append(spent / answers * 1000)
        db.dispose()
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.room [--only centre,bouncer] [--pgbouncer] [--pool N] [--quick]``:
    the rows printed, nothing written (``bench/run.py`` writes the README)."""
    import argparse

    global POOL
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--only", default="")
    parser.add_argument("--pgbouncer", action="store_true")
    parser.add_argument("--pool", type=int, default=POOL)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--answer-cpu", action="store_true", help="the server's CPU per answer, by preparing"
    )
    args = parser.parse_args(argv)
    if args.answer_cpu:
        for name, values in answer_cpu().items():
            runs = ", ".join(f"{v:.2f}" for v in values)
            print(f"prepared {name}: server CPU per answer {runs} ms", flush=True)
        return 0
    POOL = args.pool
    only = tuple(n for n in args.only.split(",") if n)
    for f in run(args.quick, only=only, pgbouncer=args.pgbouncer):
        print(f"{f.label}: {f.value} {f.unit} ({f.met}) — {f.note}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
