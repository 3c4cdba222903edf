"""One exam-room PC in its own process, so a journey can pull its plug (SIGKILL).

Run as ``python -m tests.journeys.candidate_pc URL CONTENT DATA_DIR MACHINE NAME CODE COUNT
WIDTH HEIGHT``: the real candidate window with the app's look, signed in by keyboard (the
name picked with ↓, the session code typed, Enter), COUNT questions answered with the right
options' letter keys and → to the next. Once the server holds every answer it prints
``ANSWERED <question ids>`` and keeps running, like a PC in the room, until it is killed.
Every Qt warning is written to stderr as ``QT-WARNING: …`` for the journey to fail on.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ethics_trainer import i18n
from ethics_trainer.content.loader import load_library
from ethics_trainer.storage.db import open_database
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.theme import apply_theme, load_fonts
from tests.window_helpers import QtWarnings

WAIT_MS = 60000


def report_warnings(kind: QtMsgType, _context: object, message: str) -> None:
    if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        return
    if any(message.startswith(i) for i in QtWarnings.IGNORED):
        return
    print(f"QT-WARNING: {message}", file=sys.stderr, flush=True)


def wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until ``condition()`` holds (a ceiling, not a pace)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not condition():
        if time.monotonic() > deadline:
            print(f"TIMEOUT: {what}", file=sys.stderr, flush=True)
            raise SystemExit(3)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main(argv: list[str]) -> int:
    url, content, data_dir, machine, name, code, count, width, height = argv
    qInstallMessageHandler(report_warnings)
    i18n.set_language("vi")
    app = QApplication([])
    load_fonts(app)
    apply_theme(app, "light")
    db = open_database(url)
    window = CandidateWindow(db, load_library(Path(content)), Path(data_dir), machine=machine)
    window.resize(int(width), int(height) - 70)
    window.show()
    wait_for(lambda: window.names.findText(name, Qt.MatchFlag.MatchStartsWith) >= 0, "names")
    window.names.setFocus()
    while not window.names.currentText().startswith(name):  # ↓ down the list to one's name
        QTest.keyClick(window.names, Qt.Key.Key_Down)
    QTest.mouseClick(window.code, Qt.MouseButton.LeftButton)
    QTest.keyClicks(window.code, code)
    QTest.keyClick(window.code, Qt.Key.Key_Return)
    wait_for(lambda: window.state is not None and window.pages.currentIndex() == 1, "exam")
    answered = []
    for _ in range(int(count)):
        assert window.state is not None
        question = window.state.questions[window.index]
        rights = [i for i, o in enumerate(question.options) if o.correct]
        for right in rights:  # each right option's letter (several for multiple choice)
            QTest.keyClick(window.question, Qt.Key(Qt.Key.Key_A + right))
        wanted = len(rights)
        wait_for(
            lambda q=question, n=wanted: len(window.answers().get(q.id, ())) == n,
            "answer kept",
        )
        answered.append(question.id)
        QTest.keyClick(window.question, Qt.Key.Key_Right)
    # what the server holds: every answer written and read back in the server's view
    window.sync()
    wait_for(
        lambda: (
            window.state is not None
            and all(
                window.state.answers.get(q) and window.state.answers[q].selected for q in answered
            )
        ),
        "answers on the server",
    )
    print("ANSWERED " + " ".join(answered), flush=True)
    return int(app.exec())  # a PC in the room: runs until the plug is pulled


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
