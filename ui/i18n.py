"""The window's language and formats: Qt translators for the words, app.formatting for values.

Why here: the words go through Qt's own tools (``self.tr``, ``QCoreApplication.translate``,
``pyside6-lupdate`` → ``resources/translations/clientdesk_<lang>.ts``, ``pyside6-lrelease`` →
``.qm``), so translators work in Qt Linguist and plurals follow each language's rules; the
values (dates, points, money) come from :mod:`app.formatting`, the CLI's formatter too, so a
figure reads the same in both. :func:`install` picks the store's locale once at start-up:
``CLIENTDESK_LANGUAGE`` (training, support), else ``[store] language``, else the system's
(:meth:`app.profile.StoreTable.formats`).

Strings written at import time (tables of keys and words) are marked with
``QT_TRANSLATE_NOOP`` and translated where they are shown.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app import formatting
from app.formatting import Formats, current_formats, ui_language
from app.paths import resource_dir
from app.profile import StoreProfile

__all__ = ["formats", "install", "language", "qm_path", "uninstall", "use_formats"]

log = logging.getLogger("clientdesk.ui.i18n")


_translators: list[QTranslator] = []


def formats() -> Formats:
    """The store's :class:`~app.formatting.Formats` for everything the window shows (the
    same object the core's text uses: :func:`app.formatting.current_formats`)."""
    return current_formats()


def use_formats(value: Formats) -> None:
    """Set the window's formats (:func:`install` does; tests set one directly)."""
    formatting.use_formats(value)
    QLocale.setDefault(QLocale(value.tag))  # Qt's own widgets and %Ln agree with Babel


def language() -> str:
    """The language the window speaks ("en", "fr", "hu")."""
    return ui_language(formats().locale)


def qm_path(lang: str) -> str:
    return str(resource_dir() / "translations" / f"clientdesk_{lang}.qm")


def install(app: QCoreApplication, profile: StoreProfile) -> Formats:
    """Choose the store's locale and load its translations into ``app``; returns the formats.

    A missing or unreadable ``.qm`` logs a warning and leaves the window in English: a
    counter that opens in the wrong language is better than one that does not open.
    """
    chosen = profile.store.formats(QLocale.system().name())
    use_formats(chosen)
    uninstall(app)
    lang = ui_language(chosen.locale)
    ours = QTranslator(app)
    if ours.load(qm_path(lang)):
        app.installTranslator(ours)
        _translators.append(ours)
    else:
        log.warning("translations for %s not found at %s; the window stays in English", lang,
                    qm_path(lang))
    if lang != "en":
        qt_own = QTranslator(app)  # the standard buttons and a text box's own menu
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{lang}", folder):
            app.installTranslator(qt_own)
            _translators.append(qt_own)
    log.info("language %s, formats %s", lang, chosen.tag)
    return chosen


def uninstall(app: QCoreApplication) -> None:
    """Remove the translators :func:`install` added (the source English shows again)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
