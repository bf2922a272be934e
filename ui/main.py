"""GUI entry point: one QApplication on a qasync event loop.

Training mode starts the fake vendors on loopback in a background thread (their own event
loop, so serving them never stalls the window) with credentials in memory only.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.logs import register_secret
from app.paths import AppPaths
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets, MemorySecrets, SecretSource
from ui.errors import ErrorFunnel
from ui.main_window import MainWindow

log = logging.getLogger("clientdesk.ui")

DEMO_CUSTOMERS = 2000


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's own messages go to our log file, not to the terminal of a counter PC."""
    logging.getLogger("clientdesk.qt").log(_QT_LEVELS.get(kind, logging.WARNING), message)


def start_training_sandbox(customers: int = DEMO_CUSTOMERS) -> tuple[ThreadedSandbox,
                                                                    StoreProfile, MemorySecrets]:
    """Fake vendors in a thread, the profile that points at them, and in-memory secrets."""
    threaded = ThreadedSandbox(Sandbox(customers, seed=1, store_id="training")).start()
    box = threaded.sandbox
    profile = profile_from_dict(box.profile_dict(), "training profile")
    for secret in box.secrets.values():
        register_secret(secret)
    return threaded, profile, MemorySecrets(profile.store.id, box.secrets)


def build_window(profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None) -> MainWindow:
    window = MainWindow(profile, secrets, training=training, settings=settings)
    window.refresh()
    return window


def run(*, profile: StoreProfile | None, paths: AppPaths, demo: bool,
        error_dialogs: bool = True, smoke: bool = False, screenshot: str | None = None) -> int:
    """Open the window and run until it closes; returns the exit code.

    ``smoke`` (support and packaging checks) closes the window once the first vendor check has
    finished, optionally saving a screenshot, and returns 0 only if every vendor passed.
    """
    import qasync

    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Clientdesk")
    app.setOrganizationName("Clientdesk")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ErrorFunnel(dialogs=error_dialogs, log_hint=str(paths.log_file)).install(loop)

    sandbox: ThreadedSandbox | None = None
    secrets: SecretSource
    if demo or profile is None:
        sandbox, profile, secrets = start_training_sandbox()
    else:
        secrets = KeyringSecrets(profile.store.id)
    settings = QSettings(str(paths.data_dir / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(profile, secrets, training=sandbox is not None, settings=settings)
    window.show()
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    outcome = 0

    async def smoke_run() -> None:
        nonlocal outcome
        await window.checks_done()
        if screenshot:
            window.grab().save(screenshot)
        outcome = 0 if window.all_ok() else 1
        window.close()

    try:
        with loop:
            if smoke:
                loop.run_until_complete(smoke_run())
            else:
                loop.run_until_complete(closed.wait())
    finally:
        if sandbox is not None:
            sandbox.stop()
    return outcome
