"""The log file never holds a customer's email or phone, a session cookie, a token or a secret.

End to end, at both log levels the app offers (default INFO, and DEBUG with ``--verbose``):
the five sandbox vendors on 127.0.0.1, the real ``clientdesk`` commands run in-process (so
logging is set up by the app's own :func:`app.logs.setup_logging`, to the data folder's log
file), doing what a counter does all day —

* a sync of reservations and LOKE (a reservations sign-in: session cookies; a LOKE OAuth
  token), then a ``search`` by email (cache only);
* ``show`` by email and by phone, refreshed: Booxi and LOKE are asked *by email and phone in
  the query string* (spied on, so the test knows they really were), and a Qudini booking
  (Basic auth) — each ``show`` signs in to reservations and gets a LOKE token again;
* ``queue`` (the Qminder API key) and, last, ``doctor`` (a sign-in to every vendor).

Then the whole log folder is read: no email or phone of any sandbox customer (in the forms
vendors and URLs write them), no cookie the reservations server issued, no token LOKE issued,
no sandbox secret may be in it. And so a silent log cannot pass: at DEBUG the vendor request
lines (host and path) must be there, at INFO the sync summaries. Cookies and tokens must also
be registered with the scrubber as soon as they are issued — the second line of defence.

Last, a log call whose format does not fit its arguments never raises where it was made.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import phonenumbers
import pytest

import app.logs
from app.logs import CHATTY_LIBRARIES, register_secret, setup_logging
from app.profile import VENDOR_NAMES
from app.sandbox.booxi import PREFIX as BOOXI_PREFIX
from app.sandbox.loke import LokeServer
from app.sandbox.people import Person, Population
from app.sandbox.qudini import QudiniServer
from app.sandbox.reservations import ReservationsServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from app.vendors.booxi import BooxiClient
from app.vendors.loke import LokeClient
from app.vendors.reservations.client import LOGIN_PATH
from app.vendors.reservations.session import parse_set_cookie
from tests.support.cli import Outcome, invoke

STORE = "log-privacy"
PEOPLE = 120


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def known_secrets(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """An empty scrubber for this test: whatever it masks was registered during the test."""
    known: set[str] = set()
    monkeypatch.setattr(app.logs, "_known_secrets", known)
    return known


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The app's setup changes process-wide logging state; put it back afterwards."""
    root = logging.getLogger()
    level, raise_exceptions = root.level, logging.raiseExceptions
    chatty = {name: logging.getLogger(name).level for name in CHATTY_LIBRARIES}
    yield
    setup_logging(None)  # removes and closes the app's file handler
    root.setLevel(level)
    logging.raiseExceptions = raise_exceptions
    for name, old in chatty.items():
        logging.getLogger(name).setLevel(old)


@dataclass
class Issued:
    """What the vendors handed out during the test (read from the servers' side)."""

    cookies: list[str] = field(default_factory=list)
    lookups: list[tuple[str, str, str]] = field(default_factory=list)  # vendor, by, value


def _server[S](box: ThreadedSandbox, vendor: str, kind: type[S]) -> S:
    server = box.sandbox.servers[vendor]
    assert isinstance(server, kind)
    return server


@pytest.fixture
def issued(monkeypatch: pytest.MonkeyPatch, box: ThreadedSandbox) -> Issued:
    """Record every session cookie the reservations server issues and every contact lookup
    the clients send, calling through to the real code."""
    record = Issued()
    reservations = _server(box, "reservations", ReservationsServer)
    issue = reservations._issue

    def recording_issue(name: str) -> str:
        header = issue(name)
        parsed = parse_set_cookie(header)
        if parsed is not None and parsed[1]:
            record.cookies.append(parsed[1])
        return header

    monkeypatch.setattr(reservations, "_issue", recording_issue)

    find_clients = BooxiClient.find_clients

    async def spy_find_clients(self: BooxiClient, **kwargs: Any) -> Any:
        for by in ("email", "phone"):
            if kwargs.get(by):
                record.lookups.append(("booxi", by, str(kwargs[by])))
        return await find_clients(self, **kwargs)

    search_by_email, search_by_phone = LokeClient.search_by_email, LokeClient.search_by_phone

    async def spy_email(self: LokeClient, email: str) -> Any:
        record.lookups.append(("loke", "email", email))
        return await search_by_email(self, email)

    async def spy_phone(self: LokeClient, e164: str) -> Any:
        record.lookups.append(("loke", "phone", e164))
        return await search_by_phone(self, e164)

    monkeypatch.setattr(BooxiClient, "find_clients", spy_find_clients)
    monkeypatch.setattr(LokeClient, "search_by_email", spy_email)
    monkeypatch.setattr(LokeClient, "search_by_phone", spy_phone)
    return record


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(PEOPLE, seed=7, store_id=STORE)) as running:
        _server(running, "loke", LokeServer).page_size = 40  # several pages, X-Next-Page URLs
        yield running


