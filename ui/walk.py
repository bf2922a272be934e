"""The training window walked end to end: every tab, panel, layer and dialog, named in words
and, in a translated window, in that language.

Why in the smoke run rather than only in unit tests: only the whole demo window has every
part at once — the queue with a ticket, a blacklisted profile, manager mode, the merge
dialog, the PIN dialog — so a control added anywhere later is walked without anyone
remembering to add it to a test. ``CLIENTDESK_SMOKE_WALK=1`` asks :func:`ui.training.smoke_run`
for it; ``tests/ui/test_walk.py`` runs it in English, French and Hungarian.

Two checks: :func:`ui.accessibility.problems` (no name, identifier-like names), and
:func:`untranslated` — a text on screen that is exactly an English source whose translation
differs, i.e. a string that missed ``tr()`` or was translated under the wrong context.
"""

from __future__ import annotations

import asyncio
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from app.paths import resource_dir
from ui.accessibility import problems
from ui.i18n import language
from ui.window.main_window import MainWindow

__all__ = ["SHOTS_ENV", "catalogue", "fit_problems", "untranslated", "walk_window"]

#: A folder: the walk saves a screenshot of every part it walks there (support, review).
SHOTS_ENV = "CLIENTDESK_WALK_SHOTS"

#: Texts that read the same in every language here (names, codes, signs).
SAME_EVERYWHERE = frozenset({"OK", "—", "LOKE", "Qudini", "Qminder", "Booxi", "reservations",
                             "Email", "E-mail", "Clientdesk", "Total", "Notes", "Points",
                             "Type", "Source", "Status", "Date", "Position", "Info"})


def catalogue(lang: str) -> dict[str, str]:
    """English source → translation of every finished message of ``lang``'s .ts file."""
    path = resource_dir() / "translations" / f"clientdesk_{lang}.ts"
    if not path.exists():
        return {}
    found: dict[str, str] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or message.get("numerus") == "yes":
            continue
        if translation.get("type") is None and translation.text:
            found[source] = translation.text
    return found


def _texts(widget: QWidget) -> Iterable[str]:
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text().replace("&", "")
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    if isinstance(widget, QTabWidget):
        yield from (widget.tabText(i).replace("&", "") for i in range(widget.count()))
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    if widget.isWindow():
        yield widget.windowTitle()


def untranslated(roots: Iterable[QWidget], words: dict[str, str]) -> list[str]:
    """Texts under ``roots`` still in English although ``words`` translates them."""
    english = {source.replace("&", ""): target for source, target in words.items()
               if source.replace("&", "") != target.replace("&", "")}
    # One English word may be kept in one context and translated in another ("Reservations":
    # the server's name on a tab, bookings in a heading): a text that is some translation is
    # translated.
    translated = {target.replace("&", "") for target in words.values()}
    seen: set[str] = set()
    left: list[str] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            for text in _texts(widget):
                if text in english and text not in translated and \
                        text not in SAME_EVERYWHERE and text not in seen:
                    seen.add(text)
                    left.append(f"{widget.objectName() or type(widget).__name__}: {text!r}")
    return left


def _on_screen(widget: QWidget, window: QWidget) -> bool:
    """Whether all of ``widget`` is shown inside ``window`` (nothing clipped, not scrolled
    away, not under the screen's edge)."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


def _parts(window: MainWindow) -> list[tuple[str, QWidget]]:
    """The window's big parts, to say which one holds a too-wide window open."""
    parts: list[tuple[str, QWidget | None]] = [
        ("window", window.centralWidget()), ("search", window.search_panel),
        ("profile", window.profile_panel), ("queue", window.queue_dock),
        ("tabs", window.tabs)]
    return [(name, part) for name, part in parts if part is not None]


