"""The app's log file (``<data dir>/logs/ethics-trainer.log``): where tracebacks go.

The user sees one short line; the support team reads the details here. Shared by the CLI's
error boundary and the desktop app (no Qt here).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "ethics-trainer.log"
_handlers: dict[Path, logging.Handler] = {}


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (a full disk) stays silent: it must not print a
    traceback of its own to the user's terminal."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / LOG_NAME


def log_to_file(path: Path) -> Path | None:
    """Send warnings and errors, tracebacks included, to ``path`` (kept to 3 × 1 MB); returns
    the path, or None when it cannot be written (errors then still reach the user)."""
    attached = _handlers.get(path)
    if attached is not None and attached in logging.getLogger().handlers:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    _handlers[path] = handler
    return path


def log_exception(message: str, exc: BaseException) -> bool:
    """Write ``exc`` with its traceback to the log files only (never to the terminal, as the
    root logger's fallback would); False when there is no log file."""
    record = logging.LogRecord(
        "ethics_trainer",
        logging.ERROR,
        __file__,
        0,
        message,
        None,
        (type(exc), exc, exc.__traceback__),
    )
    for handler in _handlers.values():
        handler.handle(record)
    return bool(_handlers)


def close_logs() -> None:
    """Detach every handler added here (tests open many data folders in one process)."""
    root = logging.getLogger()
    for handler in _handlers.values():
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()
