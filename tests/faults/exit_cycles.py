"""Start and quit the app's main window many times in one process (run by test_exit_abort).

Usage: ``python -m tests.faults.exit_cycles DATA_DIR CONTENT_DIR CYCLES FAULT_LOG``. Each cycle
builds a main window, starts it (content load and database open on the worker threads), lets
the event loop run a varying number of turns, closes and deletes it — so windows are closed
with background results still in flight, which is when the exit abort happened. faulthandler
writes any fatal error's stacks to FAULT_LOG. Prints ``CYCLES-DONE n`` at the end.
"""

from __future__ import annotations

import faulthandler
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    data_dir, content_dir, cycles, fault_log = argv[0], argv[1], int(argv[2]), Path(argv[3])
    with fault_log.open("w", encoding="utf-8") as log:
        faulthandler.enable(file=log, all_threads=True)
        from PySide6.QtCore import QCoreApplication, QEventLoop
        from PySide6.QtWidgets import QApplication

        from ethics_trainer.paths import resolve_paths
        from ethics_trainer.ui.context import AppContext
        from ethics_trainer.ui.main_window import MainWindow

        app = QApplication.instance() or QApplication(["exit-cycles"])
        paths = resolve_paths(data_dir, None, content_dir).ensure()
        for cycle in range(cycles):
            window = MainWindow(AppContext(paths=paths))
            window.show()
            window.start()
            for _ in range(cycle % 7):  # close at different points of the start-up
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            window.close()
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, 0)
            app.processEvents()
        print(f"CYCLES-DONE {cycles}", flush=True)
        app.quit()
        del app
        faulthandler.disable()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
