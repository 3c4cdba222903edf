"""The candidate screen's message line ("Đang kết nối lại…", an answer the server refused).

Its line is reserved at all times, empty when all is well: a message appearing must not push
the question down under the candidate's pointer. The theme colours it while ``active``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ReservedBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("candidateBanner")
        self.setProperty("active", False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 12)

    def say(self, text: str) -> None:
        """Write into the reserved line (empty hides the message, not the line)."""
        self.setText(text)
        self.setToolTip(text)
        self.setProperty("active", bool(text))
        self.style().unpolish(self)
        self.style().polish(self)

    @property
    def showing(self) -> bool:
        return bool(self.text())
