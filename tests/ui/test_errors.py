"""An unexpected error shows a plain message in the user's language; the traceback goes to
the log file for the support team, never onto the screen."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ethics_trainer.ui.toolkit import errors


def _close_error_boxes() -> None:
    """A failed assertion must not leave its box open for the next test to find."""
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible():
            w.close()


def test_unexpected_error_shows_no_traceback_and_is_logged(qtbot, tmp_path: Path) -> None:
    log_path = tmp_path / "logs" / "ethics-trainer.log"
    errors.log_to_file(log_path)
    try:
        try:
            raise RuntimeError("hỏng ở đâu đó")
        except RuntimeError as exc:
            errors.show_error(None, exc)
        # boxes an earlier test closed may still exist (hidden) until Qt deletes them
        (box,) = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()
        ]
        shown = box.text() + box.informativeText() + box.detailedText()
        assert "Traceback" not in shown and "RuntimeError" not in shown
        assert box.detailedText() == ""
        assert str(log_path) in box.informativeText()
        for handler in logging.getLogger().handlers:
            handler.flush()
        logged = log_path.read_text(encoding="utf-8")
        assert "Traceback" in logged and "hỏng ở đâu đó" in logged
    finally:
        _close_error_boxes()
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "baseFilename", "") == str(log_path):
                logging.getLogger().removeHandler(handler)
                handler.close()
        errors.log_file = None
