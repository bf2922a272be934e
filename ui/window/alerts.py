"""Queue alerts that reach staff: a taskbar flash and a tray notification (issue 14, item 7).

Which tickets alert, once, and in what words is the core's (:mod:`app.queue.alerts`); this only
makes it seen. Why each part:

* **Taskbar flash** (``QApplication.alert``) when the window is not the active one or is
  minimised — the case the issue is about; it flashes until staff come back to the window.
  While the window is active Qt would do nothing anyway; checking here keeps the rule the same
  on every platform and says it out loud.
* **Tray notification** (``QSystemTrayIcon.showMessage``) with the name, the line and the
  reason, every time — also while the window is active, because staff may be on another tab or
  have the queue dock hidden. Clicking it brings the window up with that ticket selected in the
  queue dock. The tray icon (the app's icon) appears with the first alert, not before, and goes
  when the window closes.
* **In-window banner** instead, where there is no system tray (the offscreen platform, some
  Linux desktops): a strip above the tabs that stays until dismissed, with "Show ticket". Never
  a modal dialog: nothing may stop a host mid-action.
* **Any theme, any reader**: the banner is an ``alertbox`` surface for a blacklisted visitor
  and a ``labelbox`` one for an important label (:func:`ui.theme.set_surface`: the theme's
  colours for light and dark palettes), and its words say which — the colour only repeats
  them. The banner and its buttons have accessible names in words, translated; so are the
  alert texts — decided by the core (:mod:`app.queue.alerts`), worded in the store's language
  by :data:`ui.queue.text.WINDOW_ALERTS`, contacts hidden before any word is added.
* **Plain text**: the banner is a plain-text label. A notification's text goes to the OS, and
  on Linux a notification server may read ``<b>`` or ``<a href>`` in it as markup; a visitor's
  name must not style or link anything, so ``<``, ``>`` and ``&`` become look-alikes
  (:func:`tray_safe`) — the same on every platform, so one text is tested.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)

from app.paths import resource_dir
from app.queue.alerts import Alert, AlertRules, AlertWatch
from ui.common.widgets import plain_label
from ui.queue.panel import QueuePanel
from ui.queue.text import alert_text, notification
from ui.theme import set_size, set_surface, set_tone

log = logging.getLogger("clientdesk.ui.alerts")

#: How long a tray notification stays up (the OS may shorten it).
TRAY_MS = 15_000
#: The banner's surface: a blacklisted visitor, or an important label.
BLACKLIST_SURFACE, LABEL_SURFACE = "alertbox", "labelbox"
_LOOKALIKE = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def tray_safe(text: str) -> str:
    """``text`` with nothing a notification server could read as markup."""
    return text.translate(_LOOKALIKE)


class Tray(Protocol):
    """What the alerts use of a :class:`QSystemTrayIcon` (a test passes a recorder)."""

    @property
    def messageClicked(self) -> SignalInstance: ...

    def show(self) -> None: ...

    def hide(self) -> None: ...

    def showMessage(self, title: str, msg: str, icon: QSystemTrayIcon.MessageIcon,
                    msecs: int = ...) -> None: ...


def tray_available() -> bool:
    """Whether this desktop has a system tray (not offscreen, not every Linux desktop).
    Creating a tray icon without one makes Qt warn, so none is made then."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def make_tray(window: QMainWindow) -> Tray:
    icon = QIcon(str(resource_dir() / "icons" / "clientdesk.png"))
    tray = QSystemTrayIcon(icon, window)
    tray.setToolTip(QCoreApplication.translate("QueueAlerts", "Clientdesk — queue alerts"))
    tray.activated.connect(lambda _reason: _bring_up(window))
    return tray


