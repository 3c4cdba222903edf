"""The report table, its columns fitted to the window: no sideways scrolling on an office screen.

The report has thirteen columns; at their natural widths they need about 1,800 pixels, so at
1024×768 HR scrolled sideways to see a person's status next to their name. Here the columns
share the table's width: the ones an HR person reads first (name, unit, course, status, date
completed, score) are always shown; the less used ones (code, position, attempts, best score,
last activity, certificate number, content version) are shown as long as they fit, hidden
first from the end of :data:`LESS_USED` on a narrow window. Long texts are cut with "…" and
read whole in their tooltip. A right click on the header opens the column menu, where the
person shows or hides any column but the name; that choice is remembered (QSettings).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.ui import settings
from ethics_trainer.ui.hr.report_model import ReportModel

SETTINGS_KEY = "hr/report_columns"
#: Hidden first when the window is narrow: the last one first.
LESS_USED = (
    "employee_code",
    "position",
    "certificate_no",
    "best_score",
    "attempts",
    "last_activity",
    "content_hash",
)
#: Columns of names that take what width is left once every column has its minimum.
TEXT_COLUMNS = ("full_name", "unit", "course_title", "position")
#: Read first: never cut (up to :data:`WHOLE_MAX` pixels), never hidden to make room.
NEEDED = ("full_name", "unit", "course_title", "status", "completed_at", "score")
ALWAYS_SHOWN = "full_name"
TEXT_MIN = 80  # pixels: a position cut shorter than this no longer says what it is
WHOLE_MAX = 280  # a needed column longer than this (a very long unit name) is cut with "…"
COMPACT_MIN = 40
PADDING = 4  # room between a cell's text and the next column


class ReportTable(QTableView):
    """The report's table: fits its columns to its width and keeps the person's choice."""

    def __init__(self, model: ReportModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.report_model = model
        self.keys = [c.key for c in model.columns]
        self.chosen: dict[str, bool] = _load_choice(set(self.keys))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(COMPACT_MIN)  # the style's own minimum is wider
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        header.setToolTip(tr("hr.ui.columns_tip"))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self._natural: dict[int, int] = {}  # measured once per report, not on every resize
        model.modelReset.connect(self._new_rows)

    def _new_rows(self) -> None:
        self._natural = {}
        self.fit()

    # -- fitting ------------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        """The viewport resized (the window, or the vertical scroll bar came or went)."""
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return handled

    def natural(self, column: int) -> int:
        """What the column needs: its longest cell, at least a header's first letters."""
        if column not in self._natural:
            content = self.sizeHintForColumn(column) if self.report_model.rows else 0
            self._natural[column] = max(COMPACT_MIN, content + PADDING)
        return self._natural[column]

    def minimum(self, column: int) -> int:
        """The least width the column gets: whole for the short ones and the needed ones."""
        key = self.keys[column]
        if key in NEEDED:
            return min(self.natural(column), WHOLE_MAX)
        return min(TEXT_MIN, self.natural(column)) if key in TEXT_COLUMNS else self.natural(column)

    def shown_keys(self, width: int) -> list[str]:
        """The columns shown in ``width`` pixels: the person's choice, then what fits."""
        shown = [k for k in self.keys if self.chosen.get(k, True)]
        needed = sum(self.minimum(self.keys.index(k)) for k in shown)
        for key in reversed(LESS_USED):
            if needed <= width:
                break
            if key in shown and key not in self.chosen:  # only what the person did not ask for
                shown.remove(key)
                needed -= self.minimum(self.keys.index(key))
        return shown

    def fit(self) -> None:
        """Show the columns that fit and share the width among them; the text columns take
        what is left once the short ones have their natural width."""
        width = self.viewport().width() - 2  # an exact fit still showed a sideways bar
        if width <= 0:
            return
        shown = self.shown_keys(width)
        for column, key in enumerate(self.keys):
            self.setColumnHidden(column, key not in shown)
        columns = [self.keys.index(k) for k in shown]
        widths = {c: self.minimum(c) for c in columns}
        text = [c for c in columns if self.keys[c] in TEXT_COLUMNS]
        spare = width - sum(widths.values())
        if spare > 0 and text:
            weights = {c: self.report_model.columns[c].width for c in text}
            total = sum(weights.values())
            for c in text:
                widths[c] += spare * weights[c] // total
            widths[text[-1]] += width - sum(widths.values())  # rounding: to the last
        for c, w in widths.items():
            self.setColumnWidth(c, w)

    # -- the column menu ------------------------------------------------------------------------
    def _show_menu(self, pos: QPoint) -> None:
        # owned by the table until closed (deleted on close)
        self.column_menu().popup(self.horizontalHeader().mapToGlobal(pos))

    def column_menu(self, parent: QWidget | None = None) -> QMenu:
        """One checkable entry per column: checked when it is shown."""
        menu = QMenu(parent or self)
        menu.setObjectName("hrColumnMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column, spec in enumerate(self.report_model.columns):
            action = menu.addAction(tr(spec.header))
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.setEnabled(spec.key != ALWAYS_SHOWN)
            action.toggled.connect(lambda on, key=spec.key: self.choose(key, on))
        return menu

    def choose(self, key: str, shown: bool) -> None:
        """The person shows or hides a column; remembered for the next report."""
        self.chosen[key] = shown
        settings.store().setValue(
            SETTINGS_KEY, [f"{k}={'1' if v else '0'}" for k, v in sorted(self.chosen.items())]
        )
        self.fit()


def _load_choice(known: set[str]) -> dict[str, bool]:
    saved = settings.store().value(SETTINGS_KEY)
    items = [saved] if isinstance(saved, str) else saved if isinstance(saved, list) else []
    choice: dict[str, bool] = {}
    for item in items:
        key, _, flag = str(item).partition("=")
        if key in known and key != ALWAYS_SHOWN and flag in ("0", "1"):
            choice[key] = flag == "1"
    return choice
