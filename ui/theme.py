"""One application style sheet, in palette roles and relative sizes, for light and dark themes.

Why: colours written into each widget (``color:#546e7a``) were chosen against a white window;
under a dark system theme the F1 help read white on white and the queue's messages dark on
dark. Now no widget carries a style sheet. A widget says what it *is* with a dynamic property
— ``tone`` for text that means something (``alert``, ``pending``, ``done``, ``muted``…),
``surface`` for a box or banner (``danger``, ``caution``, ``info``…), ``size`` for a title —
and ``resources/style/clientdesk.qss`` says how each looks. Neutral colours there are Qt's
palette roles (``palette(text)``); the colours that carry a meaning (red for a blacklisted
customer) come from :data:`TONES` and :data:`SURFACES`, one variant for light palettes and one
for dark, each held to 4.5:1 contrast against its background by ``tests/ui/test_theme.py``.

Font sizes are multiples of the system font (:data:`SIZES`), written in points when the
sheet is rendered, so Windows' 125 % or 150 % text size scales the whole window. The sheet is
rendered again when the palette or the system font changes while the window is open.

Item models and painters cannot use the sheet; they ask :func:`colour` at paint time, which
answers for the palette in use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from app.paths import resource_dir

__all__ = [
    "SIZES",
    "SURFACES",
    "THEME_ENV",
    "TONES",
    "Pair",
    "ThemeKeeper",
    "colour",
    "contrast",
    "dark_palette",
    "install",
    "is_dark",
    "render",
    "set_size",
    "set_surface",
    "set_tone",
]

STYLE_FILE = "style/clientdesk.qss"
#: ``light`` or ``dark`` forces that theme (training screenshots, a support check of how a
#: counter looks); unset or ``system``: the operating system's palette.
THEME_ENV = "CLIENTDESK_THEME"


@dataclass(frozen=True)
class Pair:
    """One colour (or background/foreground/border) for light palettes and one for dark."""

    light: str
    dark: str

    def pick(self, dark: bool) -> str:
        return self.dark if dark else self.light


#: Text that carries a meaning, drawn on the window's or a view's own background.
TONES: dict[str, Pair] = {
    "muted": Pair("#4f5b62", "#b0bec5"),    # captions, hints, "as of" lines
    "alert": Pair("#8a1c1c", "#ff8a80"),    # refusals, errors, blacklisted
    "pending": Pair("#8d4f00", "#ffcc80"),  # waiting to be sent, near a limit
    "done": Pair("#1b5e20", "#a5d6a7"),     # sent, saved, all checks passed
    "warn": Pair("#9a3d00", "#ffab91"),     # worth a look: differing data, repeat no-shows
    "info": Pair("#0d47a1", "#90caf9"),     # a link, a lookup offer
    "stale": Pair("#6b6b6b", "#9e9e9e"),    # a queue not live any more (with a word saying so)
}

#: Boxes and banners: (background, text, border) for light and for dark palettes.
SURFACES: dict[str, tuple[Pair, Pair, Pair]] = {
    # A blacklisted customer: the one thing that must be seen from across the counter.
    "danger": (Pair("#b71c1c", "#c62828"), Pair("#ffffff", "#ffffff"),
               Pair("#7f0000", "#ff8a80")),
    # Training mode: nothing is real.
    "training": (Pair("#ffd54f", "#ffca28"), Pair("#3e2723", "#261a15"),
                 Pair("#c8a415", "#ffe082")),
    # A question before something that cannot be undone; a form; a notice.
    "caution": (Pair("#fff3e0", "#3e2a10"), Pair("#4e2a00", "#ffe0b2"),
                Pair("#ffb74d", "#a86b1f")),
    # Other customers who may be the same person; an online lookup.
    "info": (Pair("#e3f2fd", "#10263d"), Pair("#0d2b4e", "#cfe5fb"),
             Pair("#90caf9", "#3f6fa0")),
    # A blacklisted visitor joined the queue.
    "alertbox": (Pair("#fdecea", "#3d1414"), Pair("#5f1010", "#ffcdd2"),
                 Pair("#e57373", "#b24a4a")),
    # A ticket with an important label joined the queue.
    "labelbox": (Pair("#fff8e1", "#3a2e0a"), Pair("#4e3400", "#ffecb3"),
                 Pair("#ffb300", "#b58a00")),
    # Manager mode is on (the header button): hard to miss, so nobody leaves it unlocked.
    "manager": (Pair("#1a237e", "#3949ab"), Pair("#ffffff", "#ffffff"),
                Pair("#0d1442", "#9fa8da")),
}

#: Surfaces whose text is the palette's own (child labels and inputs keep palette colours), so
#: their backgrounds must suit the palette's text and every tone.
SOFT_SURFACES = ("caution", "info", "alertbox", "labelbox")

#: Font sizes as multiples of the system font.
SIZES: dict[str, float] = {"title": 1.5, "subtitle": 1.25, "large": 1.33, "small": 0.9}

_TOKEN = re.compile(r"@([a-z][a-z0-9_]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


# -- colours ------------------------------------------------------------------------------------
def luminance(value: QColor) -> float:
    """WCAG relative luminance of ``value``."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(value.redF()) + 0.7152 * channel(value.greenF())
            + 0.0722 * channel(value.blueF()))


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(QColor(a)), luminance(QColor(b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) draws light text on dark."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < \
        palette.color(QPalette.ColorRole.WindowText).lightness()


def colour(name: str, palette: QPalette | None = None) -> QColor:
    """A tone (``"alert"``) or a surface part (``"danger.bg"``, ``"caution.fg"``) for the
    palette in use: what models and painters draw with."""
    dark = is_dark(palette)
    if "." in name:
        surface, part = name.split(".", 1)
        bg, fg, border = SURFACES[surface]
        chosen = {"bg": bg, "fg": fg, "border": border}[part]
        return QColor(chosen.pick(dark))
    return QColor(TONES[name].pick(dark))


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (``CLIENTDESK_THEME=dark``, and the tests): what a
    dark system theme gives Qt, made explicit so it is the same on every machine."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#202124", role.WindowText: "#e8eaed", role.Base: "#17181a",
        role.AlternateBase: "#26282b", role.ToolTipBase: "#2d2f33", role.ToolTipText: "#e8eaed",
        role.PlaceholderText: "#9aa0a6", role.Text: "#e8eaed", role.Button: "#2d2f33",
        role.ButtonText: "#e8eaed", role.BrightText: "#ffffff", role.Light: "#3c4043",
        role.Midlight: "#34373b", role.Mid: "#5f6368", role.Dark: "#101113",
        role.Shadow: "#000000", role.Highlight: "#8ab4f8", role.HighlightedText: "#17181a",
        role.Link: "#8ab4f8", role.LinkVisited: "#c58af9",
    }
    for r, value in colours.items():
        p.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#80868b"))
    return p


