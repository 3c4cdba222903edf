"""A focused button shows its whole text: the focus border must not eat the last letters
(the journeys' screenshots showed "Câu tiếp thec", "Ôn lại câu sai (0" and a cut option
letter "A" beside its radio button)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from ethics_trainer.ui.theme import apply_theme, load_fonts

CONTENTS = {
    QPushButton: QStyle.SubElement.SE_PushButtonContents,
    QRadioButton: QStyle.SubElement.SE_RadioButtonContents,
    QCheckBox: QStyle.SubElement.SE_CheckBoxContents,
}


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (QPushButton, "Câu tiếp theo"),
        (QPushButton, "Ôn lại câu sai (0)"),
        (QPushButton, "Xem chứng nhận"),
        (QRadioButton, "A"),
        (QCheckBox, "B"),
    ],
)
def test_a_focused_button_has_room_for_its_text(
    qtbot, kind: type[QAbstractButton], text: str
) -> None:
    app = QApplication.instance()
    load_fonts(app)
    apply_theme(app, "light")  # the conftest puts the previous look back afterwards
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    button = kind(text)
    layout.addWidget(button)
    layout.addStretch(1)
    holder.show()
    holder.activateWindow()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=5000)
    option = QStyleOptionButton()
    button.initStyleOption(option)
    contents = button.style().subElementRect(CONTENTS[kind], option, button)
    assert contents.width() >= button.fontMetrics().horizontalAdvance(text), (contents, text)
