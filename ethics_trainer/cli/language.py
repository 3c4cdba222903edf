"""The one language a CLI run speaks: chosen once, before the parser is built.

Vietnamese by default; English with ``--lang en``, ``ETHICS_TRAINER_LANG=en`` or an English
locale (``LANG=en_US.UTF-8``). Help texts are written in the command modules in whichever
language their author used; the ``cli_help`` catalogue maps each one, as written, to every
language, so ``--help`` never mixes two languages on one screen (a test walks the parser and
fails on a help text missing from a catalogue). argparse's own words ("usage:", "options",
"error:") come from its module-level ``gettext`` hook, which :func:`localize_parser` points at
the same catalogue.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence

from ethics_trainer import i18n

LANG_OPTION = "--lang"


def _from_locale(environ: Mapping[str, str]) -> str | None:
    # The POSIX order of precedence: LC_ALL, then LC_MESSAGES, then LANG. LANGUAGE is a
    # colon-separated preference list that GNU gettext reads first.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        for item in value.split(":"):
            code = item.split(".")[0].split("_")[0].lower()
            if code in i18n.LANGUAGES:
                return code
            if code and code not in ("c", "posix"):
                break  # a locale we do not speak: the next variable does not override it
    return None


# Global options that take a value (``--data-dir DIR``): their value is not the subcommand.
VALUE_OPTIONS = frozenset({"--data-dir", "--database", "--content"})


def option_value(argv: Sequence[str]) -> str | None:
    """The value of a global ``--lang X`` / ``--lang=X`` given before the subcommand."""
    skip = False
    for index, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == LANG_OPTION and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(LANG_OPTION + "="):
            return arg.split("=", 1)[1]
        if arg in VALUE_OPTIONS:
            skip = True
            continue
        if not arg.startswith("-"):
            return None  # the subcommand: its own options are not global ones
    return None


def chosen_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str | None:
    """The language asked for by ``--lang``, ``ETHICS_TRAINER_LANG`` or the locale, in that
    order; None when nothing asks (then the current language, Vietnamese at start, stays)."""
    env = os.environ if environ is None else environ
    for candidate in (option_value(argv), env.get(i18n.ENV_LANGUAGE), _from_locale(env)):
        if candidate in i18n.LANGUAGES:
            return str(candidate)
    return None


def choose_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    return chosen_language(argv, environ) or i18n.DEFAULT_LANGUAGE


def translate_help(text: str, language: str | None = None) -> str:
    """A help text as written in the source, in ``language`` (the current one by default)."""
    catalog = i18n.catalog(language or i18n.current_language())
    return catalog.gettext(text)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translate_help(singular if n == 1 else plural)


def localize_argparse() -> None:
    """Point argparse's own words at the catalogue; call before building a parser, since some
    (the group titles) are translated when the parser is made."""
    argparse._ = translate_help  # type: ignore[attr-defined]  # argparse's stubs omit its gettext hook
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]  # argparse's stubs omit its gettext hook


def localize_parser(parser: argparse.ArgumentParser) -> None:
    """Put every help text and description of ``parser`` (and its subparsers) into the current
    language."""
    for sub in _parsers(parser):
        if sub.description:
            sub.description = translate_help(sub.description)
        for action in sub._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                action.help = translate_help(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        choice.help = translate_help(choice.help)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_parsers(sub))
    return found


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text and description of ``parser`` as written (for the catalogue's test)."""
    texts: list[str] = []
    for sub in _parsers(parser):
        if sub.description:
            texts.append(sub.description)
        for action in sub._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                texts.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts.extend(c.help for c in action._choices_actions if c.help)
    return list(dict.fromkeys(texts))
