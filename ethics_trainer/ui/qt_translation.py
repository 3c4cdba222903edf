"""Qt's own strings (Yes/No, file and print dialogs, context menus) in the app's language.

Qt ships no Vietnamese ``qtbase`` catalogue, so the project keeps one:
``ui/locales/qtbase_vi.ts`` (edited by hand) compiled to ``qtbase_vi.qm`` with
``python -m ethics_trainer.ui.qt_translation`` (runs ``pyside6-lrelease``; the .qm is
committed so no build step is needed to run the app).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

LOCALES = Path(__file__).resolve().parent / "locales"
_installed: list[QTranslator] = []


def catalogue(language: str) -> Path | None:
    """The compiled catalogue for ``language``; None when Qt's built-in English is right."""
    path = LOCALES / f"qtbase_{language}.qm"
    return path if path.exists() else None


def install_qt_translation(language: str) -> bool:
    """Replace the Qt translator of the running application; True when one was loaded.

    Called at start and when the person switches language, so dialogs opened afterwards
    follow.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())
    path = catalogue(language)
    if path is None:
        return False
    translator = QTranslator(app)
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def build() -> int:
    """Compile every ``qtbase_*.ts`` next to this module with ``pyside6-lrelease``."""
    import shutil  # here: the app imports this module before its first paint (issue #17)
    import subprocess
    import sys

    tool = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    code = 0
    for ts in sorted(LOCALES.glob("qtbase_*.ts")):
        code |= subprocess.run([tool, str(ts), "-qm", str(ts.with_suffix(".qm"))]).returncode
    return code


if __name__ == "__main__":
    raise SystemExit(build())
