"""A stable id for this PC, so a candidate's attempt stays tied to the PC they sit at."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

MACHINE_FILE = "machine-id"


def machine_id(data_dir: Path) -> str:
    """``hostname-xxxxxx``, created once in the data folder and reused after a restart."""
    path = data_dir / MACHINE_FILE
    try:
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    except OSError:
        pass
    value = f"{socket.gethostname()[:24]}-{uuid.uuid4().hex[:6]}"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(value, encoding="utf-8")
    return value
