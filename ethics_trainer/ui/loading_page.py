"""The page shown while the content loads: a line of text and a busy bar.

Start-up (``ui/startup.py``) moves the bar and rewrites the text as the content is read; it is
the first page of the main window's stack, so something moves before anything is loaded.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from ethics_trainer.i18n import tr


class LoadingPage(QWidget):
    """``label`` and ``bar`` are Startup's to update."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(tr("app.loading"))
        # centred by stretches either side, not an alignment flag: naming ``Qt`` here would
        # set up its 94 enums before the first paint (issue #17)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.label)
        line.addStretch(1)
        self.bar = QProgressBar()
        self.bar.setObjectName("loadingBar")
        self.bar.setRange(0, 0)
        layout.addLayout(line)
        layout.addWidget(self.bar)
        layout.addStretch(1)
