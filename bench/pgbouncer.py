"""PgBouncer in transaction mode in front of a throwaway PostgreSQL, for the centre figure.

Why: 500 PCs with a connection each are 500 backends on a 2-core server; when many answer
at once the kernel time-slices 500 processes over 2 cores and the tail is the run queue, not
the statement. PgBouncer (transaction mode) lets the 500 PCs keep their connections while only
``pool_size`` server backends run statements; the others queue inside PgBouncer.

Debian 12 ships PgBouncer 1.18, which cannot carry named prepared statements across server
connections (``max_prepared_statements`` came in 1.21): clients must not prepare
(psycopg ``prepare_threshold=None``); each answer is still one extended-protocol round trip.

Installed from Debian's package only when asked (``ensure_installed``), started as a daemon
with a pid file, and stopped by the same watchdog as the server (:func:`bench.pg.watch`): a
killed bench leaves no PgBouncer running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.pg import watch
from tests.postgres import PGBOUNCER as BINARY
from tests.postgres import PgBouncer, PgServer

_KILL = "import os, signal, sys\ntry:\n    os.kill(int(open(sys.argv[1]).read()), signal.SIGTERM)\nexcept (OSError, ValueError):\n    pass\n"


def ensure_installed() -> str:
    """ "" when PgBouncer is there (installing Debian's package if needed), else why not."""
    if Path(BINARY).exists():
        return ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "PgBouncer is not installed (Debian package 'pgbouncer')"
    done = subprocess.run(
        ["apt-get", "install", "-y", "-q", "pgbouncer"],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        check=False,
    )
    return "" if Path(BINARY).exists() else f"apt-get install pgbouncer: {done.stderr[-300:]}"


def version() -> str:
    out = subprocess.run([BINARY, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.split("\n", 1)[0].strip()


@contextmanager
def pgbouncer(server: PgServer, pool_size: int) -> Iterator[tuple[int | None, str]]:
    """(port, "") of a PgBouncer pooling ``pool_size`` server connections per database, or
    (None, why not); stopped at the end (the tests' :class:`tests.postgres.PgBouncer`)."""
    why = ensure_installed()
    if why:
        yield None, why
        return
    bouncer = PgBouncer(server, pool_size)
    watch([sys.executable, "-c", _KILL, str(bouncer.pidfile)], str(bouncer.root))
    why = bouncer.start()
    try:
        yield (None, why) if why else (bouncer.port, "")
    finally:
        bouncer.stop()


def wait_stats(port: int) -> str:
    """What PgBouncer's clients waited for a server connection (``SHOW STATS``, all
    databases): transactions and the mean wait, in ms."""
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={port} user=postgres dbname=pgbouncer", autocommit=True
    ) as conn:
        cursor = conn.cursor()
        cursor.execute("SHOW STATS")
        names = [c.name for c in cursor.description or []]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    xacts = sum(int(r.get("total_xact_count", 0)) for r in rows)
    waited = sum(int(r.get("total_wait_time", 0)) for r in rows)
    if not xacts:
        return "PgBouncer: no transactions"
    return f"PgBouncer: {xacts} transactions, mean wait for a server {waited / xacts / 1000:.2f} ms"
