"""One message catalogue for the UI, the CLI and core messages (GNU gettext).

Messages have ids such as ``quiz.submit``; every language translates every id (a test checks
this, placeholders included). Each feature keeps its own domain file
(``locales/<lang>/LC_MESSAGES/<domain>.po``), compiled to ``.mo`` with
``python -m ethics_trainer.i18n.build``; all domains of a language are loaded together.

Usage: ``tr("quiz.time_left", minutes=3)``; for a message about a number of things,
``trn("exams.password.wrong", 1, tries=1)`` picks the catalogue's plural form for that number
("1 try left", "2 tries left"; Vietnamese has one form). Vietnamese is the default language.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
ENV_LANGUAGE = "ETHICS_TRAINER_LANG"

_catalogs: dict[str, gettext.NullTranslations] = {}
_language = os.environ.get(ENV_LANGUAGE, DEFAULT_LANGUAGE)
if _language not in LANGUAGES:
    _language = DEFAULT_LANGUAGE


def domains(language: str) -> list[Path]:
    return sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.mo"))


def catalog(language: str) -> gettext.NullTranslations:
    cached = _catalogs.get(language)
    if cached is not None:
        return cached
    chain: gettext.NullTranslations = gettext.NullTranslations()
    for mo in reversed(domains(language)):
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        translations.add_fallback(chain)
        chain = translations
    _catalogs[language] = chain
    return chain


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
