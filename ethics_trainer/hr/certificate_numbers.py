"""Certificate numbers as people type them: one normal form, and the spellings stored.

Shared by verification and revocation (kept apart so neither imports the other).
"""

from __future__ import annotations

from ethics_trainer.content.text import nfc


def normalise_number(text: str) -> str:
    """'ddcv-2026-123' and 'ĐĐCV-2026-000123' find the same certificate."""
    text = nfc(text.strip()).upper()
    parts = text.split("-")
    if len(parts) == 3 and parts[2].isdigit():
        parts[2] = parts[2].zfill(6)
    return "-".join(parts)


def number_variants(text: str) -> list[str]:
    """The stored spellings ``text`` may stand for (DD… typed for ĐĐ…)."""
    number = normalise_number(text)
    variants = [number]
    if number.startswith("DD"):
        variants.append("ĐĐ" + number[2:])
    return variants
