"""Manager mode in the window: a header button that says which mode is on, a small PIN dialog,
and the idle lock.

* The button reads "Staff — unlock manager mode" or "Manager (locks in 4 min)": the mode is
  always in words. Pressing it (or Ctrl+M) asks for the PIN, or locks again at once.
* The PIN is checked by :class:`app.manager.ManagerLock` (a salted scrypt hash in the keyring;
  wrong guesses counted in a file, five free then a growing wait). Hashing and the keyring
  both take time, so they run off the GUI thread; the dialog shows :class:`PinError`'s words
  as they are. The first use sets the PIN, typed twice.
* Inactivity locks: every key press, click or wheel turn anywhere in the application counts
  as activity (an application event filter, at most once a second), and a one-second timer
  notices when :attr:`ManagerLock.idle` has passed without any, and says so.
* Views ask :meth:`ManagerGate.require` before a manager action: it runs at once in manager
  mode, or after the PIN dialog unlocks it.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ClientdeskError
from app.manager import ManagerLock, PinError
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label
from ui.editing.service import order_tabs
from ui.i18n import formats
from ui.theme import set_surface, set_tone

log = logging.getLogger("clientdesk.ui.manager")

#: How often the mode is checked (the idle lock, the minutes left on the button).
CHECK_MS = 1_000
#: Activity is passed on to the lock at most this often (every key press would be wasteful).
TOUCH_EVERY = timedelta(seconds=1)
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})


def minutes_left(left: timedelta) -> int:
    return max(1, math.ceil(left.total_seconds() / 60))


class ManagerGate(QObject):
    """Manager mode for one window: who may do what, the PIN dialog, the idle lock."""

    modeChanged = Signal(str)  # "staff" | "manager"
    #: Activity reset the idle lock (the button's minutes change).
    touched = Signal()

    def __init__(self, lock: ManagerLock, parent: QWidget) -> None:
        super().__init__(parent)
        self.lock = lock
        self.host = parent
        self.tasks = TaskSlots()
        self.dialog: PinDialog | None = None
        self._mode = "staff"
        self._touched: datetime | None = None
        self._then: list[Callable[[], None]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- state ----------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self._mode

    def active(self) -> bool:
        self.check()
        return self._mode == "manager"

    def left(self) -> timedelta | None:
        """Time until the idle lock (None in staff mode)."""
        if self._mode != "manager" or self._touched is None:
            return None
        return max(timedelta(0), self.lock.idle - (self.lock.clock() - self._touched))

    def check(self) -> None:
        """Notice an idle lock (or an unlock) and tell the views."""
        mode = self.lock.mode
        if mode != self._mode:
            self._mode = mode
            # Unlocked elsewhere (a command, a test) counts as activity from now.
            self._touched = self.lock.clock() if mode == "manager" else None
            self.modeChanged.emit(mode)

    def touch(self) -> None:
        """Activity: the idle lock starts counting again."""
        if self._mode != "manager":
            return
        now = self.lock.clock()
        if self._touched is not None and now - self._touched < TOUCH_EVERY:
            return
        self.lock.touch()
        if self.lock.active():
            self._touched = now
            self.touched.emit()
        self.check()

    def lock_now(self) -> None:
        self.lock.lock()
        self.check()

    def _unlocked(self) -> None:
        self._touched = self.lock.clock()
        self.check()
        then, self._then = self._then, []
        for action in then:
            action()

    # -- asking ---------------------------------------------------------------------------------
    def toggle(self) -> None:
        """The header button and Ctrl+M: lock now, or ask for the PIN."""
        if self.active():
            self.lock_now()
        else:
            self.ask()

    def require(self, action: Callable[[], None]) -> None:
        """Run ``action`` in manager mode: now, or once the PIN has unlocked it (never if the
        dialog is cancelled)."""
        if self.active():
            self.touch()
            action()
            return
        self._then.append(action)
        self.ask()

    def ask(self) -> None:
        """Open the PIN dialog (setting the PIN on first use) without blocking the window."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.tasks.start("ask", self._ask())

    async def _ask(self) -> None:
        try:
            has_pin = await asyncio.to_thread(self.lock.has_pin)
        except ClientdeskError as exc:  # the keyring could not be read
            log.warning("manager PIN: %s", exc.message)
            has_pin = True
        dialog = PinDialog(self, first=not has_pin, parent=self.host)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()  # window-modal, never a nested event loop

    def _dialog_closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if result != QDialog.DialogCode.Accepted:
            self._then.clear()
        if dialog is not None:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self._unlocked()

    # -- activity -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self._mode == "manager":
            self.touch()
        return False

    def close(self) -> None:
        """The window closes: no more checks, no more listening."""
        self.timer.stop()
        self.tasks.cancel_all()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.dialog is not None:
            self.dialog.reject()


