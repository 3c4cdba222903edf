"""The smallest PySide6 program, packaged by each tool to measure the tool's own overhead.

``bench/packaging.py --bare`` builds this file with PyInstaller (one folder) and Nuitka
(standalone, ``--enable-plugin=pyside6``) and times it beside the venv: whatever the two bundles
differ by here is the packager itself (its loader, how it finds modules, what it copies), not
the app. It mirrors the three figures of the app's table:

* ``--version``: prints a line and exits before Qt is imported (the loader and interpreter);
* ``--quit``: shows a QMainWindow and quits after its first paint (start → exit with Qt);
* no argument: shows the window and waits to be killed (start → window mapped, under Xvfb).
"""

from __future__ import annotations

import sys


def main() -> int:
    if "--version" in sys.argv:
        print("bare-package-app 1")
        return 0
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(QLabel("Xin chào"))
    window.resize(1100, 720)
    window.show()
    if "--quit" in sys.argv:
        QTimer.singleShot(0, app.quit)  # runs once the first events (show, paint) are handled
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
