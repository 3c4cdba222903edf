"""One running app per user and data folder: a second launch brings the first window forward.

The lock file (``ui/instance_lock.py``) says, before any window, whether another app runs. The
first app then listens on a local socket named like its lock, right after its first paint
(:meth:`SingleInstance.listen`; Qt's network module is not loaded before it, issue #17). A
later launch finds the lock held, connects, says "activate" and exits (:func:`hand_over`); if
the first is still starting, it retries until the socket answers. Two data folders (e.g. a
test copy) may run side by side. A stale socket left by a crash is removed before listening.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ethics_trainer.ui.instance_lock import InstanceLock

MESSAGE = b"activate\n"
CONNECT_TIMEOUT_MS = 500
HAND_OVER_SECONDS = 20.0  # how long a second launch waits for a starting first app to listen
RETRY_MS = 100


def notify_running(name: str) -> bool:
    """Tell a running instance to come forward; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


def hand_over(
    name: str,
    lock: InstanceLock,
    seconds: float = HAND_OVER_SECONDS,
    waiting: Callable[[], None] | None = None,
) -> bool:
    """A launch that found the lock held: True once the running app was told to come forward.

    The first app listens only after its first paint, so a launch in between retries (calling
    ``waiting`` before each pause). False, run normally, when the other app quit meanwhile (the
    lock is then this launch's) or never answered within ``seconds`` (a lock that is not what
    it seems must not keep the app from starting).
    """
    deadline = time.monotonic() + seconds
    while True:
        if notify_running(name):
            return True
        if lock.acquire():
            return False
        if time.monotonic() >= deadline:
            return False
        if waiting is not None:
            waiting()
        QThread.msleep(RETRY_MS)


class SingleInstance(QObject):
    """The first app's socket: emits ``activated`` per later launch once :meth:`listen` ran."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """Without a lock file: True (and listening) unless another instance answers."""
        if notify_running(self.name):
            return False
        self.listen()
        return True

    def listen(self) -> bool:
        """Accept "activate" from later launches; False when the socket cannot be opened (the
        app still runs, just without the guard). Idempotent."""
        if self.server is not None:
            return True
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # left over from a crash
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            # Launchers write at once and leave: wait briefly for the message, then drop it.
            arrived = socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
            if arrived and bytes(socket.readAll().data()).startswith(MESSAGE.strip()):
                self.activated.emit()
            socket.abort()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
