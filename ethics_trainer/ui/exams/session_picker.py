"""The proctor's session list: which session the console shows, and the buttons to open a
new one and load its roster.

The first read of the list also takes over sessions sealed before this PC kept seal notes
(:func:`read_sessions`, off the GUI thread); what it refused to take over comes back as alarms
for the console to show. The widget only shows the list and says what was asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ethics_trainer.exams import seal_takeover, sessions
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionList:
    found: list[sessions.SessionInfo]
    alarms: list[str]  # sessions the take-over refused to seal (issue #12)


def read_sessions(db: Database, data_dir: Path | None, *, take_over: bool) -> SessionList:
    """The sessions, newest first; with ``take_over``, seal the older ones first."""
    alarms: list[str] = []
    if take_over:  # sessions sealed before this PC kept seal notes: verified, taken over
        for outcome in seal_takeover.take_over_sessions(db, data_dir):
            if not outcome.ok:  # not sealed, renamed, another database: an alarm
                log.warning("%s", outcome.message)
                alarms.append(outcome.message)
    return SessionList(sessions.list_sessions(db), alarms)


def session_label(info: sessions.SessionInfo) -> str:
    ended = f" ({tr('exams.proctor.ended')})" if info.ended else ""
    return f"{info.definition.name} — {info.exam_date} — {info.room} [{info.code}]{ended}"


class SessionPicker(QWidget):
    """Signals: ``changed`` (the proctor chose another session), ``open_requested``,
    ``load_roster_requested``."""

    changed = Signal()
    open_requested = Signal()
    load_roster_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QComboBox()
        self.box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout.addWidget(QLabel(tr("exams.proctor.session")))
        layout.addWidget(self.box, 1)
        for text, signal in (
            (tr("exams.proctor.open_session"), self.open_requested),
            (tr("exams.proctor.load_roster"), self.load_roster_requested),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            layout.addWidget(button)

    def current_id(self) -> int | None:
        data = self.box.currentData()
        return int(data) if data is not None else None

    def show_sessions(self, found: list[sessions.SessionInfo], keep: int | None) -> None:
        """Fill the list, keeping ``keep`` chosen when it is still there; nothing is emitted."""
        self.box.blockSignals(True)
        self.box.clear()
        for info in found:
            self.box.addItem(session_label(info), info.id)
        if keep is not None and self.box.findData(keep) >= 0:
            self.box.setCurrentIndex(self.box.findData(keep))
        self.box.blockSignals(False)
