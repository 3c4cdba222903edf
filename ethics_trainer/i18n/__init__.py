"""One message catalogue for the UI, the CLI and core messages (GNU gettext).

Messages have ids such as ``quiz.submit``; every language translates every id (a test checks
this, placeholders included). Each feature keeps its own domain file
(``locales/<lang>/LC_MESSAGES/<domain>.po``), compiled to ``.mo`` with
``python -m ethics_trainer.i18n.build``, which also merges all domains of a language into one
file that loads in about a millisecond (:mod:`ethics_trainer.i18n.merged`; without it,
the ``.mo`` files are chained as before, :mod:`ethics_trainer.i18n.mo_chain`).

Usage: ``tr("quiz.time_left", minutes=3)``; for a message about a number of things,
``trn("exams.password.wrong", 1, tries=1)`` picks the catalogue's plural form for that number
("1 try left", "2 tries left"; Vietnamese has one form). Vietnamese is the default language.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

from ethics_trainer.i18n import merged

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
ENV_LANGUAGE = "ETHICS_TRAINER_LANG"

# What catalog() gives: the merged catalogue, or gettext's chain of .mo files. Not a
# typing.Protocol: importing typing costs the CLI ≈ 3 ms, gettext is loaded by argparse and Qt.
Translations = merged.MergedCatalog | gettext.NullTranslations

_catalogs: dict[str, Translations] = {}
_language = os.environ.get(ENV_LANGUAGE, DEFAULT_LANGUAGE)
if _language not in LANGUAGES:
    _language = DEFAULT_LANGUAGE


def catalog(language: str) -> Translations:
    cached = _catalogs.get(language)
    if cached is not None:
        return cached
    found: Translations
    try:
        found = merged.read(LOCALES_DIR / language / merged.FILE_NAME)
    except (OSError, ValueError) as error:
        found = _mo_chain(language, error)
    _catalogs[language] = found
    return found


def _mo_chain(language: str, error: Exception) -> Translations:
    """The same messages, parsed the slow way from the ``.mo`` files, so a missing or broken
    merged file (a ``.po`` edited, not built) costs time, never the messages."""
    import logging

    from ethics_trainer.i18n import mo_chain

    logging.getLogger(__name__).warning(
        "merged messages unusable (%s); reading the .mo files instead "
        "(python -m ethics_trainer.i18n.build writes it)",
        error,
    )
    return mo_chain.load(LOCALES_DIR / language)


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _language


def tr(message_id: str, /, **values: object) -> str:
    """The message in the current language, with ``{placeholders}`` filled in."""
    text = catalog(_language).gettext(message_id)
    if text == message_id and _language != "en":
        text = catalog("en").gettext(message_id)
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def trn(message_id: str, count: int, /, **values: object) -> str:
    """Like :func:`tr`, for a message with plural forms chosen by ``count``.

    The catalogue entry has ``msgid_plural`` (the same id) and one ``msgstr[i]`` per plural form
    of the language, so English says "1 try" and "2 tries" while Vietnamese keeps one form.
    """
    text = catalog(_language).ngettext(message_id, message_id, count)
    if text == message_id and _language != "en":
        text = catalog("en").ngettext(message_id, message_id, count)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def clear_cache() -> None:
    _catalogs.clear()
