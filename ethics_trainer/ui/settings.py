"""The user's preferences (QSettings, organization "ethics-trainer"), read and written in one place.

INI format everywhere, so tests can point ``QSettings.setPath`` at a temporary folder and the
file is readable on every system.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ethics_trainer.i18n import LANGUAGES

ORGANIZATION = "ethics-trainer"
APPLICATION = "ethics-trainer"
THEMES = ("system", "light", "dark")
DEFAULT_FONT_SIZE = 11
FONT_SIZES = (8, 28)
READER_SIZES = (8, 40)


def store() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def _int(key: str, default: int, bounds: tuple[int, int]) -> int:
    try:
        value = int(str(store().value(key, default)))
    except (TypeError, ValueError):
        value = default
    return max(bounds[0], min(bounds[1], value))


def language() -> str | None:
    value = store().value("ui/language", "")
    return value if value in LANGUAGES else None


def set_language(value: str) -> None:
    store().setValue("ui/language", value)


def font_size() -> int:
    return _int("ui/font_size", DEFAULT_FONT_SIZE, FONT_SIZES)


def set_font_size(value: int) -> None:
    store().setValue("ui/font_size", int(value))


def theme() -> str:
    value = store().value("ui/theme", "system")
    return value if value in THEMES else "system"


def set_theme(value: str) -> None:
    store().setValue("ui/theme", value if value in THEMES else "system")


def system_dark_seen() -> bool | None:
    """Whether the system asked for dark colours at the last start; None if never seen."""
    value = store().value("ui/system_dark")
    return {"true": True, "false": False}.get(str(value).lower()) if value is not None else None


def set_system_dark_seen(dark: bool) -> None:
    store().setValue("ui/system_dark", "true" if dark else "false")


def reader_font_size(default: int) -> int:
    return _int("reader/font_size", default, READER_SIZES)


def set_reader_font_size(value: int) -> None:
    store().setValue("reader/font_size", int(value))
