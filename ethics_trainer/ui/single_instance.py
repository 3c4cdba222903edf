"""One running app per user and data folder: a second launch brings the first window forward.

The first instance listens on a local socket named after the user and the data folder; a
later one connects, says "activate" and exits. Two data folders (e.g. a test copy) may run
side by side. A stale socket left by a crash is removed before listening.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

MESSAGE = b"activate\n"
CONNECT_TIMEOUT_MS = 500


def server_name(data_dir: Path | str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment
        user = "user"
    digest = hashlib.sha1(f"{user}\0{Path(data_dir).resolve()}".encode()).hexdigest()[:16]
    return f"ethics-trainer-{digest}"


class SingleInstance(QObject):
    """``claim()`` is True for the first instance; it then emits ``activated`` per later launch."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """Tell a running instance to come forward; False when none answers."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(MESSAGE)
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def claim(self) -> bool:
        if self.notify_running():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # left over from a crash
            if not server.listen(self.name):
                return True  # cannot listen: still run, just without the guard
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
