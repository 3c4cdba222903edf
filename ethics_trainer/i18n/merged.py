"""One language's messages from every domain in one file that loads in about a millisecond.

Parsing the 15 ``.mo`` domains of a language with :mod:`gettext` took ≈ 6 ms before the first
window could paint, and every lookup walked up to 15 chained catalogues. ``python -m
ethics_trainer.i18n.build`` merges the compiled domains into ``locales/<lang>/messages.txt``;
reading it is one ``str.split`` and two ``dict(zip(...))`` in C. Not JSON: importing ``json``
costs ≈ 2 ms, and nothing else imports it before the first paint (``gettext``, needed for
the plural expression, is already loaded by argparse and by Qt).

The file is UTF-8 text made of fields, each followed by ``FIELD_END`` (the ASCII unit separator
and a newline, so a diff shows one field a line; the build refuses a message holding either
separator): the format tag, the language's plural expression (GNU ``Plural-Forms``), the
numbers of plain and of plural messages, the id/text pairs, then id/forms pairs of the plural
messages (forms joined by ``FORM_SEPARATOR``). A plural id is among the plain messages too, with the form GNU
``gettext`` gives for it (the form for 1).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

FILE_NAME = "messages.txt"
FORMAT = "ethics-trainer merged messages 1"
FIELD_END = "\x1f\n"
FORM_SEPARATOR = "\x1e"


class MergedCatalog:
    """``gettext``/``ngettext`` as :class:`gettext.GNUTranslations` answers them, from one dict
    instead of a chain; the plural expression is compiled on the first plural lookup."""

    __slots__ = ("_expression", "_messages", "_plural", "_plurals")

    def __init__(self, messages: dict[str, str], plurals: dict[str, str], expression: str) -> None:
        self._messages = messages
        self._plurals = plurals  # forms joined by FORM_SEPARATOR, split when asked
        self._expression = expression
        self._plural: Callable[[int], int] | None = None

    def gettext(self, message: str, /) -> str:
        return self._messages.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        index = self.plural_index(n)  # first, as gettext does: a count it refuses raises
        forms = self._plurals.get(singular)
        if forms is not None:
            choices = forms.split(FORM_SEPARATOR)
            if 0 <= index < len(choices):
                return choices[index]
        return singular if n == 1 else plural

    def plural_index(self, n: int) -> int:
        if self._plural is None:
            self._plural = gettext.c2py(self._expression)
        return self._plural(n)


def render(
    expression: str, messages: Mapping[str, str], plurals: Mapping[str, Sequence[str]]
) -> str:
    """The file's text: sorted ids, so the same messages always give the same bytes.
    ValueError when a message holds a separator."""
    fields = [FORMAT, expression, str(len(messages)), str(len(plurals))]
    for key in sorted(messages):
        fields += (key, messages[key])
    for key in sorted(plurals):
        forms = plurals[key]
        if any(FORM_SEPARATOR in form for form in forms):
            raise ValueError(f"{key!r}: a plural form holds the separator {FORM_SEPARATOR!r}")
        fields += (key, FORM_SEPARATOR.join(forms))
    for field in fields:
        if FIELD_END[0] in field:
            raise ValueError(f"{field[:60]!r}: a message holds the separator {FIELD_END[0]!r}")
    return "".join(field + FIELD_END for field in fields)


def read(path: Path) -> MergedCatalog:
    """The catalogue in ``path``. OSError when it cannot be read, ValueError when it is not a
    whole file of this format (cut short, another version, not UTF-8)."""
    fields = path.read_bytes().decode("utf-8").split(FIELD_END)
    if len(fields) < 5 or fields[0] != FORMAT or fields[-1] != "":
        raise ValueError(f"{path}: not a merged message catalogue of format {FORMAT!r}")
    plain, plural = int(fields[2]), int(fields[3])
    start = 4
    middle = start + 2 * plain
    end = len(fields) - 1
    if plain < 0 or plural < 0 or end != middle + 2 * plural:
        raise ValueError(f"{path}: cut short or miscounted")
    messages = dict(zip(fields[start:middle:2], fields[start + 1 : middle : 2], strict=True))
    plurals = dict(zip(fields[middle:end:2], fields[middle + 1 : end : 2], strict=True))
    return MergedCatalog(messages, plurals, fields[1])
