"""The app's log file (``<data dir>/logs/ethics-trainer.log``): where tracebacks go.

The user sees one short line; the support team reads the details here. Shared by the CLI's
error boundary and the desktop app (no Qt here). The rotating file handler is built when the
first record arrives: ``logging.handlers`` brings ``socket``, ``selectors`` and ``pickle``,
which the desktop app's first paint does not need (issue #17), and most runs log nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "ethics-trainer.log"
_handlers: dict[Path, logging.Handler] = {}


MAX_BYTES = 1_000_000
BACKUPS = 2
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _rotating(path: Path) -> logging.Handler:
    """The file handler itself (3 × 1 MB), silent when it cannot write: a full disk must not
    print a traceback of its own to the user's terminal."""
    from logging.handlers import RotatingFileHandler

    class QuietFileHandler(RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:
            pass

    handler = QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


class _LogFile(logging.Handler):
    """Warnings and errors for the log file, passed to the rotating handler it builds on the
    first record (so the app starts without ``logging.handlers``); nothing is dropped."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self.path = path
        self.baseFilename = str(path)  # as a FileHandler names its file
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.file is None:
                self.file = _rotating(self.path)
            self.file.emit(record)
        except Exception:  # the file went away or the disk is full: stay silent
            pass

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        super().close()


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
        with path.open("a", encoding="utf-8"):  # writable now, as the handler will need
            pass
    except OSError:
        return None
    handler = _LogFile(path)
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
