"""Plug-in for the main window: a "Thi có giám sát" menu (see ethics_trainer.ui.features).

Uses ``window.ctx.db``, ``window.ctx.library``, ``window.ctx.paths`` and ``window.runner`` (its
one task runner) from the main window, the database opened off the GUI thread by
``window.database`` (``ui/database_gate.py``);
every entry asks for the proctor or admin password first. The proctor console and the
candidate screen are owned by the menu's :class:`~ethics_trainer.ui.open_windows.OpenWindows`:
kept until they close, and asked for again while open, the open one comes to the front.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from ethics_trainer.i18n import tr
from ethics_trainer.ui.open_windows import OpenWindows

# Role names, repeated here so installing the menu loads no database code before the window
# paints (ethics_trainer.exams.passwords imports SQLAlchemy); a test checks they match.
ROLE_ADMIN = "admin"
ROLE_PROCTOR = "proctor"
ROLE_HR = "hr"


def ask_password(db: Any, role: str, parent: Any) -> bool:
    from ethics_trainer.ui.exams.password_dialog import ask_password as ask

    return ask(db, role, parent)


def _plain(menu_text: str) -> str:
    """A menu text without its Alt-letter marker, for a dialog title."""
    return menu_text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def install(window: Any) -> None:
    """Add the menu; the windows it opens are owned by the menu's own :class:`OpenWindows`
    (held by its actions' slots), not by an attribute set on the main window."""
    menu = window.menuBar().addMenu(tr("exams.menu.title"))
    menu.setObjectName("examsMenu")
    opened = OpenWindows()

    def ctx() -> Any:
        return window.ctx

    def ready() -> bool:
        """The database and the content load in the background; wait for both."""
        if ctx().db is not None and ctx().library is not None:
            return True
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(window, _plain(tr("exams.menu.title")), tr("exams.menu.not_ready"))
        return False

    def open_proctor(_db: Any) -> None:
        from ethics_trainer.ui.exams.proctor import ProctorWindow

        def make() -> ProctorWindow | None:
            if not ready() or not ask_password(ctx().db, ROLE_PROCTOR, window):
                return None
            proctor = ProctorWindow(
                ctx().db,
                ctx().library,
                clock=ctx().clock,
                export_dir=ctx().paths.data_dir,
                data_dir=ctx().paths.data_dir,
            )
            proctor.show()
            return proctor

        opened.open(ProctorWindow, make)

    def edit_definition(_db: Any) -> None:
        if not ready() or not ask_password(ctx().db, ROLE_ADMIN, window):
            return
        from ethics_trainer.ui.exams.definition_list import DefinitionList

        DefinitionList(ctx().db, ctx().library, window).exec()

    def open_candidate(_db: Any) -> None:
        from ethics_trainer.ui.exams.candidate import CandidateWindow

        def make() -> CandidateWindow | None:
            if not ready() or not ask_password(ctx().db, ROLE_PROCTOR, window):
                return None
            screen = CandidateWindow(ctx().db, ctx().library, ctx().paths.data_dir)
            screen.showFullScreen()
            return screen

        opened.open(CandidateWindow, make)

    def set_password(_db: Any) -> None:
        if not ready() or not ask_password(ctx().db, ROLE_ADMIN, window):
            return
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from ethics_trainer.errors import UserError
        from ethics_trainer.exams import passwords
        from ethics_trainer.ui.exams.common import show_error

        role, ok = QInputDialog.getItem(
            window,
            _plain(tr("exams.menu.set_password")),
            tr("exams.password.role"),
            [ROLE_PROCTOR, ROLE_ADMIN, ROLE_HR],
            0,
            False,
        )
        if not ok:
            return
        text, ok = QInputDialog.getText(
            window,
            _plain(tr("exams.menu.set_password")),
            tr("exams.password.label"),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        # hashing and the write run on the window's one task runner: a slow server does not
        # freeze the window
        db = ctx().db

        def failed(exc: BaseException) -> None:
            show_error(window, exc if isinstance(exc, UserError) else UserError(str(exc)))

        window.runner.run_db(
            lambda: passwords.set_password(db, role, text),
            lambda _r: window.statusBar().showMessage(tr("exams.password.saved", role=role), 5000),
            failed,
        )

    for label, slot in (
        (tr("exams.menu.proctor"), open_proctor),
        (tr("exams.menu.definitions"), edit_definition),
        (tr("exams.menu.candidate"), open_candidate),
        (tr("exams.menu.set_password"), set_password),
    ):
        action = QAction(label, window)
        # the database opens off the GUI thread first (ui/database_gate.py)
        action.triggered.connect(lambda _checked=False, s=slot: window.database.when_open(s))
        menu.addAction(action)
    menu.aboutToShow.connect(window.database.prepare)