@pytest.fixture
def profile(tmp_path: Path, box: ThreadedSandbox) -> Path:
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    keyring = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        keyring.set(vendor, secret)
    return path


# -- what must never be logged -------------------------------------------------------------------
def email_forms(email: str) -> set[str]:
    """An email as vendors and URLs write it (compared with the log case-folded)."""
    plain = email.strip().casefold()
    return {plain, quote(plain, safe=""), quote_plus(plain)}


def phone_forms(person: Person) -> set[str]:
    """A mobile as given (local and E.164), digits only, formatted, and URL-encoded."""
    assert person.mobile_e164 is not None and person.mobile_national is not None
    number = phonenumbers.parse(person.mobile_e164)
    written = {person.mobile_national, person.mobile_e164} | {
        phonenumbers.format_number(number, style)
        for style in (phonenumbers.PhoneNumberFormat.E164,
                      phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                      phonenumbers.PhoneNumberFormat.NATIONAL,
                      phonenumbers.PhoneNumberFormat.RFC3966)}
    forms = set(written)
    for text in written:
        forms |= {re.sub(r"\D", "", text), quote(text, safe=""), quote_plus(text)}
    forms.add(phonenumbers.national_significant_number(number))  # 4xxxxxxxx: in every form
    return {f for f in forms if len(re.sub(r"\D", "", f)) >= 8}


def forbidden(box: ThreadedSandbox, record: Issued) -> list[tuple[str, str]]:
    """(what, text) pairs: every contact of every sandbox customer, every credential."""
    found: list[tuple[str, str]] = []
    population: Population = box.sandbox.population
    for person in population.people():
        if person.email:
            found += [(f"email of customer {person.index}", f) for f in email_forms(person.email)]
        if person.mobile_e164:
            found += [(f"phone of customer {person.index}", f) for f in phone_forms(person)]
    reservations = _server(box, "reservations", ReservationsServer)
    found.append(("reservations staff email", reservations.staff_email))
    for vendor, secret in box.sandbox.secrets.items():
        found.append((f"{vendor} secret", secret))
    qudini = _server(box, "qudini", QudiniServer)
    basic = base64.b64encode(f"{qudini.api_user}:{qudini.secret}".encode()).decode()
    found.append(("Qudini Basic credentials", basic))
    found += [("reservations session cookie", c) for c in record.cookies]
    found += [("LOKE access token", t) for t in loke_tokens(box)]
    return found


def loke_tokens(box: ThreadedSandbox) -> list[str]:
    loke = _server(box, "loke", LokeServer)
    tokens = list(loke._tokens)
    assert len(tokens) == loke.tokens_issued  # none expired or revoked: we see every one
    return tokens


def leaks(text: str, needles: list[tuple[str, str]]) -> list[str]:
    folded = text.casefold()
    out = []
    for what, needle in needles:
        if needle.casefold() in folded:
            lines = [line for line in text.splitlines() if needle.casefold() in line.casefold()]
            out.append(f"{what} ({needle!r}) in: {lines[:2]}")
    return out


def read_logs(data_dir: Path) -> str:
    files = sorted((data_dir / "logs").glob("clientdesk*"))
    assert files, "nothing was logged at all"
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)


# -- the people looked up ------------------------------------------------------------------------
def everywhere(population: Population) -> Person:
    """In LOKE, reservations and Booxi, with an email, a mobile and a Qudini booking."""
    for person in population.people():
        if (person.in_loke and person.in_reservations and person.in_booxi and person.email
                and person.mobile_e164 and person.qudini_bookings
                and not person.reservations_dummy and not person.loke_duplicate):
            return person
    raise AssertionError("the sandbox has nobody in every vendor")


def reservations_only(population: Population) -> Person:
    """Known to reservations alone: LOKE and Booxi are searched by email, then by phone."""
    for person in population.people():
        if (person.in_reservations and not person.in_loke and not person.in_booxi
                and person.email and person.mobile_national and not person.reservations_dummy):
            return person
    raise AssertionError("the sandbox has nobody in reservations alone")


def clientdesk(tmp_path: Path, profile: Path, verbose: bool, *argv: str) -> Outcome:
    options = ["--profile", str(profile), "--data-dir", str(tmp_path / "data")]
    outcome = invoke(*options, *(["--verbose"] if verbose else []), *argv)
    assert outcome.code == 0, (argv, outcome.out, outcome.err)
    return outcome


