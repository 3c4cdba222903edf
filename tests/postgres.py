"""A throwaway PostgreSQL server for tests: Debian's initdb and pg_ctl in a temp folder.

The server listens on 127.0.0.1 on a free port with trust authentication and is removed at the
end of the session. As root (CI), it runs as the ``postgres`` system user, since PostgreSQL
refuses to run as root. Tests are skipped with the reason when the binaries are missing.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="ethics-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> None:
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nfsync = on\nmax_connections = 300\n"
            )

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log.txt"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> tuple[PgServer | None, str]:
    """A running server, or None and the reason it could not be had."""
    bindir = find_bindir()
    if bindir is None:
        return (
            None,
            "PostgreSQL is not installed (Debian package 'postgresql'); run the README's test command",
        )
    server = PgServer(bindir)
    try:
        server.init()
        server.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        server.destroy()
        return None, f"PostgreSQL could not be started: {detail.strip()[:300]}"
    return server, ""


PGBOUNCER = "/usr/sbin/pgbouncer"


class PgBouncer:
    """PgBouncer in transaction mode in front of a :class:`PgServer`, run as a daemon.

    ``round_robin`` hands each transaction to the next server connection instead of the most
    recently used one, so a statement prepared on one backend is looked for on another at the
    very next transaction: the hazard a busy centre meets by chance, met every time.
    """

    def __init__(self, server: PgServer, pool_size: int, *, round_robin: bool = False) -> None:
        self.server = server
        self.root = Path(tempfile.mkdtemp(prefix="ethics-pgb-"))
        self.port = free_port()
        self.pidfile = self.root / "pgbouncer.pid"
        (self.root / "users.txt").write_text('"postgres" ""\n')
        (self.root / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={server.port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.root / 'users.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {pool_size}\nmin_pool_size = {pool_size}\n"
            "reserve_pool_size = 0\n"
            f"server_round_robin = {int(round_robin)}\n"
            "max_client_conn = 2000\nadmin_users = postgres\n"
            f"logfile = {self.root / 'pgbouncer.log'}\npidfile = {self.pidfile}\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
            "server_reset_query =\n"
        )
        if os.geteuid() == 0:  # PgBouncer refuses to run as root, like PostgreSQL
            shutil.chown(self.root, "postgres", "postgres")
            for item in self.root.iterdir():
                shutil.chown(item, "postgres", "postgres")

    def start(self) -> str:
        """ "" once it accepts connections, else why not (its log's end)."""
        cmd = [PGBOUNCER, "-d", str(self.root / "pgbouncer.ini")]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        started = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=30)
        log = self.root / "pgbouncer.log"
        deadline = time.monotonic() + 10
        while started.returncode == 0 and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return ""
            except OSError:
                time.sleep(0.05)  # the daemon is still starting (not a test's wait)
        tail = log.read_text()[-300:] if log.exists() else ""
        return f"PgBouncer did not start: {started.stderr[-200:]} {tail}"

    def url(self, server_url: str, *, pooled: bool = True) -> str:
        """``server_url``'s database, reached through this PgBouncer."""
        name = server_url.rsplit("/", 1)[-1]
        option = "?pooled=1" if pooled else ""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}{option}"

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(self.pidfile.read_text()), signal.SIGTERM)
        shutil.rmtree(self.root, ignore_errors=True)


def start_pgbouncer(
    server: PgServer, pool_size: int, *, round_robin: bool = False
) -> tuple[PgBouncer | None, str]:
    """A running PgBouncer in front of ``server``, or None and the reason it could not be had."""
    if not Path(PGBOUNCER).exists():
        return None, "PgBouncer is not installed (Debian package 'pgbouncer')"
    bouncer = PgBouncer(server, pool_size, round_robin=round_robin)
    why = bouncer.start()
    if why:
        bouncer.stop()
        return None, why
    return bouncer, ""
