"""One window per PC and data folder: a second launch brings the first window to the front.

Why: two windows on one cache would run two background syncs and two outboxes against the same
files, and at a counter a second click on the icon almost always means "where did it go?".
The first window holds a :class:`QLockFile` in the data folder (the OS drops a dead holder's
claim: a stale lock is taken over) and listens on a :class:`QLocalServer` named after that
folder; a later launch finds the lock taken, says "show yourself" over the local socket and
exits 0. CLI commands take no part: they run beside the window as before.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("clientdesk.ui")

#: What a second launch sends; anything else on the socket is ignored.
RAISE = b"raise\n"
#: How long a second launch waits for the first window to answer (it is on this PC).
CONNECT_MS = 1500


def server_name(data_dir: Path) -> str:
    """A per-user, per-data-folder name (QLocalServer names share one namespace)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"clientdesk-{digest}"


class SingleInstance(QObject):
    """``claim()`` once at start-up; ``raise_requested`` fires when another launch asks."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.name = server_name(data_dir)
        self._lock = QLockFile(str(data_dir / "window.lock"))
        self._lock.setStaleLockTime(0)  # only a dead holder's lock is stale (checked by PID)
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True: this is the first window (now listening). False: another one runs, and it
        was asked to come to the front."""
        if self._lock.tryLock(100):
            QLocalServer.removeServer(self.name)  # a socket file a crash left behind
            server = QLocalServer(self)
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            if not server.listen(self.name):
                log.warning("single instance: cannot listen on %s (%s)", self.name,
                            server.errorString())
            server.newConnection.connect(self._on_connection)
            self._server = server
            return True
        self._ask_first_window()
        return False

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _ask_first_window(self) -> None:
        socket = QLocalSocket()  # no parent: gone when this returns, nothing left pending
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_MS):
            socket.write(RAISE)
            socket.waitForBytesWritten(CONNECT_MS)
            socket.disconnectFromServer()
            if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                socket.waitForDisconnected(CONNECT_MS)
        else:
            log.warning("single instance: the running window did not answer (%s)",
                        socket.errorString())

    def _on_connection(self) -> None:
        assert self._server is not None
        while (peer := self._server.nextPendingConnection()) is not None:
            peer.readyRead.connect(self._on_message)
            peer.disconnected.connect(peer.deleteLater)

    def _on_message(self) -> None:
        peer = self.sender()
        if isinstance(peer, QLocalSocket) and bytes(peer.readAll().data()).startswith(
                RAISE.strip()):
            self.raise_requested.emit()
