"""The window in the store's language: translators from resources/translations, formats from
app.formatting, and the command palette searching in that language."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication

from app.formatting import formats_for
from ui import i18n


def test_the_profile_language_picks_words_and_formats(speak: Callable[..., str]) -> None:
    assert speak("hu") == "hu_HU"
    assert QCoreApplication.translate("MainWindow", "&Customers") == "&Ügyfelek"
    assert i18n.language() == "hu"
    assert i18n.formats().points(1291) == "1\u00a0291 pont"
    assert speak("fr") == "fr"  # CLDR has no fr_HU: French, unregioned
    assert QCoreApplication.translate("MainWindow", "&Customers") == "&Clients"
    # Plurals follow each language's rule; English gets its own forms from clientdesk_en.qm.
    speak("en")
    one = QCoreApplication.translate("BlacklistView", "{count} entry(ies)", "", 1)
    many = QCoreApplication.translate("BlacklistView", "{count} entry(ies)", "", 7)
    assert (one, many) == ("{count} entry", "{count} entries")


def test_the_override_wins_for_one_run(speak: Callable[..., str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTDESK_LANGUAGE", "fr")
    assert speak("hu") == "fr"
    assert QCoreApplication.translate("Keys", "Go to the search box") == \
        "Aller à la zone de recherche"


def test_a_language_not_shipped_keeps_english_words_and_its_own_formats(
        speak: Callable[..., str]) -> None:
    assert speak("de") == "de_HU" or speak("de") == "de"
    assert QCoreApplication.translate("MainWindow", "&Customers") == "&Customers"
    assert "." in formats_for("de", "DE", "EUR").number(1291)
