"""Recognising Vietnamese text typed in the old TCVN3 (ABC) or VNI fonts.

Before Unicode, Vietnamese was typed with 8-bit fonts (``.VnTime``, ``VNI-Times``) that draw
Vietnamese letters in place of Latin-1 symbols. Opened as Unicode, such text reads
``C©u 1: §¹o ®øc`` (TCVN3) or ``Caâu 1: Ñaïo ñöùc`` (VNI). Importing it would store garbage,
so we look for characters that never occur in Vietnamese written in Unicode, and say which
old encoding it seems to be so the user converts the file (e.g. with Unikey) first.
"""

from __future__ import annotations

from collections.abc import Iterable

# Latin-1 symbols TCVN3 uses for Vietnamese letters (¡ ¢ £ ... ¿) and its upper-range letters
# that Vietnamese never uses (Ç Ë Î Ï ...).
# The degree sign is left out: "30°C" is ordinary Unicode text.
_TCVN3 = ({chr(c) for c in range(0xA1, 0xC0)} | set("ÆÇËÎÏÐÞßæçëîïðþ")) - {"°"}
# VNI draws marks as separate Latin-1 letters after the vowel: ø ù û õ ï, and ö (ư), ñ (đ)
_VNI = set("øûïöñÑØÛÏÖÄÅäåÜü")
MIN_SUSPECTS = 3
MIN_RATIO = 0.02


def _score(text: str) -> tuple[int, int, int]:
    """(TCVN3 suspects, VNI suspects, letters) counted inside words only."""
    tcvn = vni = letters = 0
    for index, char in enumerate(text):
        if char.isalpha():
            letters += 1
        inside = (index > 0 and text[index - 1].isalpha()) or (
            index + 1 < len(text) and text[index + 1].isalpha()
        )
        if not inside:
            continue
        if char in _VNI:
            vni += 1
        elif char in _TCVN3:
            tcvn += 1
    return tcvn, vni, letters


def detect_legacy(
    paragraphs: Iterable[tuple[int, str]], fonts: Iterable[tuple[int, str, str]] = ()
) -> tuple[str, int] | None:
    """("TCVN3" or "VNI", first paragraph seen) when the text looks legacy-encoded, else None.

    ``paragraphs`` are (number, text); ``fonts`` (paragraph, font names, text) of runs name
    the encoding when a run still uses a ``.Vn…`` or ``VNI-…`` font.
    """
    tcvn = vni = letters = 0
    first = 0
    for number, text in paragraphs:
        t, v, n = _score(text)
        tcvn, vni, letters = tcvn + t, vni + v, letters + n
        if (t or v) and not first:
            first = number
    suspects = tcvn + vni
    if suspects < MIN_SUSPECTS or suspects < MIN_RATIO * max(letters, 1):
        return None
    encoding = "VNI" if vni > tcvn else "TCVN3"
    for _, font, _ in fonts:
        names = font.lower()
        if ".vn" in names:
            encoding = "TCVN3"
            break
        if "vni" in names:
            encoding = "VNI"
            break
    return encoding, first