def _bring_up(window: QMainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


class AlertBanner(QFrame):
    """The in-window alert, where there is no tray: the text, "Show ticket", "Dismiss"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueAlertBanner")
        self.setAccessibleName(self.tr("Queue alert"))
        set_surface(self, LABEL_SURFACE)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.text = plain_label("", "queueAlertText", wrap=True)
        set_size(self.text, "heading")
        row.addWidget(self.text, 1)
        self.show_button = QPushButton(self.tr("Show ticket"), self)
        self.show_button.setObjectName("queueAlertShow")
        self.show_button.setAccessibleName(self.tr("Show ticket"))
        self.show_button.setAccessibleDescription(self.tr(
            "Bring up the queue with this ticket selected"))
        self.show_button.setToolTip(self.tr("Bring up the queue with this ticket selected"))
        self.dismiss = QPushButton(self.tr("Dismiss"), self)
        self.dismiss.setObjectName("queueAlertDismiss")
        self.dismiss.setAccessibleName(self.tr("Dismiss the alert"))
        for button in (self.show_button, self.dismiss):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # never takes a typing host's cursor
            row.addWidget(button)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def say(self, alerts: Sequence[Alert]) -> None:
        """Show one turn's alerts: one alert on one line, several as the notification would
        say them (a title, then one line each)."""
        if len(alerts) > 1:
            title, body = notification(alerts)
            self.text.setText(f"{title}\n{body}")
        else:
            self.text.setText(alert_text(alerts[0]))
        blacklisted = any(a.kind == "blacklist" for a in alerts)
        set_surface(self, BLACKLIST_SURFACE if blacklisted else LABEL_SURFACE)
        set_tone(self.text, "alert" if blacklisted else None)
        self.show()


class QueueAlerts(QObject):
    """Watches the queue dock's board and matches; makes each new alert seen."""

    #: One turn's new alerts (after they were shown): tests, and anyone who wants to know.
    raised = Signal(list)

    def __init__(self, window: QMainWindow, panel: QueuePanel, rules: AlertRules, *,
                 started: datetime, show_queue: Callable[[], None] | None = None) -> None:
        """``started``: the store's clock when the window started (the queue already
        waiting then never alerts); ``show_queue``: shows the queue dock (the window's F12)."""
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.rules = rules
        self.watch = AlertWatch(rules, started=started)
        self.banner = AlertBanner(window)
        self.banner.show_button.clicked.connect(self._banner_clicked)
        self.tray: Tray | None = None
        self._show_queue = show_queue
        #: The ticket the last alert was about: clicking the notification selects it.
        self.last_ticket: str | None = None
        self._closed = False
        if rules.any:
            panel.queueSeen.connect(self.check)

    def place_banner(self, layout: QBoxLayout, index: int) -> None:
        layout.insertWidget(index, self.banner)

    def check(self) -> None:
        """The board or the matches changed: alert for what is new."""
        if self._closed:
            return
        alerts = self.watch.observe(self.panel.board, self.panel.matcher.matches)
        if alerts:
            self.alert(alerts)

    def alert(self, alerts: Sequence[Alert]) -> None:
        first = next((a for a in alerts if a.kind == "blacklist"), alerts[0])
        self.last_ticket = first.ticket_id
        log.info("queue alert: %d ticket(s) to notice (%s)", len({a.ticket_id for a in alerts}),
                 ", ".join(sorted({a.kind for a in alerts})))  # no names in the log
        if not self.window.isActiveWindow() or self.window.isMinimized():
            QApplication.alert(self.window, 0)  # flashes until the window is active again
        tray = self._tray()
        if tray is not None:
            title, body = notification(alerts)
            icon = QSystemTrayIcon.MessageIcon.Warning if first.kind == "blacklist" else \
                QSystemTrayIcon.MessageIcon.Information
            tray.showMessage(tray_safe(title), tray_safe(body), icon, TRAY_MS)
        else:
            self.banner.say(alerts)
        self.raised.emit(list(alerts))

    def _tray(self) -> Tray | None:
        if self.tray is None and tray_available():
            self.tray = make_tray(self.window)
            self.tray.messageClicked.connect(self.show_ticket)
            self.tray.show()
        return self.tray

    def _banner_clicked(self) -> None:
        self.banner.hide()
        self.show_ticket()

    def show_ticket(self) -> None:
        """The notification (or the banner's button): the window, the queue dock, the ticket
        selected — or, when it left the queue meanwhile, a word in the queue's message line."""
        _bring_up(self.window)
        if self._show_queue is not None:
            self._show_queue()
        ticket_id = self.last_ticket
        if ticket_id is not None and self.panel.select_ticket(ticket_id):
            self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif ticket_id is not None:
            self.panel.show_message(self.tr("That ticket is no longer in the queue."))

    def close(self) -> None:
        """The window closes: no more alerts, and the tray icon goes with it."""
        self._closed = True
        if self.tray is not None:
            self.tray.hide()
