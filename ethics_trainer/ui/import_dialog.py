"""The "Nhập câu hỏi" dialog: question files in, every question previewed before storing.

A centre picks its files (Word, Excel, Moodle XML, GIFT, Aiken); the dialog reads them in
the background and lists every question that will be imported (kind, title, answer) and
every one that will not, with its line (paragraph, row) and the reason, plus the selected
question's text. Nothing is written until "Nhập" is pressed; a file that cannot be read
shows its message and imports nothing. Same core as ``ethics-trainer import --dry-run``.

Installed through ``ui/features.py`` (:func:`install`); admin password as for HR.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.names import IMPORT_FORMATS
from ethics_trainer.interchange.preview import OK, PreviewRow
from ethics_trainer.ui.theme import status_colours

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar

    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.database_gate import DatabaseGate
    from ethics_trainer.ui.toolkit.tasks import TaskRunner


class ImportHost(Protocol):
    """What opening the dialog needs of the main window, named here so that this module never
    imports the window (the window installs the menu, not the other way round)."""

    ctx: AppContext
    runner: TaskRunner

    def populate_tree(self) -> None: ...

    def window(self) -> QWidget: ...  # QWidget.window(): the main window itself


class ImportMenuHost(ImportHost, Protocol):
    """The window that gets the "Câu hỏi" menu: its menu bar and its way to the database."""

    database: DatabaseGate

    def menuBar(self) -> QMenuBar: ...


FILE_FILTER = "*.docx *.xlsx *.xml *.gift *.txt *.aiken"
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], Any]


def _inline(
    op: Callable[[], Any], done: Callable[[Any], None], fail: Callable[[BaseException], None]
) -> None:
    try:
        result = op()
    except BaseException as exc:  # reported like a background failure
        fail(exc)
        return
    done(result)


class ImportDialog(QDialog):
    """Pick files → preview (nothing stored) → import."""

    parsed = Signal()  # the preview is shown (or the files' errors are)
    imported = Signal(object)  # the bank writer's WriteReport

    def __init__(
        self, content_dir: Path, run_io: Runner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(tr("interop.ui.title"))
        self.content_dir = content_dir
        self.run_io: Runner = run_io or _inline
        self.files: list[Path] = []
        self.results: list[Any] = []
        self.rows: list[PreviewRow] = []

        self.pick = QPushButton(tr("interop.ui.pick"))
        self.files_label = QLabel(tr("interop.ui.no_files"))
        self.files_label.setWordWrap(True)
        self.format = QComboBox()
        self.format.addItem(tr("interop.ui.format_auto"), "")
        for name in IMPORT_FORMATS:
            self.format.addItem(tr(f"interop.ui.format.{name}"), name)
        self.course = QLineEdit("cau-hoi-nhap")
        self.dest = QLineEdit(str(content_dir))
        browse = QPushButton(tr("interop.ui.browse"))
        browse.clicked.connect(self._choose_dest)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.dest, 1)
        dest_row.addWidget(browse)
        form = QFormLayout()
        top = QHBoxLayout()
        top.addWidget(self.pick)
        top.addWidget(self.files_label, 1)
        form.addRow(top)
        form.addRow(tr("interop.ui.format"), self.format)
        form.addRow(tr("interop.ui.dest"), dest_row)
        form.addRow(tr("interop.ui.course"), self.course)
        from ethics_trainer.paths import bundled_content_dir

        if content_dir.resolve() == bundled_content_dir().resolve():
            note = QLabel(tr("interop.ui.bundled_note"))
            note.setWordWrap(True)
            form.addRow(note)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr(f"interop.ui.col.{c}") for c in ("status", "line", "kind", "title", "detail")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setSizes([300, 100])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            tr("interop.ui.import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(900, 560)  # fits 1024x768

        self.pick.clicked.connect(self.choose_files)
        self.format.currentIndexChanged.connect(lambda _i: self.load_files(self.files))
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.store)

    # -- reading ---------------------------------------------------------------------------

    def _choose_dest(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("interop.ui.dest"), self.dest.text())
        if folder:
            self.dest.setText(folder)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, tr("interop.ui.pick"), "", f"{tr('interop.ui.filter')} ({FILE_FILTER})"
        )
        if names:
            self.load_files([Path(n) for n in names])

    def load_files(self, files: Sequence[Path]) -> None:
        """Read ``files`` in the background and show what would be imported."""
        self.files = list(files)
        self.import_button.setEnabled(False)
        self.results, self.rows = [], []
        self.table.setRowCount(0)
        self.preview.clear()
        if not self.files:
            self.files_label.setText(tr("interop.ui.no_files"))
            return
        self.files_label.setText(", ".join(p.name for p in self.files))
        self.summary.setText(tr("interop.ui.reading"))
        fmt = self.format.currentData() or None
        files = list(self.files)

        def op() -> tuple[list[Any], list[str]]:
            from ethics_trainer.interchange.formats import parse_file

            results, errors = [], []
            for path in files:
                try:
                    results.append(parse_file(path, fmt))
                except UserError as exc:
                    errors.append(str(exc))
            return results, errors

        self.run_io(op, self._parsed, self._failed)

    def _parsed(self, outcome: tuple[list[Any], list[str]]) -> None:
        from ethics_trainer.interchange.preview import preview_rows

        results, errors = outcome
        if errors:
            self.summary.setText("\n".join([*errors, tr("interop.ui.nothing_imported")]))
            self.parsed.emit()
            return
        self.results = results
        self.rows = preview_rows(results)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            status = tr(f"interop.ui.status.{row.status}")
            kind = tr(f"interop.kind.{row.kind}") if row.status == OK else row.kind
            values = [status, f"{Path(row.path).name}:{row.line}", kind, row.title, row.detail]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if row.status != OK:
                    item.setForeground(status_colours(self.palette()).wrong)
                self.table.setItem(index, column, item)
        count = sum(1 for r in self.rows if r.status == OK)
        self.summary.setText(tr("interop.ui.summary", count=count, skipped=len(self.rows) - count))
        self.import_button.setEnabled(count > 0)
        if self.rows:
            self.table.selectRow(0)
        self.parsed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc) if isinstance(exc, UserError) else tr("interop.ui.failed"))
        if not isinstance(exc, UserError):
            import logging

            logging.getLogger(__name__).error("import preview failed", exc_info=exc)
        self.parsed.emit()

    def _show(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            row = self.rows[index]
            self.preview.setPlainText(row.stem or row.detail)

    # -- storing ---------------------------------------------------------------------------

    def store(self) -> None:
        """Write the previewed questions into the content folder (in the background)."""
        if not self.results:
            return
        self.import_button.setEnabled(False)
        results, course = list(self.results), self.course.text().strip() or None
        dest = Path(self.dest.text().strip() or self.content_dir)

        def op() -> Any:
            from ethics_trainer.interchange.bank_writer import write_import

            try:
                return write_import(results, dest, course)
            except OSError as exc:
                raise UserError(
                    tr("interop.ui.cannot_write", path=str(dest), detail=exc.strerror)
                ) from exc

        def done(report: Any) -> None:
            self.summary.setText(
                tr(
                    "interop.ui.done",
                    count=report.question_count,
                    banks=len(report.banks),
                    path=str(report.course_dir),
                )
            )
            self.imported.emit(report)

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            self.import_button.setEnabled(True)

        self.run_io(op, done, failed)


def open_import(window: ImportHost) -> ImportDialog | None:
    """Open the dialog for the window's content folder (admin password first)."""
    from ethics_trainer.ui.hr.menu import ask_admin

    ctx = window.ctx
    parent = window.window()
    if ctx.db is None or not ask_admin(ctx.db, parent):
        return None
    dialog = ImportDialog(Path(ctx.paths.content_dir), window.runner.run_io, parent)

    def reload(_report: Any) -> None:
        from ethics_trainer.content.loader import load_library

        def loaded(library: Any) -> None:
            ctx.library = library
            window.populate_tree()

        # a library that no longer loads is said in the dialog, like a failed preview
        dialog.run_io(lambda: load_library(Path(ctx.paths.content_dir)), loaded, dialog._failed)

    dialog.imported.connect(reload)
    dialog.open()
    return dialog


def install(window: ImportMenuHost) -> None:
    """Add "Câu hỏi → Nhập câu hỏi từ tệp…" to the main window's menu bar."""
    menu = window.menuBar().addMenu(tr("interop.ui.menu"))
    menu.setObjectName("interopMenu")

    def open_when_ready(_db: object) -> None:
        open_import(window)

    # the database opens off the GUI thread first (window.database: ui/database_gate.py)
    menu.addAction(tr("interop.ui.menu_import"), lambda: window.database.when_open(open_when_ready))
