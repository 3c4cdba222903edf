"""Launch the app for the startup bench, with the measuring done here, not in the app.

Runs what ``python -m ethics_trainer`` runs, after connecting to the main window's
``painted_with_library``, which relays the start-up controller's (``ethics_trainer/ui/
startup.py``, ``Startup._after_library_paint``: emitted once the library page is painted,
before anything deferred to after the paint runs). Prints, as ``bare_qt.py`` does:
``ETHICS_TRAINER_PAINTED <time.monotonic()>`` at that paint and the process's CPU time then
(``ETHICS_TRAINER_CPU_PAINT``, all threads; steadier than wall time on a loaded machine); then the resident memory at
the paint (``ETHICS_TRAINER_RSS_PAINT_KB``), the heavy packages and late modules already
imported (``ETHICS_TRAINER_HEAVY``: the regression guard, which must list none), and after
``ETHICS_TRAINER_BENCH_IDLE_SECONDS`` ``ETHICS_TRAINER_RSS_KB`` and the database packages loaded
by then (``ETHICS_TRAINER_IDLE_HEAVY``: a current SQLite database only has its profiles read
until the person uses it, so this guard must list none either); then closes the window.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Not needed for the first paint; each is imported after it (the database, Markdown on
# first render, the content parser only when the cache is stale, exports on use).
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "alembic",
    "psycopg",
    "markdown",
    "yaml",
    "openpyxl",
    "fpdf",
    "fontTools",
    "segno",
    "zxingcpp",
    "cryptography",
)
# The app's own modules that the first paint does not need either: the optional screens'
# menus (installed after the paint), the database layer and the content parser.
LATE = (
    "ethics_trainer.ui.import_dialog",
    "ethics_trainer.ui.exams.menu",
    "ethics_trainer.ui.hr.menu",
    "ethics_trainer.interchange",
    "ethics_trainer.storage.db",
    "ethics_trainer.services",
    "ethics_trainer.content.loader",
    "ethics_trainer.ui.lesson_view",  # the reader: built when a lesson is first opened
    "PySide6.QtNetwork",  # the single-instance socket: listens after the paint (issue #17)
    "logging.handlers",  # the log file's rotating handler: built on the first record
    "concurrent.futures",  # the task runner's worker pools: made for the first task
    "ctypes",  # ui/singletons.py needs only its C module, _ctypes
)
# Not needed by an idle window whose profiles were read without them (services/profile_list.py).
IDLE_HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "psycopg")


def imported_too_early() -> list[str]:
    """Heavy packages and late modules already imported (the regression guard)."""
    heavy = {m.split(".")[0] for m in sys.modules} & set(HEAVY)
    late = {name for name in LATE if name in sys.modules}
    return sorted(heavy | late)


def loaded_while_idle() -> list[str]:
    """Database packages loaded by the end of the idle time (the idle regression guard)."""
    return sorted({m.split(".")[0] for m in sys.modules} & set(IDLE_HEAVY))


def rss_kb() -> str:
    with open("/proc/self/status", encoding="ascii") as status:
        return next((ln.split()[1] for ln in status if ln.startswith("VmRSS:")), "")


def main() -> int:
    # ethics_trainer.ui first, as in the app: it loads PySide6 itself (ui/__init__.py)
    from ethics_trainer.ui import main_window  # isort: skip

    from PySide6.QtCore import QTimer

    original = main_window.MainWindow.start

    def start(window) -> None:  # type: ignore[no-untyped-def]
        def painted() -> None:
            print(f"ETHICS_TRAINER_PAINTED {time.monotonic():.6f}", flush=True)
            print(f"ETHICS_TRAINER_CPU_PAINT {time.process_time():.6f}", flush=True)
            print(f"ETHICS_TRAINER_RSS_PAINT_KB {rss_kb()}", flush=True)
            heavy = imported_too_early()
            print(f"ETHICS_TRAINER_HEAVY {','.join(heavy) or '-'}", flush=True)
            idle = float(os.environ.get("ETHICS_TRAINER_BENCH_IDLE_SECONDS", "0") or 0)
            QTimer.singleShot(int(idle * 1000), finish)

        def finish() -> None:
            print(f"ETHICS_TRAINER_RSS_KB {rss_kb()}", flush=True)
            print(f"ETHICS_TRAINER_IDLE_HEAVY {','.join(loaded_while_idle()) or '-'}", flush=True)
            window.close()

        window.painted_with_library.connect(painted)
        original(window)

    main_window.MainWindow.start = start  # type: ignore[method-assign]
    from ethics_trainer.cli.main import main as cli_main

    return cli_main([])


if __name__ == "__main__":
    raise SystemExit(main())
