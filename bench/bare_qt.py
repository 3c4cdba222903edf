"""The startup/memory baseline: a bare PySide6 script that shows a QMainWindow.

Follows the same contract as the app: prints ``ETHICS_TRAINER_PAINTED <monotonic>`` after the
first paint, idles ``ETHICS_TRAINER_BENCH_IDLE_SECONDS``, prints ``ETHICS_TRAINER_RSS_KB`` and
quits.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False
        self.setWindowTitle("bare")
        self.setCentralWidget(QLabel("Hello"))
        self.resize(1100, 720)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.after_paint)

    def after_paint(self) -> None:
        print(f"ETHICS_TRAINER_PAINTED {time.monotonic():.6f}", flush=True)
        print(f"ETHICS_TRAINER_CPU_PAINT {time.process_time():.6f}", flush=True)
        idle = float(os.environ.get("ETHICS_TRAINER_BENCH_IDLE_SECONDS", "0") or 0)
        QTimer.singleShot(int(idle * 1000), self.finish)

    def finish(self) -> None:
        with open("/proc/self/status", encoding="ascii") as status:
            rss = next((ln.split()[1] for ln in status if ln.startswith("VmRSS:")), "")
        print(f"ETHICS_TRAINER_RSS_KB {rss}", flush=True)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = Window()
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