# -- the test ------------------------------------------------------------------------------------
@pytest.mark.parametrize("verbose", [False, True], ids=["default", "verbose"])
@pytest.mark.usefixtures("restore_logging")
def test_the_log_holds_no_contact_cookie_token_or_secret(
        tmp_path: Path, profile: Path, box: ThreadedSandbox, issued: Issued,
        known_secrets: set[str], verbose: bool) -> None:
    population = box.sandbox.population
    first, second = everywhere(population), reservations_only(population)
    assert first.email and second.email and second.mobile_national and second.mobile_e164

    clientdesk(tmp_path, profile, verbose, "sync")
    # Registered the moment they were issued: the sync's sign-in cookies and LOKE token.
    assert issued.cookies and loke_tokens(box)
    assert set(issued.cookies) <= known_secrets
    assert set(loke_tokens(box)) <= known_secrets

    clientdesk(tmp_path, profile, verbose, "search", first.email)
    clientdesk(tmp_path, profile, verbose, "show", first.email, "--refresh")
    clientdesk(tmp_path, profile, verbose, "show", second.mobile_national, "--refresh")
    clientdesk(tmp_path, profile, verbose, "show", first.qudini_identifier(0), "--refresh")
    clientdesk(tmp_path, profile, verbose, "queue")
    doctor = clientdesk(tmp_path, profile, verbose, "doctor")
    assert "All vendors OK." in doctor.out

    # The lookups really sent contacts to the vendors, and every run signed in again.
    assert ("booxi", "email", first.email) in issued.lookups
    assert ("loke", "email", second.email) in issued.lookups
    assert ("loke", "phone", second.mobile_e164) in issued.lookups
    assert any(v == "booxi" and by == "phone" for v, by, _ in issued.lookups)
    logins = [s for s in _server(box, "reservations", ReservationsServer).history
              if s.method == "POST" and s.path == LOGIN_PATH]
    assert len(logins) >= 3  # sync, the profile refreshes, doctor
    assert _server(box, "loke", LokeServer).tokens_issued >= 3
    assert set(issued.cookies) | set(loke_tokens(box)) <= known_secrets

    text = read_logs(tmp_path / "data")
    leaked = leaks(text, forbidden(box, issued))
    assert not leaked, "\n".join(leaked)

    # The log is not silent, and at the level asked for.
    assert re.search(r" INFO clientdesk\.sync: sync loke: \d+ records", text), text
    assert re.search(r" INFO clientdesk\.sync: sync reservations: \d+ records", text), text
    for name in CHATTY_LIBRARIES:
        assert f" {name}: " not in text and f" {name}." not in text, name
    request_lines = [line for line in text.splitlines() if " clientdesk.http: " in line]
    if not verbose:
        assert " DEBUG " not in text and not request_lines
        return
    loke = _server(box, "loke", LokeServer)
    for vendor, expected in (
            ("reservations", f"POST 127.0.0.1{LOGIN_PATH} -> 200"),
            ("loke", "POST 127.0.0.1/token -> 200"),
            ("loke", f"GET 127.0.0.1/organizations/{loke.organization_id}/customers -> 200"),
            ("booxi", f"GET 127.0.0.1{BOOXI_PREFIX}/client -> 200"),
            ("qminder", "GET 127.0.0.1/v1/tickets/search -> 200"),
            ("qudini", "GET 127.0.0.1/api-customer-details/")):
        line = f"clientdesk.http: {VENDOR_NAMES[vendor]} {expected}"
        assert any(line in logged for logged in request_lines), line
    assert all(" DEBUG " in line and "?" not in line for line in request_lines)


# -- a bad log call ------------------------------------------------------------------------------
class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no text for this one")

    __repr__ = __str__


@pytest.mark.parametrize("secret_known", [False, True], ids=["no-secrets", "secrets-known"])
@pytest.mark.usefixtures("restore_logging")
def test_a_bad_log_format_never_raises_at_the_call_site(
        tmp_path: Path, known_secrets: set[str], capsys: pytest.CaptureFixture[str],
        secret_known: bool) -> None:
    """With no secret known the record goes straight to the handler; with one, the scrubber
    formats it first (a filter's exception would reach the caller). Neither may raise."""
    if secret_known:
        register_secret("a-secret-the-scrubber-knows")
    log_file = tmp_path / "logs" / "clientdesk.log"
    setup_logging(log_file, verbose=True)
    log = logging.getLogger("clientdesk.x")
    log.info("%d items", "not a number")
    log.info("%s wrote to %s", "only.one.argument@example.com")  # too few arguments
    log.warning("%s", "one", "two")  # too many
    log.error("%(name)s", "not a mapping")
    log.debug("%s", Unprintable())  # an argument whose text raises
    log.info(Unprintable())  # a message whose text raises
    log.info("after the bad ones")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert text.endswith("INFO clientdesk.x: after the bad ones\n"), text
    assert "only.one.argument@example.com" not in text  # unused arguments are not written
    assert "Logging error" not in capsys.readouterr().err  # nothing on the person's screen
