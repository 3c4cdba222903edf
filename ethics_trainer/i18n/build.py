"""Compile every ``.po`` catalogue to ``.mo`` (needs Babel, a development dependency).

Run ``python -m ethics_trainer.i18n.build`` after editing a ``.po`` file; a test fails when a
``.mo`` is out of date.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from ethics_trainer.i18n import LOCALES_DIR


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


def main() -> int:
    for po in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compile_po(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(LOCALES_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
