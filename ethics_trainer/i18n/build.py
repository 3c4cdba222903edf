"""Compile every ``.po`` catalogue to ``.mo`` and merge each language's domains into one file
(needs Babel, a development dependency).

Run ``python -m ethics_trainer.i18n.build`` after editing a ``.po`` file; a test fails when a
``.mo`` or a merged file (:mod:`ethics_trainer.i18n.merged`) is out of date. The merged file is
made from the compiled ``.mo`` data, so it holds exactly the messages gettext would find. The
build fails when two domains give one id different texts (which one showed depended on the
domains' names) or when the domains of a language disagree on its plural forms.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from ethics_trainer.i18n import LOCALES_DIR, merged


class CatalogueConflict(Exception):
    """Two domains of a language that cannot be merged into one catalogue."""


def compile_po(po_path: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parents[1].name)
    # Babel stamps "now" into headers it finds empty; fixed dates keep the .mo reproducible.
    catalog.creation_date = catalog.revision_date = datetime(2026, 1, 1, tzinfo=UTC)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def merged_text(language_dir: Path) -> str:
    """The merged catalogue of one language (``locales/<lang>``) as the build writes it.
    CatalogueConflict when two domains disagree."""
    import gettext

    from babel.messages.mofile import read_mo

    forms: dict[str, tuple[str, ...]] = {}  # every id: its forms (one for a plain message)
    plural_ids: set[str] = set()
    origin: dict[str, str] = {}
    expressions: dict[str, str] = {}
    for po in sorted((language_dir / "LC_MESSAGES").glob("*.po")):
        domain = po.stem
        catalog = read_mo(io.BytesIO(compile_po(po)))
        expressions[domain] = catalog.plural_expr
        for message in catalog:
            if not message.id:
                continue  # the header
            if message.context:
                raise CatalogueConflict(f"{po}: {message.id!r} has a context (msgctxt)")
            texts: tuple[str, ...]
            plural = not isinstance(message.id, str)  # (id, id_plural), one text per form
            if isinstance(message.id, str):
                key, texts = message.id, (str(message.string),)
            else:
                key, texts = message.id[0], tuple(str(form) for form in message.string or ())
            if key in forms and (forms[key] != texts or (key in plural_ids) != plural):
                raise CatalogueConflict(
                    f"{language_dir.name}: {key!r} differs in {origin[key]} and {domain}; "
                    "keep it in one domain"
                )
            forms.setdefault(key, texts)
            origin.setdefault(key, domain)
            if plural:
                plural_ids.add(key)
    if len(set(expressions.values())) > 1:
        raise CatalogueConflict(
            f"{language_dir.name}: the domains' Plural-Forms differ: {expressions}"
        )
    expression = next(iter(expressions.values()), "(n != 1)")
    singular = gettext.c2py(expression)(1)  # the form gettext() gives for a plural id
    messages = {
        key: texts[singular if key in plural_ids else 0]
        for key, texts in forms.items()
        if key not in plural_ids or 0 <= singular < len(texts)
    }
    plurals = {key: forms[key] for key in plural_ids}
    return merged.render(expression, messages, plurals)


def main() -> int:
    for po in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compile_po(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(LOCALES_DIR)}")
    for language_dir in sorted(path.parent for path in LOCALES_DIR.glob("*/LC_MESSAGES")):
        try:
            text = merged_text(language_dir).encode("utf-8")
        except (CatalogueConflict, ValueError) as conflict:
            print(f"error: {conflict}", file=sys.stderr)
            return 1
        target = language_dir / merged.FILE_NAME
        if not target.exists() or target.read_bytes() != text:
            target.write_bytes(text)
            print(f"merged {target.relative_to(LOCALES_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
