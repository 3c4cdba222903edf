"""The one error boundary of the command line: a short line in the user's language, exit 1.

Usage errors stay argparse's exit 2, so a script tells a typo from a failure (1). A damaged
database, a full disk, a lock, a read-only folder, a missing path each get their own message
with what to do; anything else is "an unexpected error" with the log file's name. Tracebacks
go only to the log (and to stderr when ``ETHICS_TRAINER_DEBUG`` is set).
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ethics_trainer.errors import BadPath, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.paths import AppPaths

EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130
ENV_DEBUG = "ETHICS_TRAINER_DEBUG"
log = logging.getLogger("ethics_trainer.cli")


def explain(exc: BaseException, database_url: str = "") -> UserError | None:
    """The user's message for ``exc``, or None for a bug."""
    if isinstance(exc, UserError):
        return exc
    from ethics_trainer.storage.failures import database_error

    classified = database_error(exc, database_url)
    if classified is not None:
        return classified
    if isinstance(exc, OSError):
        from ethics_trainer.fileio.oserrors import os_error

        return os_error(exc)
    return None


def prepare_data_dir(paths: AppPaths) -> Path | None:
    """Make the data folder (the app's own, so it may be created) and open the log in it."""
    from ethics_trainer.logfile import log_path, log_to_file

    try:
        if paths.data_dir.exists() and not paths.data_dir.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadPath(
            tr("faults.data_dir.bad", path=str(paths.data_dir), error=exc.strerror or exc),
            tr("faults.data_dir.bad_hint"),
        ) from exc
    return log_to_file(log_path(paths.data_dir))


def report(
    exc: BaseException,
    database_url: str,
    logged_to: Path | None,
    notify: Callable[[str, str], None] | None = None,
) -> None:
    message = explain(exc, database_url)
    if message is None or message is not exc or exc.__cause__ is not None:
        from ethics_trainer.logfile import log_exception

        log_exception("command failed", exc)  # the file only: never a traceback on screen
    if message is None:
        lines = [tr("faults.unexpected")]
        lines.append(
            tr("faults.see_log", path=str(logged_to)) if logged_to else tr("faults.no_log")
        )
    else:
        lines = [message.message] + ([message.hint] if message.hint else [])
    if os.environ.get(ENV_DEBUG):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    for line in lines:
        print(f"ethics-trainer: {line}", file=sys.stderr)
    if notify is not None:  # the app: its launcher may have no console to print to
        try:
            notify(lines[0], "\n".join(lines[1:]))
        except Exception:
            log.exception("could not show the error")


def guarded(
    run: Callable[[], int],
    paths: Callable[[], AppPaths],
    notify: Callable[[str, str], None] | None = None,
) -> int:
    """Run a command (or the app) inside the boundary; returns its exit status. ``notify``
    (message, hint) also shows the failure in a window, for the app."""
    logged_to: Path | None = None
    url = ""
    try:
        resolved = paths()
        url = resolved.database_url
        logged_to = prepare_data_dir(resolved)
        return int(run() or 0)
    except KeyboardInterrupt:
        print(f"ethics-trainer: {tr('faults.interrupted')}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit:
        raise
    except BaseException as exc:
        if not isinstance(exc, Exception):
            raise
        report(exc, url, logged_to, notify)
        return EXIT_FAILURE
