"""The look of the exam windows (issue 11, item 8): colours only from the palette and the
theme, readable in dark mode, columns sized by their content, and the proctor console and the
definition editor usable on a 1024×768 screen; the candidate reads ≥ 14 pt text."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel

from ethics_trainer.content.loader import load_library
from ethics_trainer.ui.exams.candidate import CandidateWindow
from ethics_trainer.ui.exams.definition_editor import DefinitionEditor
from ethics_trainer.ui.exams.definition_list import DefinitionList
from ethics_trainer.ui.exams.proctor import ProctorWindow
from ethics_trainer.ui.theme import apply_theme, dark_palette, status_colours
from tests.journeys.conftest import SCREENS
from tests.journeys.steps import assert_fits, fit_to_screen

UI = Path(__file__).resolve().parents[2] / "ethics_trainer" / "ui"
COLOUR_IN_TEXT = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b|rgba?\(")
COLOUR_IN_CODE = re.compile(r"QColor\(\s*(?:\d|0x)|Qt\.GlobalColor\.|QColorConstants")


def colour_literals(path: Path) -> list[str]:
    """``file:line: text`` for each colour named in a string or built from numbers."""
    found = []
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and COLOUR_IN_TEXT.search(token.string):
            found.append(f"{path.name}:{token.start[0]}: {token.string[:60]}")
    for number, line in enumerate(source.splitlines(), start=1):
        if COLOUR_IN_CODE.search(line.split("#", 1)[0]):
            found.append(f"{path.name}:{number}: {line.strip()}")
    return found


def test_no_colour_is_named_outside_the_theme() -> None:
    files = [p for p in sorted(UI.rglob("*.py")) if p.name != "theme.py"]
    assert any(p.parent.name == "exams" for p in files)
    found = [hit for path in files for hit in colour_literals(path)]
    assert found == [], "colours belong in ui/theme.py:\n" + "\n".join(found)


def test_the_check_finds_what_it_is_for(tmp_path) -> None:
    """The grep above would fail on each kind of literal the exam windows used to have."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = "background:#fff3cd"\nb = QColor(0x20, 0x22, 0x25)\n'
        "c = Qt.GlobalColor.gray\nd = f\"<span style='color:rgb(1,2,3)'>\"\n"
    )
    assert len(colour_literals(sample)) == 4


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_meaning_colours_are_readable(qapp, dark) -> None:  # type: ignore[no-untyped-def]
    palette = dark_palette() if dark else qapp.style().standardPalette()
    colours = status_colours(palette)
    window = palette.color(QPalette.ColorRole.Window)
    assert contrast(colours.notice, colours.notice_text) >= 4.5  # the reconnecting banner
    assert contrast(colours.wrong, window) >= 4.5  # the seal alarm, errors
    assert contrast(colours.warning, window) >= 3  # a notice in the editor


@pytest.fixture
def exam_windows(db, sample_content, tmp_path, look, qtbot):  # type: ignore[no-untyped-def]
    library = load_library(sample_content)
    proctor = look.keep(ProctorWindow(db, library, export_dir=tmp_path))
    listing = look.keep(DefinitionList(db, library))
    editor = look.keep(DefinitionEditor(db, library))
    candidate = look.keep(CandidateWindow(db, library, tmp_path / "pc", machine="pc"))
    candidate.allow_close()
    qtbot.waitUntil(lambda: not listing.busy, timeout=10000)
    return proctor, listing, editor, candidate


@pytest.mark.parametrize("screen", SCREENS)
def test_exam_windows_fit_the_screen(exam_windows, screen, qtbot) -> None:  # type: ignore[no-untyped-def]
    proctor, listing, editor, candidate = exam_windows
    for window in (proctor, listing, editor, candidate):
        fit_to_screen(window, screen) if window is not editor else editor.adjustSize()
        window.show()
        qtbot.waitExposed(window)
        assert_fits(window, screen)
    # columns follow their content; name and unit take what is left
    header = proctor.table.horizontalHeader()
    modes = [header.sectionResizeMode(i) for i in range(header.count())]
    assert modes.count(QHeaderView.ResizeMode.Stretch) == 2
    assert QHeaderView.ResizeMode.Interactive not in modes
    for i in range(header.count()):  # no header cut short
        label = proctor.table.horizontalHeaderItem(i).text()
        assert header.sectionSize(i) >= header.fontMetrics().horizontalAdvance(label), label
    parts = editor.parts.horizontalHeader()
    assert QHeaderView.ResizeMode.Interactive not in [
        parts.sectionResizeMode(i) for i in range(parts.count())
    ]
    for i in range(parts.count()):  # the headers say what an empty cell means: all of it
        label = editor.parts.horizontalHeaderItem(i).text()
        assert parts.sectionSize(i) >= parts.fontMetrics().horizontalAdvance(label), label


def test_dark_mode_banner_and_alarm_follow_the_theme(exam_windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    proctor = exam_windows[0]
    app = QApplication.instance()
    apply_theme(app, "dark")
    proctor.show()
    proctor.set_online(False)  # the reconnecting banner
    qtbot.waitExposed(proctor)
    colours = status_colours(app.palette())
    image = proctor.banner.grab().toImage()
    assert QColor(image.pixel(image.width() // 2, 2)) == colours.notice
    assert proctor.banner.palette().color(QPalette.ColorRole.WindowText) == colours.notice_text


def test_candidate_text_is_at_least_14_points(exam_windows) -> None:  # type: ignore[no-untyped-def]
    candidate = exam_windows[3]
    candidate.show()
    labels = [w for w in candidate.findChildren(QLabel) if w.text()]
    assert labels
    assert min(label.font().pointSizeF() for label in labels) >= 14
