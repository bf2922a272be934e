"""The store profile: which vendors a store uses, where they live, and the store's own facts.

A profile is TOML, baked into each store's installer, and never holds a secret. Loading it either
yields a fully validated :class:`StoreProfile` or raises :class:`ProfileError` with exactly one
line that names the file, the key and the fix — an installer must be able to act on it without
reading code.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import tomllib
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from app.errors import ProfileError
from app.formatting import (
    LANGUAGE_ENV,
    Formats,
    LocaleError,
    formats_for,
    parse_language,
    system_locale_name,
)

VENDORS: tuple[str, ...] = ("qminder", "qudini", "booxi", "reservations", "loke")
VENDOR_NAMES: dict[str, str] = {
    "qminder": "Qminder",
    "qudini": "Qudini",
    "booxi": "Booxi",
    "reservations": "reservations",
    "loke": "LOKE",
}
QUDINI_REGIONS = {
    "eu": "https://app.qudini.com",
    "us": "https://us.qudini.com",
    "au": "https://au.qudini.com",
}
BOOXI_REGIONS = {
    "na": "https://api.booxi.com/booking/v1",
    "eu": "https://api.booxi.eu/booking/v1",
}


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("base-url: must be a full URL such as https://api.example.com")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError("base-url: must use https (plain http is allowed only for 127.0.0.1)")
    if parts.query or parts.fragment:
        raise ValueError("base-url: must not contain ? or #")
    return value.rstrip("/")


def _check_proxy(value: str) -> str:
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        raise ValueError("proxy: has a port that is not a number from 1 to 65535") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        raise ValueError("proxy: must be a proxy address such as http://proxy.example:3128")
    if parts.username is not None or parts.password is not None:
        raise ValueError("proxy: must not hold a user name or password (this file is not "
                         "secret)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("proxy: must be only scheme, host and port")
    return f"{parts.scheme}://{parts.netloc}"


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("timezone: is not a known IANA time zone") from exc
    return value


def _check_country(value: str) -> str:
    code = value.upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError("country: is not a two-letter country code with phone numbers")
    return code


def _check_currency(value: str) -> str:
    if len(value) != 3 or not value.isalpha():
        raise ValueError("currency: must be a three-letter ISO 4217 code")
    return value.upper()


def _check_language(value: str) -> str:
    try:
        parse_language(value)
    except LocaleError:
        raise ValueError("language: is not a language code CLDR knows") from None
    return value.strip()


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("nonblank: must not be empty")
    return value.strip()


BaseUrl = Annotated[StrictStr, AfterValidator(_check_base_url)]
NonBlank = Annotated[StrictStr, AfterValidator(_nonblank)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreTable(_Table):
    id: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    name: NonBlank
    country: Annotated[StrictStr, AfterValidator(_check_country)]
    timezone: Annotated[StrictStr, AfterValidator(_check_timezone)]
    currency: Annotated[StrictStr, AfterValidator(_check_currency)]
    #: How long a customer profile's vendor sections count as fresh before opening it asks
    #: the vendors again (0: always ask).
    profile_ttl_minutes: Annotated[StrictInt, Field(ge=0, le=1440)] = 15
    #: The window's language and the locale of every date, number and amount ("hu",
    #: "fr-CA"); unset: the operating system's (app.formatting).
    language: Annotated[StrictStr, AfterValidator(_check_language)] | None = None

    def formats(self, system: str | None = None) -> Formats:
        """How this store writes dates, numbers, points and money (``system``: the OS
        locale's name, when the caller knows it better than the environment does).
        ``CLIENTDESK_LANGUAGE`` overrides the profile for one run (training, support)."""
        override = os.environ.get(LANGUAGE_ENV, "").strip() or None
        return formats_for(override or self.language, self.country, self.currency,
                           system if system is not None else system_locale_name())


class NetworkTable(_Table):
    """How this store reaches the vendors. Without ``proxy`` the system's proxy settings
    apply (``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``NO_PROXY``, and on Windows the registry)."""

    proxy: Annotated[StrictStr, AfterValidator(_check_proxy)] | None = None


class QminderTable(_Table):
    base_url: BaseUrl = "https://api.qminder.com"
    location_id: StrictInt
    lines: list[StrictInt] = Field(default_factory=list)
    #: Share of the account's 5,000 requests/hour this counter may use (see README).
    requests_per_hour: Annotated[StrictInt, Field(ge=1, le=5000)] = 5000
    #: This counter's Qminder user: who calls and cancels (Qminder requires it to cancel).
    user_id: StrictInt | None = None


class QudiniTable(_Table):
    base_url: BaseUrl | None = None
    region: Literal["eu", "us", "au"] | None = None
    api_user: NonBlank | None = None
    #: Where the short links Qudini sends by SMS (``https://qdi.page.link/<code>``) are asked
    #: where they point (:class:`app.vendors.qudini.client.ShortLinkResolver`). A setting so
    #: the sandbox and tests can stand in for it, and so a store can follow Qudini if its
    #: short links move to another host.
    short_link_base: BaseUrl = "https://qdi.page.link"

    @model_validator(mode="after")
    def _host(self) -> QudiniTable:
        if self.base_url is None and self.region is None:
            raise ValueError("base_url: is missing (or set region = \"eu\", \"us\" or \"au\")")
        return self

    @property
    def url(self) -> str:
        return self.base_url or QUDINI_REGIONS[self.region or "eu"]


class BooxiTable(_Table):
    base_url: BaseUrl | None = None
    region: Literal["na", "eu"] | None = None
    merchant_id: StrictInt

    @model_validator(mode="after")
    def _host(self) -> BooxiTable:
        if self.base_url is None and self.region is None:
            raise ValueError("base_url: is missing (or set region = \"na\" or \"eu\")")
        return self

    @property
    def url(self) -> str:
        return self.base_url or BOOXI_REGIONS[self.region or "na"]


class ReservationsTable(_Table):
    base_url: BaseUrl
    email: Annotated[StrictStr, Field(pattern=r"^[^@\s]+@[^@\s]+$")]
    merchant_id: Annotated[
        StrictStr | None,
        Field(pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
    ] = None
    path_form: Literal["merchants", "merchant"] = "merchants"


class LokeTable(_Table):
    base_url: BaseUrl = "https://api.loke.global"
    token_url: BaseUrl = "https://auth.loke.global/token"
    client_id: NonBlank
    organization_id: NonBlank


#: The most important labels a store can list, and the longest one (Qminder's labels are short).
MAX_IMPORTANT_LABELS = 20
MAX_LABEL_CHARS = 40


def label_key(text: str) -> str:
    """How an important label is compared with a ticket's: case- and space-insensitive ("vip",
    " V I P " and "ＶＩＰ" are all "VIP"), because staff type labels by hand in Qminder."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _check_labels(value: object) -> list[str]:
    """``important_labels``: a short list of distinct, printable label names. Checked as a
    whole so that every problem is reported on the key itself, not on "item 3"."""
    if not isinstance(value, list):
        raise ValueError(f"important_labels: must be a list of label names, got {value!r}")
    if len(value) > MAX_IMPORTANT_LABELS:
        raise ValueError(f"important_labels: lists {len(value)} labels; at most "
                         f"{MAX_IMPORTANT_LABELS} can be important")
    labels: list[str] = []
    seen: dict[str, str] = {}
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"important_labels: {item!r} is not text")
        label = " ".join(item.split())
        if not label:
            raise ValueError("important_labels: has an empty label")
        if len(label) > MAX_LABEL_CHARS:
            raise ValueError(f"important_labels: {label[:20]!r}… is over {MAX_LABEL_CHARS} "
                             "characters")
        if not label.isprintable():
            raise ValueError(f"important_labels: {label!r} has a control character")
        key = label_key(label)
        if key in seen:
            raise ValueError(f"important_labels: {seen[key]!r} and {label!r} are the same "
                             "label (case and spaces do not count)")
        seen[key] = label
        labels.append(label)
    return labels


