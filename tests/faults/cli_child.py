"""The command line run as a person would, in a child process: English messages, and a
full disk simulated by a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored so a write past it
fails with EFBIG) that only the child lives under, never a real device."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ethics_trainer.i18n import set_language
from ethics_trainer.logfile import close_logs

ROOT = Path(__file__).resolve().parents[2]
# A child under a file-size limit must not write .pyc files: they would be cut short.
NO_PYC = {"PYTHONDONTWRITEBYTECODE": "1"}


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run_cli(
    *args: str, size_limit: int | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m ethics_trainer ARGS`` with this checkout's code and English messages;
    with ``size_limit``, no file it writes may grow past that many bytes (a full disk)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ETHICS_TRAINER_LANG": "en", **NO_PYC}
    return subprocess.run(
        [sys.executable, "-m", "ethics_trainer", *args],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=None if size_limit is None else lambda: _limit_file_size(size_limit),
        timeout=timeout,
    )


@contextmanager
def english_messages() -> Iterator[None]:
    """Messages in English for the block (the tests read them); Vietnamese again after, with
    the log files closed."""
    set_language("en")
    try:
        yield
    finally:
        close_logs()
        set_language("vi")
