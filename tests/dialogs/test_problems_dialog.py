"""The skipped-files dialog no longer calls warnings "not used" (issue #11)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ethics_trainer.content.model import Problem, Severity
from ethics_trainer.ui.problems_dialog import ProblemsDialog


def test_errors_and_warnings_apart(qtbot) -> None:
    problems = [
        Problem("khoa/bai-1.md", 3, "YAML hỏng", Severity.ERROR),
        Problem("khoa/cau-hoi.yaml", 12, "Giải thích quá ngắn", Severity.WARNING),
    ]
    dialog = ProblemsDialog(problems, "/noi-dung")
    qtbot.addWidget(dialog)
    assert "bai-1.md" in dialog.sections["errors"].toPlainText()
    assert "cau-hoi.yaml" not in dialog.sections["errors"].toPlainText()
    assert "cau-hoi.yaml" in dialog.sections["warnings"].toPlainText()
    headings = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert "không được dùng" in headings["problems_errors_heading"]
    assert "vẫn được dùng" in headings["problems_warnings_heading"]
    assert "không được dùng" not in headings["problems_warnings_heading"]


def test_only_warnings_says_nothing_is_skipped(qtbot) -> None:
    dialog = ProblemsDialog([Problem("a.md", 1, "x", Severity.WARNING)], "")
    qtbot.addWidget(dialog)
    assert set(dialog.sections) == {"warnings"}
