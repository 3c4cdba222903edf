"""Fonts and look: the bundled Noto Sans, so Vietnamese renders the same on every system.

Sizes in the style sheet follow the chosen base size, so a 200% font enlarges everything
(titles, the tree, the countdown) instead of only the default text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ethics_trainer.paths import FONTS_DIR
from ethics_trainer.record import record

if TYPE_CHECKING:
    # Named only: the first use of ``Qt`` creates all 94 of its enums (≈ 125 M instructions,
    # issue #17), which start-up avoids when it knows the system's colours (start_theme).
    from PySide6.QtCore import Qt

FAMILY = "Noto Sans"
ITALIC = "Italic"  # in the file name of each italic face
BASE_POINT_SIZE = 11

# Colours come from the palette (``palette(highlight)``) or from :func:`status_colours` for
# the current palette, so light and dark mode both stay readable; no other module names one.
STYLE = """
QPushButton {{ padding: 6px 14px; }}
QPushButton:focus, QRadioButton:focus, QCheckBox:focus, QTreeWidget:focus, QLineEdit:focus,
QListWidget:focus, QTableWidget:focus, QComboBox:focus, QSpinBox:focus, QTextBrowser:focus,
QScrollArea:focus {{
    outline: 2px solid palette(highlight);
    border: 2px solid palette(highlight);
}}
/* the focus border is drawn inside the size worked out without it: less padding keeps the
   text clear of the dotted focus rectangle ("Câu tiếp theo" read "Câu tiếp thec") */
QPushButton:focus {{ padding: 4px 10px; }}
QPushButton#navButton {{ min-width: {nav}px; padding: 4px; }}
QPushButton#navButton[answered="true"] {{ background: {right_bg}; color: {right_fg}; }}
QPushButton#navButton[flagged="true"] {{ border: 2px solid {warning}; }}
QPushButton#navButton[current="true"] {{ font-weight: bold; border: 2px solid palette(highlight); }}
QLabel#countdown {{ font-size: {big}pt; font-weight: bold; }}
QLabel#countdown[warning="true"] {{ color: {wrong}; }}
QLabel#pageTitle {{ font-size: {title}pt; font-weight: bold; }}
QLabel#errorText {{ color: {wrong}; font-weight: bold; }}
QLabel#candidateBanner[active="true"] {{
    background: {notice}; color: {notice_text}; font-weight: bold; border-radius: 4px;
}}
QRadioButton, QCheckBox {{ padding: 6px 2px; }}
QRadioButton:focus, QCheckBox:focus {{ padding: 4px 0px; }} /* the option letter, uncut */
QFrame#optionRow {{ border-radius: 4px; }}
QLabel#optionText {{ padding: 2px 0px; }}
QFrame#optionRow:hover {{ background: palette(alternate-base); }}
QLabel#examBanner {{
    background: {notice}; color: {notice_text}; font-weight: bold; padding: 6px;
    border-radius: 4px;
}}
QLabel#sessionCode {{ font-size: {code}pt; font-weight: bold; }}
QLabel#serverClock {{ font-size: {big}pt; }}
QLabel#statusLine[alarm="true"] {{ color: {wrong}; font-weight: bold; }}
QLabel#noticeText {{ color: {warning}; }}
QLabel#verifyStatus[good="true"] {{ color: {right}; font-weight: bold; }}
QLabel#verifyStatus[good="false"] {{ color: {wrong}; font-weight: bold; }}
QLabel#verifyStatus[elsewhere="true"] {{ color: {warning}; font-weight: bold; }}
"""


@record()
class StatusColours:
    """The few colours that carry meaning (right, wrong, warning, notice background), picked
    for the palette in use so they stay readable in light and dark mode. The only place in
    the UI that names colours."""

    right: QColor
    wrong: QColor
    warning: QColor
    notice: QColor  # background of a banner
    notice_text: QColor


def status_colours(palette: QPalette) -> StatusColours:
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    if dark:
        return StatusColours(
            QColor("#81c995"),
            QColor("#f28b82"),
            QColor("#fdd663"),
            QColor("#5c4a00"),
            QColor("#fff8e1"),
        )
    return StatusColours(
        QColor("#137333"),
        QColor("#c5221f"),
        QColor("#b06000"),
        QColor("#fff3cd"),
        QColor("#3c2f00"),
    )


def style_sheet(point_size: int = BASE_POINT_SIZE, palette: QPalette | None = None) -> str:
    """The app's style sheet for a base size and a palette (the app's current one)."""
    if palette is None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
    colours = status_colours(palette)
    # from its name: QColor(QColor) first tries QColor(Qt.GlobalColor), which sets up the
    # whole Qt namespace before the first paint (issue #17)
    right_bg = QColor(colours.right.name())
    right_bg.setAlpha(60)
    scale = point_size / BASE_POINT_SIZE
    return STYLE.format(
        nav=round(34 * scale),
        big=round(15 * scale),
        code=round(22 * scale),
        right=colours.right.name(),
        title=round(16 * scale),
        right_bg=right_bg.name(QColor.NameFormat.HexArgb),
        right_fg=palette.color(QPalette.ColorRole.ButtonText).name(),
        warning=colours.warning.name(),
        wrong=colours.wrong.name(),
        notice=colours.notice.name(),
        notice_text=colours.notice_text.name(),
    )


def set_state(widget: QWidget, name: str, value: bool) -> None:
    """Set a property the style sheet selects on (``[alarm="true"]``) and repaint with it."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def muted_colour(palette: QPalette) -> QColor:
    """Text that steps back (an archived entry): the palette's own placeholder colour."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def chart_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """A bar and its empty track, readable on the palette's base colour in light and dark."""
    track = QColor(palette.color(QPalette.ColorRole.WindowText))
    track.setAlpha(40)
    return palette.color(QPalette.ColorRole.Highlight), track


