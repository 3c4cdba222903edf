"""One person on a roster."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RosterRow:
    full_name: str
    employee_code: str = ""
    unit: str = ""
    position: str = ""
    line: int = field(default=0, compare=False)  # the row in the file, for messages
