"""A throwaway PostgreSQL server for a benchmark that never outlives it.

``pg_ctl start`` detaches the server, so a bench killed with SIGKILL would leave it running.
Each server gets a watchdog: a small process in its own session that holds the read end of a
pipe whose write end only the bench holds. When the bench ends, however it ends, the pipe
closes and the watchdog stops the server (``-m immediate``) and removes its folder. A normal
end, SIGTERM, SIGINT or SIGHUP also destroy it at once (atexit and signal handlers).
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.postgres import PgServer, start_server

_RUNNING: list[PgServer] = []
SLOW_MS = 20  # with ``profile``: statements slower than this are logged with their duration
_WATCHDOG = r"""
import shutil, subprocess, sys
sys.stdin.buffer.read()  # returns when the bench has ended: the pipe is closed
cmd, root = sys.argv[1:-1], sys.argv[-1]
subprocess.run(cmd, capture_output=True, timeout=120)
shutil.rmtree(root, ignore_errors=True)
"""


def _destroy_all() -> None:
    while _RUNNING:
        _RUNNING.pop().destroy()


def _on_signal(signum: int, _frame: Any) -> None:
    _destroy_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers() -> None:
    atexit.register(_destroy_all)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        if signal.getsignal(sig) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(sig, _on_signal)


def _watchdog(server: PgServer) -> None:
    stop = [str(server.bindir / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "-w", "stop"]
    if server.as_root:
        stop = ["runuser", "-u", "postgres", "--", *stop]
    watch(stop, str(server.root))


def watch(stop: list[str], root: str) -> None:
    """Run ``stop`` and remove ``root`` once this process has ended, however it ends."""
    read, write = os.pipe()
    subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, *stop, root],
        stdin=read,
        start_new_session=True,  # not in the bench's process group: a group kill spares it
        close_fds=True,
        pass_fds=(),
    )
    os.close(read)
    os.set_inheritable(write, False)  # only this process holds it: no child keeps it open


@contextmanager
def throwaway_server(
    *, max_connections: int = 300, profile: bool = False
) -> Iterator[tuple[PgServer | None, str]]:
    """(server, "") while the block runs, or (None, why not); destroyed at the end.

    ``profile``: pg_stat_statements loaded, and every statement slower than
    :data:`SLOW_MS` logged with its duration (``log.txt`` in the server's folder), to split a
    client-side tail into server time and waiting."""
    if not _RUNNING:
        _install_handlers()
    server, reason = start_server()
    if server is None:
        yield None, reason
        return
    _RUNNING.append(server)
    _watchdog(server)
    try:
        if max_connections != 300 or profile:
            with (server.data / "postgresql.conf").open("a") as conf:
                conf.write(f"\nmax_connections = {max_connections}\n")
                if profile:
                    conf.write(
                        "shared_preload_libraries = 'pg_stat_statements'\n"
                        f"log_min_duration_statement = {SLOW_MS}\n"
                        "pg_stat_statements.track = all\n"
                    )
            server.stop("fast")
            server.start()
            if profile:
                import psycopg

                with psycopg.connect(
                    f"host=127.0.0.1 port={server.port} user=postgres dbname=template1",
                    autocommit=True,
                ) as conn:  # in template1: every database created later has the view
                    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        yield server, ""
    finally:
        if server in _RUNNING:
            _RUNNING.remove(server)
        server.destroy()


def server_cpu_seconds(server: PgServer) -> float:
    """CPU seconds the server has used so far: the postmaster, its live processes (backends,
    WAL writer, …) and the ones it has reaped (``/proc``, Linux; 0.0 elsewhere). Unlike wall
    clock, the other jobs on a shared machine do not change it."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        parent = int((server.data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    total = 0
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a backend that ended meanwhile: its time is in the postmaster's now
        if int(entry) == parent or int(fields[1]) == parent:
            total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick
