"""The proctor's results tab: the score distribution, the flagged results and the item
analysis of one session, as rich text.

Its own widget so the console only hands it a :class:`~ethics_trainer.exams.results.SessionResults`;
names from the shared database are escaped here, once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from ethics_trainer.exams import results
from ethics_trainer.i18n import tr
from ethics_trainer.ui.theme import status_colours


class ResultsPanel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWordWrap(True)

    def show_results(self, res: results.SessionResults) -> None:
        peak = max(res.distribution) or 1
        bar = self.palette().color(QPalette.ColorRole.Highlight).name()
        alarm = status_colours(self.palette()).wrong.name()
        bars = "".join(
            f"<tr><td>{results.bin_label(i)}</td><td><span style='background:{bar}'>"
            f"{'&nbsp;' * (1 + 30 * n // peak)}</span> {n}</td></tr>"
            for i, n in enumerate(res.distribution)
        )
        flagged = "".join(
            # the name comes from the shared database: text, never markup (an unescaped
            # "<!--" from a room PC hid every flagged result after it)
            f"<li>{html.escape(r.candidate.full_name)}: {results.integrity_label(r.integrity)}</li>"
            for r in res.flagged
        )
        items = "".join(
            f"<tr><td>{it.question_id}</td><td>{it.p_correct:.2f}</td>"
            f"<td>{'' if it.point_biserial is None else f'{it.point_biserial:.2f}'}</td>"
            f"<td>{'' if it.discrimination is None else f'{it.discrimination:.2f}'}</td></tr>"
            for it in res.items
        )
        self.setText(
            f"<h3>{tr('exams.results.chart_title')}</h3><table>{bars}</table>"
            + (
                f"<h3 style='color:{alarm}'>{tr('exams.results.flagged')}</h3><ul>{flagged}</ul>"
                if flagged
                else ""
            )
            + f"<h3>{tr('exams.results.sheet_items')}</h3><table border=1 cellpadding=3>"
            f"<tr><th>{tr('exams.col.question')}</th><th>{tr('exams.col.p_correct')}</th>"
            f"<th>{tr('exams.col.point_biserial')}</th><th>{tr('exams.col.discrimination')}</th></tr>"
            f"{items}</table>"
        )
