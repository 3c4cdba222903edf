"""An exclusive, non-blocking lock on an open file, held until it is closed or the process dies.

The operating system drops the lock when its owner ends, however it ends, so a lock that can
be taken means nobody holds it: no stale state to clean up after a crash. Used by the SQLite
marker that notices a deleted ``-wal`` (``storage/walguard.py``) and by the desktop app's
"am I the first instance?" check (``ui/instance_lock.py``).
"""

from __future__ import annotations

import sys
from typing import IO


def try_lock(handle: IO[bytes]) -> bool:
    """Lock ``handle`` exclusively without waiting; False when another holder has it."""
    try:
        if sys.platform == "win32":  # (not os.name: mypy follows sys.platform)
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
