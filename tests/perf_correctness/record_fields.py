"""What a record stores, whether it keeps a ``__dict__`` or slots (``record(slots=True)``)."""

from __future__ import annotations

import dataclasses
from typing import Any


def stored(obj: Any) -> list[tuple[str, Any]]:
    """Every field of ``obj`` in order with its value. A record with a ``__dict__`` must hold
    exactly its fields there, in order (an extra attribute would be lost by the cache)."""
    names = [f.name for f in dataclasses.fields(obj)]
    held = getattr(obj, "__dict__", None)
    if held is not None:
        assert list(held) == names, type(obj).__name__
    return [(name, getattr(obj, name)) for name in names]
