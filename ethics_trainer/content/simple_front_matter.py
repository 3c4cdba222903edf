"""The front matter most content files have, read without PyYAML (issue #17).

A lesson's or bank's front matter is usually a few ``key: value`` lines: words, whole numbers
and ``[a, b]`` lists of words. PyYAML's constructor is Python code and cost about a tenth of
a cold load; :func:`simple_meta` reads exactly that shape and returns what ``yaml.safe_load``
returns for it. Anything else (quotes, dates, nested maps, a value YAML could read as a
number, a boolean or null, comments, duplicate keys...) gives None and PyYAML reads the file,
so its answers and its error messages stay the reference. ``tests/perf_correctness/
test_simple_front_matter.py`` compares the two on random front matter.
"""

from __future__ import annotations

import re

from ethics_trainer.content.text import FrontMatterDoc, split_front_matter

_LINE_RE = re.compile(r"([a-z_][a-z0-9_]*): +(\S.*)")
_INT_RE = re.compile(r"[1-9][0-9]{0,8}")
_SPECIAL = frozenset("[]{}#&*!|>'\"%@`:,\\=<?~")
# Words YAML 1.1 reads as booleans or null, whatever their case (conservative: any case).
_RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})


_SPECIAL_RE = re.compile("[" + re.escape("".join(sorted(_SPECIAL))) + "]")  # for one C scan
_LONGEST_RESERVED = max(map(len, _RESERVED))


def _word(value: str) -> str | None:
    """``value`` when YAML reads it as this very string (a conservative test), else None."""
    if not value or not value[0].isalpha() or value != value.strip() or not value.isprintable():
        return None
    if len(value) <= _LONGEST_RESERVED and value.lower() in _RESERVED:
        return None
    if _SPECIAL_RE.search(value) is not None:
        return None
    return value


def _value(raw: str) -> object:
    """The value of ``key: raw``; raises ValueError when YAML should read it."""
    raw = raw.rstrip()
    if _INT_RE.fullmatch(raw):
        return int(raw)
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1].strip()
        if not inner:
            return []
        items = [_word(item.strip()) for item in inner.split(",")]
        if any(item is None for item in items):
            raise ValueError(raw)
        return items
    word = _word(raw)
    if word is None:
        raise ValueError(raw)
    return word


def simple_meta(lines: list[str]) -> dict[str, object] | None:
    """The mapping of these front matter lines, or None when PyYAML must read them."""
    meta: dict[str, object] = {}
    for line in lines:
        match = _LINE_RE.fullmatch(line)
        if match is None:
            return None
        key, raw = match.groups()
        if key in meta or key in _RESERVED:
            return None
        try:
            meta[key] = _value(raw)
        except ValueError:
            return None
    return meta


def read_front_matter(text: str) -> FrontMatterDoc:
    """:func:`~ethics_trainer.content.text.split_front_matter`, without PyYAML when the
    front matter has the simple shape; raises ContentFileError as it does.

    Only the front matter is cut into lines: the body (a bank is hundreds of lines) is the
    rest of the text as it is, not split and joined again.
    """
    end = text.find("\n")
    if (text if end < 0 else text[:end]).strip() == "---":
        lines: list[str] = []
        while end >= 0:
            start = end + 1
            end = text.find("\n", start)
            line = text[start:] if end < 0 else text[start:end]
            if line.strip() in ("---", "..."):
                meta = simple_meta(lines) if lines else None
                if meta is not None:
                    return FrontMatterDoc(meta, "" if end < 0 else text[end + 1 :], len(lines) + 3)
                break
            lines.append(line)
    return split_front_matter(text)
