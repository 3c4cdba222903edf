"""Numbers and dates the way each language writes them ("91,5%", "24/11/2026").

Babel's CLDR data does the formatting, so month names and separators never depend on the C
library's locale (which Qt changes at start: ``strftime("%b")`` then printed a Vietnamese or
empty month in English text). Babel is imported on first use, off the path to the first paint.
"""

from __future__ import annotations

from datetime import datetime

from ethics_trainer.clock import as_utc
from ethics_trainer.i18n import current_language


def local(when: datetime) -> datetime:
    """A stored UTC time in the computer's local time zone."""
    return as_utc(when).astimezone()


def _locale(language: str | None) -> str:
    return language or current_language()


def number(value: float, decimals: int = 1, language: str | None = None) -> str:
    """``decimals`` places, or none when the value is whole: "91,5", "1.234" (vi)."""
    from babel.numbers import format_decimal

    whole = round(value, decimals) == round(value)
    pattern = "#,##0" if whole or not decimals else "#,##0." + "0" * decimals
    return format_decimal(value, pattern, locale=_locale(language))


def percent(value: float, decimals: int = 1, language: str | None = None) -> str:
    return f"{number(value, decimals, language)}%"


def short_date(when: datetime, language: str | None = None) -> str:
    """ "24/11/2026" in Vietnamese, "24 Nov 2026" in English."""
    from babel.dates import format_date

    lang = _locale(language)
    return format_date(local(when), "dd/MM/yyyy" if lang == "vi" else "d MMM yyyy", locale=lang)


def date_time(when: datetime, language: str | None = None) -> str:
    when = local(when)
    return f"{short_date(when, language)} {when:%H:%M}"


def long_date(when: datetime, language: str | None = None) -> str:
    """'ngày 24 tháng 11 năm 2026' in Vietnamese, '24 November 2026' in English.

    Vietnamese follows the rule for official documents (Nghị định 30/2020/NĐ-CP): days below
    10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2026").
    """
    when = local(when) if when.tzinfo else when
    if (language or current_language()) == "vi":
        day = f"{when.day:02d}" if when.day < 10 else str(when.day)
        month = f"{when.month:02d}" if when.month < 3 else str(when.month)
        return f"ngày {day} tháng {month} năm {when.year}"
    from babel.dates import format_date

    return format_date(when, "d MMMM yyyy", locale="en")


def duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