class PinDialog(QDialog):
    """Asks for the manager PIN; on first use, sets it (typed twice).

    Tab order: the PIN, the PIN again (first use only), the OK button, Cancel."""

    def __init__(self, gate: ManagerGate, *, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gate = gate
        self.first = first
        self.tasks = TaskSlots()
        self.setObjectName("pinDialog")
        self.setWindowTitle(self.tr("Set the manager PIN") if first else self.tr("Manager mode"))
        self.setAccessibleName(self.windowTitle())
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.intro = plain_label(self._intro_text(), "pinIntro", wrap=True)
        self.intro.setMinimumWidth(360)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pinInput")
        self.pin.setAccessibleName(self.tr("Manager PIN"))
        self.pin.setAccessibleDescription(self.tr("6 to 12 digits"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        form.addRow(self.tr("&PIN:"), self.pin)
        self.again = QLineEdit(self)
        self.again.setObjectName("pinAgain")
        self.again.setAccessibleName(self.tr("Manager PIN again"))
        self.again.setAccessibleDescription(self.tr("The same PIN once more"))
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setMaxLength(12)
        if first:
            form.addRow(self.tr("PIN &again:"), self.again)
        else:
            self.again.hide()
        layout.addLayout(form)
        self.message = plain_label("", "pinMessage", wrap=True)
        set_tone(self.message, "alert")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Set PIN and unlock") if first else self.tr("Unlock"))
        ok.setObjectName("pinOk")
        ok.setAccessibleName(ok.text())
        self.ok = ok
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("pinCancel")
        cancel.setAccessibleName(self.tr("Cancel: stay in staff mode"))
        self.cancel = cancel
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        order_tabs([self.pin, self.again, self.ok, self.cancel])
        self.pin.setFocus()

    def _intro_text(self) -> str:
        if self.first:
            return self.tr("No manager PIN is set on this PC yet. Choose one now: 6 to 12 "
                           "digits, typed twice. Only its salted hash is kept.")
        minutes = int(self.gate.lock.idle.total_seconds() // 60)
        return self.tr("Enter the manager PIN to add or remove blacklist entries, link "
                       "customers and export. Manager mode locks itself after {count} "
                       "minute(s) without use.", "", minutes).format(
            count=formats().number(minutes))

    def submit(self) -> None:
        if not self.tasks.running("check"):
            self.message.hide()  # the next answer replaces the last one
            self.tasks.start("check", self._check())

    def checking(self) -> bool:
        return self.tasks.running("check")

    async def _check(self) -> None:
        pin, again = self.pin.text(), self.again.text()
        if self.first and pin != again:
            self._refuse(self.tr("The two PINs are not the same. Type the same PIN twice."))
            return
        self.ok.setEnabled(False)
        try:
            lock = self.gate.lock
            if self.first:
                await asyncio.to_thread(lock.set_pin, pin)
            else:
                await asyncio.to_thread(lock.unlock, pin)
        except PinError as exc:
            self._refuse(exc.message)
            return
        except ClientdeskError as exc:  # the keyring refused
            self._refuse(exc.message)
            return
        finally:
            self.ok.setEnabled(True)
        self.accept()

    def _refuse(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.pin.clear()
        self.again.clear()
        self.pin.setFocus()

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        super().done(result)


class ManagerButton(QToolButton):
    """The header's mode indicator and switch: the mode in words, and in manager mode the
    "manager" surface as well, so an unlocked counter is seen from a step away."""

    def __init__(self, gate: ManagerGate, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gate = gate
        self.key = key
        self.setObjectName("managerMode")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clicked.connect(gate.toggle)
        gate.modeChanged.connect(self.paint)
        gate.timer.timeout.connect(self.paint)
        gate.touched.connect(self.paint)
        self.paint()

    def paint(self) -> None:
        left = self.gate.left()
        if left is None:
            self.setText(self.tr("Staff — unlock manager mode ({key})").format(key=self.key))
            self.setToolTip(self.tr("Manager mode (PIN) adds and removes blacklist entries, "
                                    "links customers, exports and shows the audit log"))
            set_surface(self, None)
            self.setAccessibleName(self.tr("Staff mode: unlock manager mode"))
        else:
            minutes = minutes_left(left)
            self.setText(self.tr("Manager (locks in {count} min) — lock ({key})", "",
                                 minutes).format(count=formats().number(minutes), key=self.key))
            self.setToolTip(self.tr("Locks itself after a while without use; press to lock "
                                    "now"))
            set_surface(self, "manager")
            self.setAccessibleName(self.tr("Manager mode, locks in {count} minute(s): lock now",
                                           "", minutes).format(count=formats().number(minutes)))
        self.setAccessibleDescription(self.toolTip())
