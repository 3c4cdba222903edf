"""Every domain's ``.mo`` file of a language, chained with :mod:`gettext` (the slow way).

The merged catalogue (:mod:`ethics_trainer.i18n.merged`) is what the app reads; this chain is
what it falls back to when that file is missing or unreadable (a developer edited a ``.po``
file and did not build), and what the tests compare the merged catalogue with. When an id is
in two domains, the domain whose name sorts first wins.
"""

from __future__ import annotations

import gettext
from pathlib import Path


def domains(language_dir: Path) -> list[Path]:
    """The compiled domains of one language (``<lang>/LC_MESSAGES/*.mo``), sorted by name."""
    return sorted((language_dir / "LC_MESSAGES").glob("*.mo"))


def load(language_dir: Path) -> gettext.NullTranslations:
    """The domains parsed and chained by ``add_fallback``; no domain: a catalogue that
    returns every id unchanged."""
    chain = gettext.NullTranslations()
    for mo in reversed(domains(language_dir)):
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        translations.add_fallback(chain)
        chain = translations
    return chain
