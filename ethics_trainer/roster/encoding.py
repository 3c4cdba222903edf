"""The one encoding detection of roster files.

UTF-8 with or without BOM, and UTF-16 with a BOM (Excel's "Unicode text"), are read. A legacy
Vietnamese encoding (Windows-1258, TCVN3/ABC, VNI) is refused with the first row that shows
it — as invalid UTF-8, or as TCVN3/VNI letters already saved as UTF-8 — so names are never
imported garbled. The scan is one regular expression over the whole text (100,000 rows in
milliseconds).
"""

from __future__ import annotations

import re
import unicodedata

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

# Latin-1 letters Vietnamese uses; any other Latin-1 letter or symbol in a name is the mark of
# TCVN3/VNI text read as Unicode. Private-use characters and U+FFFD are too.
_VIET_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_LEGACY_RE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x80, 0x100) if chr(c) not in _VIET_LATIN1)
    + "\ue000-\uf8ff\ufffd]"
)


def legacy_error(source: str, row: int) -> UserError:
    return UserError(
        tr("faults.roster.legacy", file=source, row=row), tr("faults.roster.legacy_hint")
    )


def decode(data: bytes, source: str) -> str:
    """The text of a roster file, NFC, or a refusal naming the first non-Unicode row."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise legacy_error(source, 1) from exc
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise legacy_error(source, data[: exc.start].count(b"\n") + 1) from exc
    return unicodedata.normalize("NFC", text)


def first_legacy_row(text: str) -> int | None:
    """The 1-based line of the first legacy-encoding character, or None."""
    match = _LEGACY_RE.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1


def looks_legacy(value: str) -> bool:
    return _LEGACY_RE.search(value) is not None