class AlertsTable(_Table):
    """Which queue tickets make the window call for attention (taskbar flash and a tray
    notification, :mod:`app.queue.alerts`). Optional: without the table both alerts are on
    and "VIP" is the important label."""

    #: A ticket whose customer is on the blacklist.
    blacklisted: StrictBool = True
    #: A ticket carrying one of ``important_labels``.
    labels: StrictBool = True
    important_labels: Annotated[list[str], BeforeValidator(_check_labels)] = \
        Field(default_factory=lambda: ["VIP"])


class StoreProfile(_Table):
    store: StoreTable
    qminder: QminderTable | None = None
    qudini: QudiniTable | None = None
    booxi: BooxiTable | None = None
    reservations: ReservationsTable | None = None
    loke: LokeTable | None = None
    network: NetworkTable = NetworkTable()
    alerts: AlertsTable = AlertsTable()

    def vendors(self) -> list[str]:
        """The vendors this store uses, in a fixed display order."""
        return [name for name in VENDORS if getattr(self, name) is not None]


# What an installer should do about each kind of mistake, by key (fallbacks by type below).
_FIXES: dict[str, str] = {
    "store": "add a [store] table with id, name, country, timezone and currency",
    "store.id": "use letters, digits, '.', '-' or '_' (it names the keyring entry)",
    "store.country": 'use the two-letter code of the store\'s country, e.g. "AU"',
    "store.timezone": 'use an IANA zone such as "Australia/Sydney"',
    "store.currency": 'use a three-letter code such as "AUD"',
    "store.language": 'use a language code such as "fr", "hu" or "en-AU", or remove the key '
                      "to follow the system",
    "qminder.location_id": "use the numeric location id from the Qminder dashboard",
    "booxi.merchant_id": "use the numeric merchant id from Booxi Back Office",
    "reservations.email": "use the staff account's email address",
    "reservations.merchant_id": "use the merchant UUID, or remove the key to discover it",
    "reservations.path_form": 'use "merchants" (current servers) or "merchant" (older ones)',
    "loke.client_id": "use the client id LOKE support issued",
    "network.proxy": 'use the proxy\'s address, e.g. "http://proxy.example:3128"',
    "loke.organization_id": "use the organization id from LOKE",
    "alerts": "write it as a table: [alerts] with blacklisted, labels and important_labels",
    "alerts.blacklisted": "use true (alert when a blacklisted customer joins) or false",
    "alerts.labels": "use true (alert on an important label) or false",
    "alerts.important_labels": 'use a short list of label names as staff type them in '
                               'Qminder, e.g. ["VIP", "Press"]',
}