# -- the sheet ----------------------------------------------------------------------------------
def _point_size(font: QFont) -> float:
    size = font.pointSizeF()
    return size if size > 0 else max(font.pixelSize(), 1) * 0.75


def tokens(palette: QPalette, font: QFont) -> dict[str, str]:
    """Every ``@token`` of the sheet for ``palette`` and ``font``."""
    dark = is_dark(palette)
    base = _point_size(font)
    values = {f"tone_{name}": pair.pick(dark) for name, pair in TONES.items()}
    for name, (bg, fg, border) in SURFACES.items():
        values[f"{name}_bg"] = bg.pick(dark)
        values[f"{name}_fg"] = fg.pick(dark)
        values[f"{name}_border"] = border.pick(dark)
    for name, factor in SIZES.items():
        values[f"size_{name}"] = f"{base * factor:.1f}pt"
    return values


def render(palette: QPalette, font: QFont, template: str | None = None) -> str:
    """The application style sheet for ``palette`` and ``font``."""
    text = template if template is not None else \
        (resource_dir() / STYLE_FILE).read_text(encoding="utf-8")
    text = _COMMENT.sub("", text)  # the file explains its tokens in comments
    values = tokens(palette, font)

    def fill(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise ValueError(f"{STYLE_FILE}: unknown token @{match.group(1)}") from None
    return _TOKEN.sub(fill, text)


def _set(widget: QWidget, name: str, value: str | None) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)  # a dynamic property only restyles when polished again
    style.polish(widget)
    widget.update()


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Give ``widget``'s text a meaning (a :data:`TONES` name), or none."""
    if tone is not None and tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}")
    _set(widget, "tone", tone)


def set_surface(widget: QWidget, surface: str | None) -> None:
    """Make ``widget`` a box or banner of a :data:`SURFACES` kind (or ``"card"``,
    ``"key"``, ``"chip"``: neutral ones in palette colours)."""
    if surface is not None and surface not in SURFACES and \
            surface not in ("card", "key", "chip"):
        raise ValueError(f"unknown surface {surface!r}")
    _set(widget, "surface", surface)


def set_size(widget: QWidget, size: str | None) -> None:
    """A title (``"title"``, ``"subtitle"``, ``"large"``) or smaller print (``"small"``),
    relative to the system font; ``"heading"`` is bold at the system size."""
    if size is not None and size not in SIZES and size != "heading":
        raise ValueError(f"unknown size {size!r}")
    _set(widget, "textsize", size)


class ThemeKeeper(QObject):
    """Renders the sheet again when the system palette or font changes (a user switching to
    dark mode, or to 150 % text, with the window open).

    It watches the main window (:meth:`watch`), not the application: Qt sends the
    application-wide change events to every top-level window too, and an event filter on
    the application itself would run Python for every event of every object.
    """

    def __init__(self, app: QApplication, template: str) -> None:
        super().__init__(app)
        self.app = app
        self.template = template
        self.sheet = ""
        self.apply()

    def watch(self, window: QWidget) -> None:
        window.installEventFilter(self)

    def apply(self) -> None:
        sheet = render(self.app.palette(), self.app.font(), self.template)
        if sheet != self.sheet:  # setting the sheet sends change events of its own
            self.sheet = sheet
            self.app.setStyleSheet(sheet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.ApplicationFontChange):
            self.apply()
        return False


def install(app: QApplication, theme: str = "system") -> ThemeKeeper:
    """Style ``app``: ``theme`` is ``"system"`` (the OS palette), ``"light"`` or ``"dark"``
    (Fusion with a fixed palette: training screenshots and tests)."""
    if theme in ("light", "dark"):
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        app.setPalette(dark_palette() if theme == "dark" else fusion.standardPalette()
                       if fusion is not None else app.palette())
    template = (resource_dir() / STYLE_FILE).read_text(encoding="utf-8")
    return ThemeKeeper(app, template)
