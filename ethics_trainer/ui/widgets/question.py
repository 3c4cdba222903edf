"""The one question widget: quiz, practice, review and the exam candidate screen all show a
question through it, so they cannot drift apart again.

- Title, stem, options and feedback go through our safe Markdown renderer
  (:func:`ethics_trainer.content.render.render_inline`): raw HTML is shown as text, remote
  images become their alt text. Qt's own Markdown is never used.
- Each option is a row: the choice button with its letter (A–F, then numbers) and the option
  text in a word-wrapping label. A click anywhere on the row chooses it; the text wraps at any
  width, so nothing ever needs a horizontal scroll bar.
- Keys (active while the widget is on screen): 1–9 choose by number, A–F by letter, Up/Down
  move the choice; Ctrl+D flags the question. Whatever inside the question takes the focus
  by the keyboard (Tab or Shift+Tab from outside it, an arrow, a letter) is scrolled into view: on a
  1024×768 screen a long question scrolls, and a focused option is never hidden. Keys do not repeat when held, so a held Enter or
  letter from a dialog that just closed cannot answer for the person.
- A feedback slot under the options (practice verdicts, exam messages) lives inside the same
  scroll area: showing it never moves anything above it.

The widget only shows and reports (``selection_changed``, ``flag_toggled``); the screen that
owns it decides what a choice means (write it at once, judge it, keep it in a journal).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QMouseEvent, QShortcut, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import tr
from ethics_trainer.quiz.snapshot import OptionSnapshot, QuestionSnapshot
from ethics_trainer.ui.theme import status_colours

OPTION_LETTERS = "ABCDEF"
VERDICT_RIGHT = "right"
VERDICT_WRONG = "wrong"


def option_letter(index: int) -> str:
    """A–F for the first six options, then the option's number."""
    return OPTION_LETTERS[index] if index < len(OPTION_LETTERS) else str(index + 1)


def render_inline(text: str) -> str:
    """Imported on first use: Python-Markdown costs ~30 ms, not needed for the first paint."""
    from ethics_trainer.content import render

    return render.render_inline(text)


def plain_text(rich: str) -> str:
    return QTextDocumentFragment.fromHtml(rich).toPlainText().strip()


def _wrapping_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    # Ignored horizontally: the label takes the width it is given and wraps, instead of
    # asking for the width of its longest line (which made the scroll area scroll sideways).
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(40)
    return label


