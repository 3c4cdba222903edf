"""Optional screens that plug into the main window's menus.

Each entry names a module with ``install(window: MainWindow) -> None``, which adds its menu
actions. Keeping the list here means a feature never edits the main window itself.
"""

FEATURE_MODULES: list[str] = [
    "ethics_trainer.ui.exams.menu",
    "ethics_trainer.ui.hr.menu",
    "ethics_trainer.ui.import_dialog",
]
