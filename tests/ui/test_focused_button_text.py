"""A focused button shows its whole text: the focus border must not eat the last letters
(the journeys' screenshots showed "Câu tiếp thec" and "Ôn lại câu sai (0")."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from ethics_trainer.ui.theme import apply_theme, load_fonts


@pytest.mark.parametrize("text", ["Câu tiếp theo", "Ôn lại câu sai (0)", "Xem chứng nhận"])
def test_a_focused_button_has_room_for_its_text(qtbot, text: str) -> None:
    app = QApplication.instance()
    load_fonts(app)
    apply_theme(app, "light")  # the conftest puts the previous look back afterwards
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    button = QPushButton(text)
    layout.addWidget(button)
    layout.addStretch(1)
    holder.show()
    holder.activateWindow()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=5000)
    option = QStyleOptionButton()
    button.initStyleOption(option)
    contents = button.style().subElementRect(
        QStyle.SubElement.SE_PushButtonContents, option, button
    )
    assert contents.width() >= button.fontMetrics().horizontalAdvance(text), (contents, text)