def load_fonts(
    app: QApplication, point_size: int = BASE_POINT_SIZE, *, italics: bool = True
) -> str:
    """Register the bundled fonts and make Noto Sans the application font.

    Noto Sans has no check marks, flags or arrows (✓ ⚑ → ◐); small subsets of Noto Sans
    Symbols and Symbols2 follow it in the family list, so those render the same everywhere
    instead of through whatever fallback font a system happens to have. Without
    ``italics``, the two italic faces are left to :func:`load_italic_fonts`: the app's start
    page has no italic text, and each face costs ≈ 1 ms before the first paint (issue #17).
    """
    symbols: list[str] = []
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        if not italics and ITALIC in path.stem:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        symbols.extend(f for f in families if f != FAMILY and f not in symbols)
    font = QFont(FAMILY, point_size)
    font.setFamilies([FAMILY, *symbols])
    app.setFont(font)
    app.setStyleSheet(style_sheet(point_size))
    return FAMILY


def load_italic_fonts() -> None:
    """The italic faces of a start that called ``load_fonts(..., italics=False)``."""
    for path in sorted(FONTS_DIR.glob(f"*{ITALIC}*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


def set_font_size(app: QApplication, point_size: int) -> None:
    """Change the base size at run time (settings dialog); widgets follow the app font."""
    font = app.font()
    font.setPointSize(point_size)
    app.setFont(font)
    app.setStyleSheet(style_sheet(point_size))


def dark_palette() -> QPalette:
    palette = QPalette()
    window, base, text = (
        QColor(0x20, 0x22, 0x25),
        QColor(0x17, 0x18, 0x1B),
        QColor(0xE8, 0xEA, 0xED),
    )
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.ToolTipBase, base),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor(0x2D, 0x30, 0x34)),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff6b6b")),
        (QPalette.ColorRole.Link, QColor("#8ab4f8")),
        (QPalette.ColorRole.Highlight, QColor("#1a73e8")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#9aa0a6")),
    ):
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#777b80"))
    return palette


def system_is_dark(app: QApplication, scheme: Qt.ColorScheme | None = None) -> bool:
    """Whether the system asks for dark colours (``scheme`` as just announced, else as now)."""
    from PySide6.QtCore import Qt

    try:
        current = scheme if scheme is not None else app.styleHints().colorScheme()
        return current == Qt.ColorScheme.Dark
    except AttributeError:  # Qt before 6.5
        return False


def apply_theme(app: QApplication, theme: str, scheme: Qt.ColorScheme | None = None) -> bool:
    """Light, dark or the system's choice; returns True when the dark palette is in use."""
    dark = theme == "dark" or (theme == "system" and system_is_dark(app, scheme))
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    if app.styleSheet():  # the meaning colours follow the new palette
        app.setStyleSheet(style_sheet(app.font().pointSize(), app.palette()))
    return dark


def start_theme(app: QApplication, theme: str, seen_dark: bool | None) -> bool:
    """The look of the first window, without asking Qt when the answer is known: asking
    (``QStyleHints.colorScheme``) sets up the whole ``Qt`` namespace, a sixth of the
    start-up (issue #17). ``seen_dark``: what the system said at the last start
    (:meth:`SystemThemeFollower.confirm` asks again after the first paint); None (never
    asked) asks now. Returns True when the dark palette is in use."""
    if theme == "system" and seen_dark is None:
        return apply_theme(app, theme)
    if theme == "system" and not seen_dark:
        # Qt's own palette at start is the system's, light here: leaving it saves asking the
        # style for its standard palette, which sets up ``QStyle``'s 11 enums before the
        # first paint (issue #17).
        return False
    dark = theme == "dark" or (theme == "system" and seen_dark)
    return apply_theme(app, "dark" if dark else "light")


class SystemThemeFollower(QObject):
    """Re-applies the theme when the system switches light/dark while the app runs.

    Only for the "follow the system" choice: ``current_theme`` is read at each change, so a
    choice made later in the settings dialog is respected without reconnecting. Needs
    ``QStyleHints.colorSchemeChanged`` (Qt 6.5 and later); older Qt only reads it at start.
    Emits ``applied(dark)`` after re-applying (tests wait on it).
    """

    applied = Signal(bool)

    def __init__(self, app: QApplication, current_theme: Callable[[], str]) -> None:
        super().__init__(app)
        self.app = app
        self.current_theme = current_theme
        signal = getattr(app.styleHints(), "colorSchemeChanged", None)
        self.live = signal is not None
        if signal is not None:
            signal.connect(self.scheme_changed)

    def scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.current_theme() != "system":
            return  # an explicit light or dark choice does not follow the system
        self.applied.emit(apply_theme(self.app, "system", scheme))

    def confirm(self, seen_dark: bool | None) -> bool:
        """After the first paint: what the system says now, returned for the next start. A
        window drawn for another answer (the system was switched while the app was closed)
        that follows the system is re-applied, once."""
        dark = system_is_dark(self.app)
        if seen_dark is not None and dark != seen_dark and self.current_theme() == "system":
            self.applied.emit(apply_theme(self.app, "system"))
        return dark