def _describe(error: ErrorDetails) -> tuple[str, str]:
    """(key, message) for one pydantic error, worded for an installer."""
    # A key is the installer's own text: quote one with a newline or other control character,
    # so the message stays on one line and shows what is really there.
    loc = [p if p.isprintable() else repr(p) for p in map(str, error.get("loc", ()))]
    kind = str(error.get("type", ""))
    msg = str(error.get("msg", ""))
    if kind == "model_type" and len(loc) == 1:
        return loc[0], f"must be a table [{loc[0]}]"
    key = ".".join(loc)
    if kind == "missing":
        return key, "is missing"
    if kind == "extra_forbidden":
        if len(loc) == 1:
            return key, (f"is not a vendor Clientdesk knows (use one of: "
                         f"store, {', '.join(VENDORS)})")
        return key, "is not a setting Clientdesk knows (check the spelling)"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        wanted = kind.split("_")[0].replace("int", "a whole number").replace("string", "text")
        if kind == "list_type":
            wanted = "a list"
        return key, f"has the wrong type: expected {wanted}, got {error.get('input')!r}"
    if kind == "literal_error":
        return key, msg.lower().replace("input should be", "must be")
    if kind == "string_pattern_mismatch":
        return key, "has the wrong form"
    if kind == "value_error":
        text = msg.removeprefix("Value error, ")
        if ": " in text:
            inner_key, _, text = text.partition(": ")
            if inner_key in ("base_url",) and key.count(".") == 0:
                key = f"{key}.{inner_key}"
        return key, text
    return key, msg


#: A store profile is a few dozen lines; anything bigger is the wrong file (a log, a disk image,
#: ``/dev/zero``) and is refused before it is read whole.
MAX_PROFILE_BYTES = 1 << 20


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, refusing what is not a regular file or is over the limit.

    Checked by name first, so a named pipe is refused before opening it would wait for a
    writer, then again on the open file (``fstat``), so a file swapped in between is still the
    one judged; at most one byte past the limit is ever read, so nothing can fill memory."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise ProfileError(f"{path}: is not a regular file — pass the store profile's .toml "
                           "file")
    with path.open("rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ProfileError(f"{path}: is not a regular file — pass the store profile's .toml "
                               "file")
        raw = handle.read(MAX_PROFILE_BYTES + 1)
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(f"{path}: is over {MAX_PROFILE_BYTES // 2**20} MiB, so it is not a "
                           "store profile — pass the store's .toml file")
    return raw


def load_profile(path: Path) -> StoreProfile:
    """Read and validate a store profile, or raise one clear :class:`ProfileError`."""
    shown = str(path)
    try:
        raw = _read_bounded(path)
    except FileNotFoundError:
        raise ProfileError(
            f"{shown}: file not found — pass --profile FILE or set CLIENTDESK_PROFILE "
            "(see resources/store-profile.example.toml)"
        ) from None
    except OSError as exc:
        raise ProfileError(f"{shown}: cannot be read ({exc.strerror}) — check the path and "
                           "its permissions") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(f"{shown}: is not UTF-8 text — save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{shown}: is not valid TOML ({exc}) — fix the syntax there") from None
    return profile_from_dict(data, shown)


def profile_from_dict(data: dict[str, Any], shown: str = "profile") -> StoreProfile:
    try:
        return StoreProfile.model_validate(data)
    except ValidationError as exc:
        key, problem = _describe(exc.errors()[0])
        fix = _FIXES.get(key)
        if fix is None:
            if key.endswith("base_url"):
                fix = "set it to the vendor's https:// address"
            elif "Clientdesk knows" in problem:
                fix = "remove it or fix its name"
            else:
                fix = "see resources/store-profile.example.toml"
        raise ProfileError(f"{shown}: {key} {problem} — {fix}") from None
