"""One style sheet for light and dark: meaningful colours readable in both, sizes relative."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

from ui import theme

ROOT = Path(__file__).parents[2]
MINIMUM = 4.5  # WCAG AA for body text


def palettes() -> dict[str, QPalette]:
    fusion = QStyleFactory.create("Fusion")
    assert fusion is not None
    return {"light": fusion.standardPalette(), "dark": theme.dark_palette()}


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_tone_reads_on_the_window_the_views_and_every_soft_box(
        qapp: QApplication, name: str) -> None:
    palette = palettes()[name]
    dark = name == "dark"
    assert theme.is_dark(palette) is dark
    grounds = {"window": palette.color(QPalette.ColorRole.Window).name(),
               "base": palette.color(QPalette.ColorRole.Base).name(),
               "alternate": palette.color(QPalette.ColorRole.AlternateBase).name()}
    grounds |= {box: theme.SURFACES[box][0].pick(dark) for box in theme.SOFT_SURFACES}
    low = [(tone, ground, round(theme.contrast(pair.pick(dark), colour), 2))
           for tone, pair in theme.TONES.items() for ground, colour in grounds.items()
           if theme.contrast(pair.pick(dark), colour) < MINIMUM]
    assert low == []


@pytest.mark.parametrize("name", ["light", "dark"])
def test_banners_and_boxes_keep_their_text_readable(qapp: QApplication, name: str) -> None:
    palette = palettes()[name]
    dark = name == "dark"
    text = palette.color(QPalette.ColorRole.WindowText).name()
    for surface, (bg, fg, _border) in theme.SURFACES.items():
        assert theme.contrast(fg.pick(dark), bg.pick(dark)) >= MINIMUM, surface
        if surface in theme.SOFT_SURFACES:  # their labels draw in the palette's own text
            assert theme.contrast(text, bg.pick(dark)) >= MINIMUM, surface


def test_the_danger_banner_stays_red_in_both_themes(qapp: QApplication) -> None:
    for dark in (False, True):
        hue = QColor(theme.SURFACES["danger"][0].pick(dark)).hslHue()
        assert hue < 15 or hue > 345  # a blacklisted customer reads as a warning everywhere


def test_the_sheet_has_no_fixed_neutral_colour_and_fills_every_token(
        qapp: QApplication) -> None:
    template = (ROOT / "resources" / "style" / "clientdesk.qss").read_text(encoding="utf-8")
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", template)
    for palette in palettes().values():
        sheet = theme.render(palette, QFont("Sans", 10), template)
        assert "@" not in sheet
        assert "px" not in re.sub(r"(padding|radius|margin|border)[^;]*;", "", sheet)


def test_an_unknown_token_is_refused(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="unknown token @nope"):
        theme.render(palettes()["light"], QFont("Sans", 10), "QLabel { color: @nope; }")


def test_sizes_follow_the_system_text_size(qapp: QApplication) -> None:
    def title_pt(points: float) -> float:
        font = QFont("Sans")
        font.setPointSizeF(points)
        sheet = theme.render(palettes()["light"], font)
        found = re.search(r'\[textsize="title"\] \{ font-size: ([0-9.]+)pt', sheet)
        assert found is not None
        return float(found.group(1))
    assert title_pt(9) == pytest.approx(13.5)
    assert title_pt(13.5) == pytest.approx(title_pt(9) * 1.5, abs=0.1)  # 150 % text size


def test_a_tone_restyles_a_shown_label(qapp: QApplication) -> None:
    label = QLabel("Refused")
    sheet = theme.render(qapp.palette(), qapp.font())
    label.setStyleSheet(sheet)
    theme.set_tone(label, "alert")
    label.ensurePolished()
    expected = QColor(theme.colour("alert"))
    assert label.palette().color(QPalette.ColorRole.WindowText) == expected
    assert label.font().bold()
    with pytest.raises(ValueError, match="unknown tone"):
        theme.set_tone(label, "purple")


def test_no_widget_carries_its_own_style_sheet_or_colour() -> None:
    """The theme is one file: a colour written into a widget breaks the dark palette."""
    allowed = {"ui/theme.py", "ui/splash.py"}  # the palette pairs; drawn before any palette
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"setStyleSheet\(", r"[\"']#[0-9a-fA-F]{3,8}[\"']", r"font-size:"):
            if re.search(pattern, text):
                offenders.append(f"{rel}: {pattern}")
    assert offenders == []


def test_the_sheet_follows_a_new_system_font_and_palette(qapp: QApplication) -> None:
    """A user switching to a bigger text size or to dark mode with the window open."""
    old_font, old_palette, old_sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    window = QLabel("window")
    try:
        keeper = theme.install(qapp)
        keeper.watch(window)
        window.show()
        bigger = QFont(old_font)
        bigger.setPointSizeF(old_font.pointSizeF() * 1.5)
        qapp.setFont(bigger)
        qapp.processEvents()
        assert f"{bigger.pointSizeF() * theme.SIZES['title']:.1f}pt" in qapp.styleSheet()
        qapp.setPalette(theme.dark_palette())
        qapp.processEvents()
        assert theme.TONES["alert"].dark in qapp.styleSheet()
    finally:
        window.close()
        qapp.setStyleSheet(old_sheet)
        qapp.setFont(old_font)
        qapp.setPalette(old_palette)
        keeper.deleteLater()
