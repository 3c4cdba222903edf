"""The course tree names Qt's item roles as numbers (issue #17: naming them
through ``Qt`` would set up all of its enums before the first paint); they must be Qt's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ethics_trainer.ui.widgets import course_tree


def test_the_numbers_are_qts_values() -> None:
    assert Qt.ItemDataRole.UserRole.value == course_tree.USER_ROLE
    assert Qt.ItemDataRole.UserRole.value + 3 == course_tree.ROLE_WIDEST
