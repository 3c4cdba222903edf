"""The "Nhân sự" (HR) menu, installed through ``ui/features.py``.

Reports and certificates need the HR password (or the admin's), organisation settings the
admin password; both are kept by ``ethics_trainer.exams.passwords`` (scrypt in the database,
with a lockout), as the CLI's ``report`` and ``certificates`` ask. Verifying a certificate is
open to everyone. The report and verification windows are owned by the menu's
:class:`~ethics_trainer.ui.open_windows.OpenWindows`: freed when closed, and brought to the
front when asked for again while open (two quick clicks open one window).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.ui.open_windows import OpenWindows


def ask_hr(db: Any, parent: QWidget | None) -> bool:
    """The HR role's password prompt (the admin password opens it too)."""
    from ethics_trainer.exams.passwords import ROLE_HR
    from ethics_trainer.ui.exams.password_dialog import ask_password

    return ask_password(db, ROLE_HR, parent)


def ask_admin(db: Any, parent: QWidget | None) -> bool:
    """The exams feature's admin password prompt (first use sets the password)."""
    from ethics_trainer.exams.passwords import ROLE_ADMIN
    from ethics_trainer.ui.exams.password_dialog import ask_password

    return ask_password(db, ROLE_ADMIN, parent)


def _context(window: Any) -> tuple[Any, Any, Any]:
    ctx = window.ctx
    return ctx.db, ctx.library, ctx.paths


def open_reports(window: Any, opened: OpenWindows | None = None) -> QWidget | None:
    """The HR report (HR password first), or the one already open brought to the front."""
    from ethics_trainer.ui.hr.hr_window import HrWindow

    def make() -> HrWindow | None:
        db, library, paths = _context(window)
        if db is None or library is None or not ask_hr(db, window):
            return None
        screen = HrWindow(db, library, paths)
        screen.setParent(window, screen.windowFlags() | _window_flag())
        screen.show()
        return screen

    return (opened or OpenWindows()).open(HrWindow, make)


def open_verify(window: Any, opened: OpenWindows | None = None) -> QWidget | None:
    """Certificate verification, or the one already open brought to the front."""
    from ethics_trainer.ui.hr.verify_window import VerifyWidget

    def make() -> VerifyWidget | None:
        db, library, paths = _context(window)
        if db is None:
            return None
        titles = {c.id: c.title for c in library.courses} if library else {}
        screen = VerifyWidget(db, titles, data_dir=paths.data_dir if paths else None)
        screen.setParent(window, _window_flag())
        screen.resize(640, 360)
        screen.show()
        return screen

    return (opened or OpenWindows()).open(VerifyWidget, make)


def open_org_settings(window: Any) -> None:
    from ethics_trainer.ui.hr.org_dialog import OrgSettingsDialog

    db, _library, _paths = _context(window)
    if db is None or not ask_admin(db, window):
        return
    OrgSettingsDialog(db, window).open()


def _window_flag() -> Qt.WindowType:
    return Qt.WindowType.Window


def install(window: Any) -> None:
    """Add the HR menu to the main window's menu bar."""
    menu = window.menuBar().addMenu(tr("hr.ui.menu"))
    menu.setObjectName("hrMenu")
    # the database opens off the GUI thread (window.database: ui/database_gate.py), from the
    # moment the menu shows, so it is usually open by the click
    gate = window.database
    menu.aboutToShow.connect(gate.prepare)
    opened = OpenWindows()  # the windows this menu opens, owned here until they close

    # one callable per entry, made once: the gate knows a second click on the same entry
    def reports(_db: Any) -> None:
        open_reports(window, opened)

    def verify(_db: Any) -> None:
        open_verify(window, opened)

    def org(_db: Any) -> None:
        open_org_settings(window)

    menu.addAction(tr("hr.ui.menu_reports"), lambda: gate.when_open(reports))
    menu.addAction(tr("hr.ui.menu_verify"), lambda: gate.when_open(verify))
    menu.addSeparator()
    menu.addAction(tr("hr.ui.menu_org"), lambda: gate.when_open(org))
