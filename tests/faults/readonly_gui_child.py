"""Start the real desktop app (``ethics_trainer.cli.main.main([])``) and report the first
message box it shows, then press that box's default button, as a person pressing Enter would.

Run by test_read_only_folder.py as an unprivileged user on a data folder it cannot write.
Prints one line ``BOX {json}`` (title, text, informative text, the default button's text and
role, every button's role) and, once the app has ended, ``ENDED <exit status>``. When the main
window becomes ready without any box it prints ``NO-BOX`` and quits.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

POLL_MS = 50


def describe(box: QMessageBox) -> dict[str, object]:
    default = box.defaultButton()
    escape = box.escapeButton()
    return {
        "title": box.windowTitle(),
        "text": box.text(),
        "informative": box.informativeText(),
        "default": default.text() if default is not None else None,
        "default_role": box.buttonRole(default).name if default is not None else None,
        "escape_is_default": escape is default,
        "roles": [box.buttonRole(b).name for b in box.buttons()],
    }


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    seen: list[QMessageBox] = []

    def watch() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible() and widget not in seen:
                seen.append(widget)
                print("BOX " + json.dumps(describe(widget), ensure_ascii=False), flush=True)
                default = widget.defaultButton()
                if default is not None:
                    default.click()  # Enter: the choice the app makes for a person in a hurry
                QTimer.singleShot(0, QApplication.closeAllWindows)
                QTimer.singleShot(0, app.quit)
                return
        QTimer.singleShot(POLL_MS, watch)

    QTimer.singleShot(0, watch)
    from ethics_trainer.ui import main_window

    original_show = main_window.MainWindow.show

    def show(window) -> None:  # type: ignore[no-untyped-def]
        def ready() -> None:  # started as if all were well: no box came first
            if not seen:
                print("NO-BOX", flush=True)
                QTimer.singleShot(0, QApplication.closeAllWindows)
                QTimer.singleShot(0, app.quit)

        window.ready.connect(ready)
        original_show(window)

    main_window.MainWindow.show = show  # type: ignore[method-assign]
    from ethics_trainer.cli.main import main as cli_main

    code = cli_main([])
    print(f"ENDED {code}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
