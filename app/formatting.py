"""Dates, times, numbers, points and money as the store's locale writes them (CLDR, via Babel).

Why one module: the window and the CLI show the same values — a customer's points, their
spend, when a booking starts — and a figure that reads ``1 291 pont`` on the screen must not
read ``1,291 pts`` in the CLI of the same counter. Every surface formats through a
:class:`Formats` made by :func:`formats_for`, never with ``f"{n:,}"`` or ``strftime``.

Which locale: ``[store] language`` in the profile when set (``"hu"``, ``"fr-CA"``), else the
operating system's. The store's country fills in the region when the language alone is given
(``"fr"`` in a Québec store formats as ``fr_CA``: ``12,50 $``, ``14 h 05``), because the
country is where the customers are. The window's language is this locale's language when
Clientdesk ships it (:data:`SHIPPED_LANGUAGES`), English otherwise; formats follow the locale
even then (a German counter gets English words and German dates).

Vendor-formatted prices (Qudini's ``"£25.00"``) are shown as the vendor wrote them; only
amounts Clientdesk holds as numbers go through :meth:`Formats.money`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal, parse_pattern

from app.domain.money import minor_digits

__all__ = [
    "LANGUAGE_ENV",
    "SHIPPED_LANGUAGES",
    "Formats",
    "LocaleError",
    "current_formats",
    "formats_for",
    "parse_language",
    "store_locale",
    "system_locale_name",
    "ui_language",
    "use_formats",
]

#: Overrides ``[store] language`` for one run, window and CLI alike (training screenshots, a
#: support session in the technician's language).
LANGUAGE_ENV = "CLIENTDESK_LANGUAGE"

#: Languages whose translations ship with Clientdesk (resources/translations); English is the
#: source language.
SHIPPED_LANGUAGES = ("en", "fr", "hu")

#: The loyalty points unit, by language and CLDR plural category. Babel has no unit for
#: "points", and the words belong to the figure, so the CLI prints them too.
_POINTS: dict[str, dict[str, str]] = {
    "en": {"one": "{n} pt", "other": "{n} pts"},
    "fr": {"one": "{n} point", "other": "{n} points"},
    "hu": {"other": "{n} pont"},
}


class LocaleError(ValueError):
    """A language setting that names no locale CLDR knows."""


def parse_language(value: str) -> Locale:
    """``"hu"``, ``"fr-CA"``, ``"en_AU"`` → a :class:`babel.Locale` (raises LocaleError).

    Accepts BCP 47 hyphens and POSIX underscores, and ignores a POSIX encoding suffix
    (``"fr_FR.UTF-8"``), because that is what an installer copies from a system setting.
    """
    text = value.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not text or text in ("C", "POSIX"):
        raise LocaleError(f"{value!r} names no language")
    try:
        return Locale.parse(text)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LocaleError(f"{value!r} is not a language CLDR knows") from exc


def system_locale_name() -> str | None:
    """The operating system's locale ("fr_FR"), or None when it names none.

    The window passes Qt's own answer instead (``QLocale.system()``), which reads the
    Windows user setting; this is the CLI's, which has no Qt: the POSIX variables, and on
    Windows the user's locale name from the system.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value and value.split(".")[0] not in ("C", "POSIX"):
            return value
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        import ctypes

        buffer = ctypes.create_unicode_buffer(85)
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, len(buffer)):  # type: ignore[attr-defined]
            return buffer.value
    return None


def store_locale(language: str | None, country: str, system: str | None) -> Locale:
    """The locale a store formats in: ``language`` (the profile's), else ``system``, with the
    store's ``country`` as the region when the setting names only a language.

    Falls back to English in the store's country (``en_AU``), then to plain English, so an
    unreadable system setting never stops the window from opening.
    """
    for candidate in (language, system):
        if not candidate:
            continue
        try:
            found = parse_language(candidate)
        except LocaleError:
            continue
        if found.territory is None or language is None:
            # A system setting names the PC's region, not the store's; the store's wins.
            regional = _with_country(found.language, country)
            if regional is not None:
                return regional
        return found
    return _with_country("en", country) or Locale("en")


def _with_country(language: str, country: str) -> Locale | None:
    try:
        return Locale.parse(f"{language}_{country.upper()}")
    except (UnknownLocaleError, ValueError):
        return None


def ui_language(locale: Locale) -> str:
    """The language the window speaks for ``locale``: its own when shipped, else English."""
    return locale.language if locale.language in SHIPPED_LANGUAGES else "en"


