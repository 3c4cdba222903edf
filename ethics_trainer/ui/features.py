"""Optional screens that plug into the main window's menus once the library is painted.

Each installer imports its screen's module only when it is called, so none of them is loaded
before the first paint (issue #17), and each is a plain, typed function listed here, so a
feature never edits the main window and the window never looks a module up by its name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def install_exams(window: Any) -> None:
    """The "Thi có giám sát" menu (proctor console, definitions, candidate screen)."""
    from ethics_trainer.ui.exams.menu import install

    install(window)


def install_hr(window: Any) -> None:
    """The "Nhân sự" menu (reports, certificates, organisation, verification)."""
    from ethics_trainer.ui.hr.menu import install

    install(window)


def install_import(window: Any) -> None:
    """The "Câu hỏi" menu (import questions from Word, Excel, Moodle)."""
    from ethics_trainer.ui.import_dialog import install

    install(window)


INSTALLERS: tuple[Callable[[Any], None], ...] = (install_exams, install_hr, install_import)