def fit_problems(window: MainWindow) -> list[str]:
    """What a person at this screen would have to scroll or resize to see: the status bar,
    and with a profile open its header, blacklist banner, points and five timeline rows."""
    found = []
    screen = window.screen()
    # 1 px of slack: at fractional scaling (125 %) a maximised frame rounds past the edge.
    if screen is not None and not screen.availableGeometry().adjusted(-1, -1, 1, 1).contains(
            window.frameGeometry()):
        found.append(f"the window ({window.frameGeometry().width()}×"
                     f"{window.frameGeometry().height()}) is bigger than the screen's "
                     f"available area ({screen.availableGeometry().width()}×"
                     f"{screen.availableGeometry().height()}); narrowest parts: "
                     + ", ".join(f"{name} {part.minimumSizeHint().width()} px"
                                 for name, part in _parts(window)))
    if not _on_screen(window.statusBar(), window):
        found.append("the status bar is not on screen")
    panel = window.profile_panel
    if panel is None or not panel.isVisible() or not panel.has_profile():
        return found
    if not _on_screen(panel.name, window):
        found.append("the customer's name is not on screen")
    if panel.compact and not _on_screen(panel.points_line, window):
        found.append("the loyalty points are not on screen")
    if not panel.banner.isHidden() and not _on_screen(panel.banner, window):
        found.append("the blacklist banner is not on screen")
    view = panel.view
    model = view.model()
    rows = min(model.rowCount(), 5) if model is not None else 0
    viewport = view.viewport().rect()
    for row in range(rows):
        assert model is not None
        if not viewport.contains(view.visualRect(model.index(row, 0))):
            found.append(f"timeline row {row + 1} is not visible without scrolling")
            break
    if rows < 5:
        found.append(f"the demo profile has only {rows} timeline rows (5 wanted)")
    return found


async def _settle() -> None:
    await asyncio.sleep(0.15)


def _dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


async def walk_window(window: MainWindow, report: Callable[[str], None]) -> int:
    """Walk every part of ``window``; report each problem; return how many there were."""
    words = catalogue(language()) if language() != "en" else {}
    found: list[str] = []

    shots = os.environ.get(SHOTS_ENV, "")

    def check(roots: Sequence[QWidget], where: str) -> None:
        if shots:  # support: a picture of each part walked, named after it
            for number, root in enumerate(roots):
                name = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
                root.grab().save(str(Path(shots) / f"{name}-{number}.png"))
        found.extend(f"{where}: {p}" for p in problems(roots))
        if words:
            found.extend(f"{where}: untranslated {t}" for t in untranslated(roots, words))

    found.extend(f"fit {window.screen_key}: {p}" for p in fit_problems(window))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        await _settle()
    check([window], "window")
    window.help.open_overlay()
    await _settle()
    check([window.help], "F1 help")
    window.help.close_overlay()
    window.palette_layer.open_palette()
    await _settle()
    check([window.palette_layer], "command palette")
    window.palette_layer.close_palette()
    window.show_about()
    for _ in range(40):
        await asyncio.sleep(0.05)
        if window.about_dialog is not None and window.about_dialog.isVisible():
            break
    check(_dialogs(), "About")
    for dialog in _dialogs():
        dialog.reject()
    if window.queue_panel is not None:
        window.queue_panel.open_walk_in(first_name="Walk", last_name="Test")
        await _settle()
        check(_dialogs(), "walk-in dialog")
        for dialog in _dialogs():
            dialog.reject()
    if window.gate is not None and window.profile_panel is not None and \
            window.profile_panel.has_profile():
        if window.gate.active():
            window.open_merge()
            await _settle()
            check(_dialogs(), "merge dialog")
            for dialog in _dialogs():
                dialog.reject()
            window.gate.lock_now()  # the PIN dialog next
            await _settle()
        window.open_merge()
        await _settle()
        check(_dialogs(), "PIN dialog")
        for dialog in _dialogs():
            dialog.reject()
    await _settle()
    for line in found:
        report(line)
    return len(found)