class OptionRow(QFrame):
    """One option: the choice button (with its letter) and the wrapping option text.

    A click on the text chooses the option as a click on the button does.
    """

    def __init__(self, index: int, option: OptionSnapshot, multiple: bool) -> None:
        super().__init__()
        self.setObjectName("optionRow")
        self.key = option.key
        self.letter = option_letter(index)
        self.text_html = render_inline(option.text)
        self.button: QAbstractButton = (
            QCheckBox(self.letter) if multiple else QRadioButton(self.letter)
        )
        self.button.setObjectName(f"option_{index}")
        self.button.setProperty("optionKey", self.key)
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.label = _wrapping_label("optionText")
        self.label.setText(self.text_html)
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setAccessibleName(f"{self.letter}. {plain_text(self.text_html)}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 1, 0, 1)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, stretch=1)
        self.locked = False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if (
            event.button() == Qt.MouseButton.LeftButton
            and inside
            and not self.locked
            and self.button.isEnabled()
        ):
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # so the release comes here (the label passes presses up)

    def show_verdict(self, verdict: str) -> None:
        """Freeze the option without greying it out and say right or wrong in words.

        ``setEnabled(False)`` would paint the options faint just when the learner reads
        them against the explanation; instead the row ignores the mouse, leaves the Tab
        chain, and the verdict is written out (✔/✘), coloured only as a second cue.
        """
        self.locked = True
        self.button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setProperty("verdict", verdict)
        self.button.setProperty("verdict", verdict)
        if not verdict:
            return
        colours = status_colours(self.palette())
        colour = (colours.right if verdict == VERDICT_RIGHT else colours.wrong).name()
        mark = tr(
            "uis.practice.mark_right" if verdict == VERDICT_RIGHT else "uis.practice.mark_wrong"
        )
        self.label.setText(
            f"{self.text_html} &nbsp; <b style='color:{colour}'>{html.escape(mark)}</b>"
        )
        self.button.setAccessibleName(f"{self.button.accessibleName()} {mark}")


class QuestionWidget(QWidget):
    """Shows one question. Signals: ``selection_changed(keys)`` when the person changed the
    choice (mouse or keys; not when the screen sets it), ``flag_toggled(flagged)``."""

    selection_changed = Signal(list)
    flag_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, with_flag: bool = False) -> None:
        super().__init__(parent)
        self.rows: list[OptionRow] = []
        self.question: QuestionSnapshot | None = None
        self._group: QButtonGroup | None = None
        self._frozen = False

        body = QWidget()
        body.setObjectName("questionBody")
        body_layout = QVBoxLayout(body)
        # tight: on a 768-pixel-high screen every pixel here is one the options do not get
        body_layout.setContentsMargins(8, 6, 8, 6)
        body_layout.setSpacing(4)
        self.heading = _wrapping_label("questionTitle")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stem = _wrapping_label("stem")
        self.stem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setObjectName("multipleHint")
        self.hint.setWordWrap(True)
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.options_layout.setSpacing(0)
        self.flag = QCheckBox(tr("uic.question.flag"))
        self.flag.setObjectName("flagQuestion")
        self.flag.setToolTip(tr("uic.question.flag_tip", keys="Ctrl+D"))
        self.flag.setAccessibleName(tr("uic.question.flag"))
        self.flag.toggled.connect(self._flag_changed)
        self.feedback = _wrapping_label("questionFeedback")
        self.feedback.setAccessibleName(tr("uis.practice.feedback"))
        self.feedback.hide()
        for widget in (self.heading, self.stem, self.hint, self.options_box, self.flag):
            body_layout.addWidget(widget)
        body_layout.addWidget(self.feedback)
        body_layout.addStretch(1)
        # Only once it has a parent: shown before, it would open as a window of its own.
        self.flag.setVisible(with_flag)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("questionScroll")
        self.scroll_area.setWidgetResizable(True)
        # Options wrap instead: a sideways scroll bar is never needed.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setAccessibleName(tr("uis.a11y.question"))
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._install_keys(with_flag)
        self.flag.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Scroll an option or the flag into view when the keyboard gives it the focus. Qt's
        scroll area does so only for Tab moves that start inside it: Shift+Tab back from the
        navigator to the flag, or Tab into the options from the buttons below, left the
        focused control out of sight. A mouse click never scrolls: the row must not move
        under the pointer between two clicks."""
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.MouseFocusReason
            and isinstance(watched, QWidget)
        ):
            row = next((r for r in self.rows if r.button is watched), None)
            self.scroll_area.ensureWidgetVisible(row or watched, 0, 4)
        return super().eventFilter(watched, event)

    # -- keys -----------------------------------------------------------------------------
    def _shortcut(self, key: QKeySequence | str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(slot)

    def _install_keys(self, with_flag: bool) -> None:
        for number in range(1, 10):
            self._shortcut(str(number), partial(self.choose, number - 1))
        for index, letter in enumerate(OPTION_LETTERS):
            self._shortcut(letter, partial(self.choose, index))
        self._shortcut(QKeySequence(Qt.Key.Key_Down), lambda: self.move_choice(1))
        self._shortcut(QKeySequence(Qt.Key.Key_Up), lambda: self.move_choice(-1))
        if with_flag:
            self._shortcut("Ctrl+D", self.flag.toggle)

    # -- showing --------------------------------------------------------------------------
    def show_question(
        self,
        question: QuestionSnapshot,
        *,
        selected: Iterable[str] = (),
        flagged: bool = False,
        position: str = "",
    ) -> None:
        """Show ``question`` with ``selected`` option keys chosen; nothing is emitted."""
        self.question = question
        self._frozen = False
        title = html.escape(question.title)
        heading = f"<b>{title}</b>"
        if position:
            # on the title's line: a line more for the options on a 768-pixel-high screen
            heading = f"{html.escape(position)} · {heading}"
        self.heading.setText(heading)
        stem = question.stem
        self.stem.setText(render_inline(stem) if stem else "")
        self.stem.setVisible(bool(stem))
        for row in self.rows:
            self.options_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        multiple = question.kind == "multiple"
        self.hint.setText(tr("quiz.choose_all") if multiple else "")
        self.hint.setVisible(multiple)
        if self._group is not None:
            self._group.deleteLater()
        # One answer: the radio buttons (each in its own row) are made exclusive by a group.
        # Several: no group, so Tab stops at each check box (Qt tabs over a group as one stop).
        self._group = None if multiple else QButtonGroup(self)
        chosen = set(selected)
        for index, option in enumerate(question.options):
            row = OptionRow(index, option, multiple)
            row.button.setChecked(row.key in chosen)
            row.button.clicked.connect(self._clicked)
            row.button.installEventFilter(self)
            if self._group is not None:
                self._group.addButton(row.button)
            self.options_layout.addWidget(row)
            self.rows.append(row)
        self.flag.blockSignals(True)
        self.flag.setChecked(flagged)
        self.flag.blockSignals(False)
        self.clear_feedback()
        self.scroll_area.verticalScrollBar().setValue(0)

    @property
    def buttons(self) -> list[QAbstractButton]:
        return [row.button for row in self.rows]

    def selected_keys(self) -> list[str]:
        return sorted(row.key for row in self.rows if row.button.isChecked())

    def set_selected(self, keys: Sequence[str]) -> None:
        """Set the choice from outside (a server view); nothing is emitted."""
        for row in self.rows:
            row.button.setChecked(row.key in keys)

    def set_flagged(self, flagged: bool) -> None:
        self.flag.blockSignals(True)
        self.flag.setChecked(flagged)
        self.flag.blockSignals(False)

    def set_answerable(self, answerable: bool) -> None:
        """Grey out the options and the flag (an exam locked by the proctor, or ended)."""
        for row in self.rows:
            row.button.setEnabled(answerable)
            row.label.setEnabled(answerable)
        self.flag.setEnabled(answerable)

    def freeze(self, verdicts: dict[str, str]) -> None:
        """The question is judged: each option key → ``"right"``, ``"wrong"`` or ``""``."""
        self._frozen = True
        for row in self.rows:
            row.show_verdict(verdicts.get(row.key, ""))

    @property
    def frozen(self) -> bool:
        return self._frozen

    def set_feedback(self, rich: str) -> None:
        self.feedback.setText(rich)
        self.feedback.show()

    def clear_feedback(self) -> None:
        self.feedback.clear()
        self.feedback.hide()

    def feedback_text(self) -> str:
        return plain_text(self.feedback.text()) if self.feedback.isVisible() else ""

    # -- choosing -------------------------------------------------------------------------
    def answerable(self) -> bool:
        return (
            self.question is not None
            and not self._frozen
            and bool(self.rows)
            and self.rows[0].button.isEnabled()
        )

    def choose(self, index: int) -> None:
        """Choose (or, for several answers, toggle) option ``index``, as a click would."""
        if not self.answerable() or not 0 <= index < len(self.rows):
            return
        button = self.rows[index].button
        button.click()
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.scroll_area.ensureWidgetVisible(self.rows[index])

    def move_choice(self, step: int) -> None:
        """Up/Down: one answer moves the choice; several answers move the focus."""
        if not self.answerable():
            return
        current = next(
            (i for i, row in enumerate(self.rows) if row.button.hasFocus()),
            next((i for i, row in enumerate(self.rows) if row.button.isChecked()), -1),
        )
        target = max(0, min(len(self.rows) - 1, current + step if current >= 0 else 0))
        row = self.rows[target]
        exclusive = self._group is not None and self._group.exclusive()
        if exclusive and not row.button.isChecked():
            row.button.click()
        row.button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.scroll_area.ensureWidgetVisible(row)

    def _clicked(self) -> None:
        if self._frozen:
            return
        self.selection_changed.emit(self.selected_keys())

    def _flag_changed(self, flagged: bool) -> None:
        self.flag_toggled.emit(flagged)