@dataclass(frozen=True)
class Formats:
    """How one store's locale writes values. Immutable; make one per store (formats_for)."""

    locale: Locale
    currency: str

    @property
    def tag(self) -> str:
        """``"fr_CA"``: what the About box and the log say the locale is."""
        return str(self.locale)

    # -- numbers --------------------------------------------------------------------------------
    def number(self, value: int | float | Decimal) -> str:
        """``1291`` → ``1,291`` (en), ``1 291`` (fr, hu; a no-break space)."""
        return format_decimal(value, locale=self.locale)

    def count(self, value: int, limit_reached: bool = False) -> str:
        """A count of rows, ``"1 291+"`` when a limit cut the list short."""
        return self.number(value) + ("+" if limit_reached else "")

    def points(self, value: int) -> str:
        """Loyalty points with their unit: ``1,291 pts``, ``1 291 points``, ``1 291 pont``."""
        words = _POINTS.get(self.locale.language, _POINTS["en"])
        form = self.locale.plural_form(abs(value))
        pattern = words.get(form, words["other"])
        return pattern.format(n=self.number(value))

    def money(self, minor: int, currency: str | None = None) -> str:
        """Minor units in ``currency`` (the store's by default): ``1 291,50 Ft``, ``$790.92``.

        Exact: the amount is built as a Decimal from the integer minor units, with ISO 4217's
        number of digits (HUF has two there even though CLDR rounds cash to whole forints; a
        LOKE spend of 129150 fillér is 1 291,50 Ft, not 1 292 Ft).
        """
        code = (currency or self.currency).upper()
        digits = minor_digits(code)
        amount = Decimal(minor).scaleb(-digits)
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
        pattern.frac_prec = (digits, digits)
        return str(pattern.apply(amount, self.locale, currency=code, currency_digits=False))

    # -- moments ----------------------------------------------------------------------------------
    def date(self, moment: datetime | date | None, zone: tzinfo | None = None,
             *, missing: str = "—") -> str:
        """``2 Dec 2026``, ``2 déc. 2026``, ``2026. dec. 2.`` (on ``zone``'s calendar)."""
        if moment is None:
            return missing
        day = _local(moment, zone).date() if isinstance(moment, datetime) else moment
        return format_date(day, "medium", locale=self.locale)

    def birthday(self, month: int, day: int, year: int | None = None) -> str:
        """``22 November 1990`` / ``22 November``; ``1990. november 22.`` (the month in full:
        a birthday is read out to the customer; a year may be unknown, and 29 February
        without one is still a day)."""
        if year is None:
            return format_skeleton("MMMMd", date(2000, month, day), locale=self.locale)
        return format_date(date(year, month, day), "long", locale=self.locale)

    def time(self, moment: datetime, zone: tzinfo | None = None) -> str:
        """``14:05`` (en_GB, fr, hu), ``2:05 pm`` (en_AU), ``14 h 05`` (fr_CA)."""
        return format_time(_local(moment, zone), "short", locale=self.locale)

    def time_seconds(self, moment: datetime, zone: tzinfo | None = None) -> str:
        """``14:05:09``: when a check or a snapshot was taken to the second."""
        return format_time(_local(moment, zone), "medium", locale=self.locale)

    def day_month_time(self, moment: datetime, zone: tzinfo | None = None) -> str:
        """``3 Dec, 14:05``: a moment this year, without the year."""
        local = _local(moment, zone)
        return f"{format_skeleton('MMMd', local, locale=self.locale)} {self.time(local)}"

    def datetime(self, moment: datetime | None, zone: tzinfo | None = None,
                 *, missing: str = "—") -> str:
        """With the weekday, as a booking reads: ``Wed, 2 Dec 2026 14:05``,
        ``mer. 2 déc. 2026 14:05``, ``2026. dec. 2., sze 14:05``."""
        if moment is None:
            return missing
        local = _local(moment, zone)
        return f"{format_skeleton('yMMMEd', local, locale=self.locale)} {self.time(local)}"


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None and moment.tzinfo is not None else moment


#: The formats of the store this process serves: set once the profile is read (the CLI's
#: CliContext.profile, the window's ui.i18n.install), read wherever a value is shown. One
#: process serves one store, so one setting; until then, English in Australia (the example
#: profile's store).
_current: list[Formats] = []


def current_formats() -> Formats:
    """The formats of this process's store (:func:`use_formats` sets them)."""
    if not _current:
        _current.append(formats_for("en", "AU", "AUD"))
    return _current[0]


def use_formats(value: Formats) -> None:
    _current[:] = [value]


@cache
def _formats(tag: str, currency: str) -> Formats:
    return Formats(Locale.parse(tag), currency.upper())


def formats_for(language: str | None, country: str, currency: str,
                system: str | None = None) -> Formats:
    """The :class:`Formats` of a store (cached: Babel's locale data loads once)."""
    return _formats(str(store_locale(language, country, system)), currency)
