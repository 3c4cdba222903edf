"""The candidate's sign-in page: pick your name from the open sessions' rosters, type the
session code, enter.

The page reads the names and signs in on the window's task runner, so a slow server never
freezes it; :func:`open_attempt` is the work done on signing in, off the GUI thread: the
server's time, the check-in on this PC and the attempt started or resumed. The candidate
screen composes the page and takes over on ``signed_in``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import candidate_view, live_roster
from ethics_trainer.exams.client import OFFLINE_ERRORS, CandidateClient
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.exams.server_time import room_clock
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services.steady_clock import SteadyClock
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import show_error
from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seat:
    """What signing in on this PC needs."""

    db: Database
    library: Library
    machine: str
    journal: AnswerJournal
    clock: Clock


@dataclass(frozen=True)
class SignedIn:
    client: CandidateClient
    state: AttemptState
    view: candidate_view.CandidateView


def open_attempt(
    db: Database,
    library: Library,
    candidate_id: int,
    code: str,
    machine: str,
    journal: AnswerJournal,
    clock: Clock,
) -> SignedIn:
    """Check in on this PC with ``code`` and start (or resume) the attempt."""
    # the server's time, once per session: a PC with a wrong clock gets the right deadline
    now_clock = room_clock(db, clock)
    if clock is SYSTEM_CLOCK:  # a clock set back or forward mid-exam changes nothing
        now_clock = SteadyClock(now_clock)
    client = CandidateClient(db, candidate_id, machine, journal, clock=now_clock)
    client.check_in(code)
    state = client.start(library)
    return SignedIn(client, state, client.view())


class SignInPage(QWidget):
    """Signals:
    signed_in: checked in and the attempt is open (a :class:`SignedIn`).
    names_loaded: the list of names was filled from the database.
    sign_in_failed: the message shown when signing in did not work.
    """

    signed_in = Signal(SignedIn)
    names_loaded = Signal()
    sign_in_failed = Signal(str)

    def __init__(self, seat: Seat, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seat, self.tasks = seat, tasks
        self._signing_in = False
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(tr("exams.candidate.sign_in_title"))
        title.setObjectName("pageTitle")
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.names = QComboBox()
        self.names.setObjectName("candidateNames")
        # Nobody is pre-selected: a candidate who presses Enter must not sign in as the first.
        self.names.setPlaceholderText(tr("uic.candidate.name_placeholder"))
        self.names.setMinimumWidth(self.names.fontMetrics().averageCharWidth() * 36)
        layout.addWidget(
            QLabel(tr("exams.candidate.pick_name")), alignment=Qt.AlignmentFlag.AlignHCenter
        )
        layout.addWidget(self.names, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(
            QLabel(tr("exams.candidate.type_code")), alignment=Qt.AlignmentFlag.AlignHCenter
        )
        self.code = QLineEdit()
        self.code.setObjectName("candidateCode")
        self.code.setMaxLength(12)
        self.code.setMinimumWidth(self.code.fontMetrics().averageCharWidth() * 16)
        self.code.returnPressed.connect(lambda: self.sign_in())  # Enter signs in
        layout.addWidget(self.code, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_button = QPushButton(tr("exams.candidate.enter"))
        self.sign_in_button.setObjectName("candidateSignIn")
        self.sign_in_button.clicked.connect(lambda: self.sign_in())
        layout.addWidget(self.sign_in_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        reload_button = QPushButton(tr("exams.candidate.reload_names"))
        reload_button.clicked.connect(lambda: self.reload_names())
        layout.addWidget(reload_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("errorText")
        # centred by the label, not the layout: a layout item with an alignment gets no
        # height-for-width, and a wrapped two-line message was cut to half a line
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message)
        layout.addStretch(2)

    def show_names(self, choices: list[live_roster.CandidateChoice]) -> None:
        """Fill the list, keeping the name chosen if it is still there (else nobody)."""
        keep = self.names.currentData()
        self.names.clear()
        for choice in choices:
            self.names.addItem(choice.label, choice.id)
        found = self.names.findData(keep) if keep is not None else -1
        self.names.setCurrentIndex(found)  # -1: nobody chosen until the candidate picks

    def reload_names(self) -> None:
        """Fill the list of names from the open sessions (off the GUI thread)."""

        def done(choices: list[live_roster.CandidateChoice]) -> None:
            self.show_names(choices)
            self.names_loaded.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OFFLINE_ERRORS):
                self.message.setText(tr("exams.candidate.reconnecting"))
            else:
                show_error(self.window(), exc)

        db = self.seat.db
        self.tasks.run_db(lambda: live_roster.candidate_choices(db), done, failed)

    def sign_in(self, candidate_id: int | None = None, code: str | None = None) -> None:
        """Check in with the chosen name and typed code; ``signed_in`` when it is done."""
        cid = candidate_id if candidate_id is not None else self.names.currentData()
        if cid is None:
            self.message.setText(tr("exams.candidate.pick_name_first"))
            return
        if self._signing_in:
            return
        typed = code if code is not None else self.code.text()
        seat = self.seat
        self._signing_in = True
        self.sign_in_button.setEnabled(False)
        self.message.setText("")
        self.tasks.run_db(
            lambda: open_attempt(
                seat.db, seat.library, int(cid), typed, seat.machine, seat.journal, seat.clock
            ),
            self._signed_in,
            self._sign_in_failed,
        )

    def _signed_in(self, result: SignedIn) -> None:
        self._signing_in = False
        self.sign_in_button.setEnabled(True)
        self.signed_in.emit(result)

    def _sign_in_failed(self, exc: BaseException) -> None:
        self._signing_in = False
        self.sign_in_button.setEnabled(True)
        if isinstance(exc, UserError):
            text = exc.message + (f"\n{exc.hint}" if exc.hint else "")
        elif isinstance(exc, OFFLINE_ERRORS):
            text = tr("exams.candidate.reconnecting")
        else:
            log.error("sign-in failed", exc_info=exc)
            text = tr("app.unexpected_error")
        self.message.setText(text)
        self.sign_in_failed.emit(text)
