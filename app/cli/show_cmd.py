"""``clientdesk show CUSTOMER`` — one customer's whole profile, for support and scripting.

The same path the window takes when a profile opens: resolve what was typed or pasted against
the cache, paint the cached profile, then refresh every vendor at once. It works with the
network down: each section keeps the data it last had and says how old it is ("as of 10:42")
or why it is missing ("not found in LOKE" is an answer; "LOKE unreachable (…)" is not).

Exit codes (README, "Exit codes"): 0 shown; 8 when CUSTOMER names nothing in the cache; 5 when
the profile was printed from the cache alone because no vendor asked returned data and at least
one could not be reached or refused (3 instead when the only reason was missing credentials or
an unusable keyring). A vendor that answers "not found" counts as an answer, not a failure.
A Qudini short link (``qdi.page.link/…``) is read online first, then shown as its full booking
link would be; when it cannot be read: 5 offline, 8 unknown or expired, 2 when it points
outside Qudini (or with --no-refresh), 7 when the link service's answer is unusable.

Vendor text (names, notes, answers, services) is printed literally: control characters are
shown as escapes (``\\x1b``) instead of being sent to the terminal, so a note can neither
repaint the screen nor be silently altered by click's colour stripping.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import click
from pydantic import BaseModel

from app.cache import edits
from app.cache.db import Cache, cache_path
from app.cache.thread import CacheThread
from app.cli.context import CliContext
from app.customer import facts
from app.customer.birthday import birthday_text
from app.customer.lookup import LookupResult, contact_of
from app.customer.model import (
    PROFILE_VENDORS,
    Booking,
    BooxiHistory,
    Header,
    Loyalty,
    Qudini,
    QudiniVisit,
    Reservations,
    Section,
    Status,
)
from app.customer.resolve import NotResolved, Resolved, resolve
from app.customer.service import NO_SECRET, Profile, ProfileService
from app.customer.timeline import local_time, service_text
from app.domain.contacts import mask_contact_fields, shown_contacts
from app.errors import ClientdeskError, CredentialError, ExitCode, UsageError
from app.formatting import current_formats
from app.logs import scrub
from app.manager import counter_name
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource
from app.vendors.network import Network
from app.vendors.qudini.client import ShortLinkResolver

pass_ctx = click.make_pass_decorator(CliContext)
#: Unicode's bidirectional overrides and isolates: they reorder what follows them on screen,
#: the classic way to make one text look like another.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class CustomerNotFound(ClientdeskError):
    """CUSTOMER names nothing in the cache; the message says which shapes would."""

    exit_code = ExitCode.NOT_FOUND


# -- literal vendor text ---------------------------------------------------------------------
def lit(text: str) -> str:
    """Vendor text as-is, except characters a terminal would act on, shown as escapes."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _BIDI or unicodedata.category(ch) == "Cc":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def lit_lines(text: str) -> list[str]:
    """A multi-line vendor text (a note) as its lines, each made literal."""
    return [lit(line) for line in text.replace("\r\n", "\n").split("\n")]


# -- credentials, as the refresh asks for them -------------------------------------------------
class RecordingSecrets:
    """The keyring as the profile service sees it, noting which vendors had no usable secret.

    A section refused for want of a credential looks like any other refused section; knowing
    the reason lets the exit code say "credentials" (3) rather than "vendors" (5).
    """

    def __init__(self, inner: SecretSource) -> None:
        self.inner = inner
        self.store_id = inner.store_id
        self.problems: dict[str, str] = {}

    def get(self, vendor: str) -> str | None:
        try:
            secret = self.inner.get(vendor)
        except CredentialError as exc:
            self.problems[vendor] = exc.message
            raise
        if secret is None and vendor not in NO_SECRET:
            self.problems[vendor] = ("no credential saved on this PC — run `clientdesk "
                                     f"credentials set {vendor}`")
        return secret

    def set(self, vendor: str, secret: str) -> None:
        self.inner.set(vendor, secret)

    def delete(self, vendor: str) -> bool:
        return self.inner.delete(vendor)

    def describe(self) -> str:
        return self.inner.describe()


# -- what was shown ---------------------------------------------------------------------------
@dataclass
class Shown:
    """A profile and what this run learnt about each vendor."""

    query: str
    resolved: Resolved
    profile: Profile
    now: datetime
    asked: list[str] = field(default_factory=list)
    credential_problems: dict[str, str] = field(default_factory=dict)
    same_name: list[Header] = field(default_factory=list)  # for an unattached booking

    def status(self, vendor: str) -> Status:
        return Status(self.profile.sections.get(vendor).status)

    def failed(self) -> list[str]:
        """Vendors asked this run that could not be reached or refused."""
        return [v for v in self.asked
                if self.status(v) in (Status.UNREACHABLE, Status.REFUSED)]

    def unreachable(self) -> list[str]:
        return [v for v in self.asked if self.status(v) == Status.UNREACHABLE]

    def exit_code(self) -> ExitCode:
        """0, or 5/3 when no vendor asked returned data and some failed (module docstring)."""
        failed = self.failed()
        if not failed or any(self.status(v) == Status.OK for v in self.asked):
            return ExitCode.OK
        if all(v in self.credential_problems for v in failed):
            return ExitCode.CREDENTIALS
        return ExitCode.UNAVAILABLE

    def message(self, vendor: str) -> str:
        """The section's message without the vendor name the heading already shows."""
        text = self.profile.sections.get(vendor).message
        return scrub(text.removeprefix(f"{VENDOR_NAMES[vendor]}: "))

    def not_looked_up(self, vendor: str) -> bool:
        """A Qudini booking with no cached customer, before any refresh said so itself
        (``NO_REFERENCE``): the other vendors have nobody to look up."""
        return self.profile.header is None and vendor != "qudini" and \
            self.status(vendor) == Status.PENDING


# -- times --------------------------------------------------------------------------------------
def when(moment: datetime | None, zone: tzinfo, now: datetime) -> str:
    """"10:42" today, "21 Nov 2026 10:42" otherwise, on the store's clock and in its
    locale (:mod:`app.formatting`, as the window)."""
    local = local_time(moment, zone)
    if local is None:
        return "unknown time"
    formats = current_formats()
    if local.date() == now.astimezone(zone).date():
        return formats.time(local)
    return f"{formats.date(local)} {formats.time(local)}"


def day_time(moment: datetime | None, zone: tzinfo) -> str:
    """A booking's moment with its weekday, as the window's timeline shows it."""
    local = local_time(moment, zone)
    return current_formats().datetime(local) if local else "(no date)"


def day(moment: datetime | None, zone: tzinfo) -> str:
    local = local_time(moment, zone)
    return current_formats().date(local) if local else "(no date)"


def summary(shown: Shown, vendor: str, zone: tzinfo) -> str:
    """One line: what the section holds and how old it is, or why it holds nothing."""
    section = shown.profile.sections.get(vendor)
    name = VENDOR_NAMES[vendor]
    status = Status(section.status)
    aged = (f"showing data as of {when(section.as_of, zone, shown.now)}"
            if section.data is not None else "nothing cached")
    if shown.not_looked_up(vendor):
        return "not looked up: this Qudini booking is not linked to a cached customer"
    if status == Status.OK:
        return f"as of {when(section.as_of, zone, shown.now)}"
    if status == Status.NOT_FOUND:
        return f"not found in {name}"
    if status == Status.UNREACHABLE:
        return f"{name} unreachable ({lit(shown.message(vendor))}); {aged}"
    if status == Status.REFUSED:
        return f"{name} refused ({lit(shown.message(vendor))}); {aged}"
    if status == Status.NOT_USED:
        return "not used by this store"
    if status == Status.NO_REFERENCE:
        return lit(section.message) or "nothing to look the customer up by"
    if section.data is not None:  # pending, yet with data: cannot happen, but say its age
        return f"as of {when(section.as_of, zone, shown.now)}"
    return "not fetched yet"


# -- human output -------------------------------------------------------------------------------
def render(shown: Shown, store: StoreProfile, *, revealed: bool = False) -> Iterator[str]:
    zone = ZoneInfo(store.store.timezone)
    profile = shown.profile
    head = profile.header
    if head is not None:
        yield f"{lit(head.name) or '(no name)'}  —  customer {head.customer_id} " \
              f"(found by {shown.resolved.matched_by})"
    else:
        yield f"Qudini booking {shown.resolved.qudini_identifier} — not linked to a customer " \
              "in the cache"
        for other in shown.same_name:
            yield f"  same name, not linked (names alone never link): {lit(other.name)} — " \
                  f"clientdesk show id:{other.customer_id}"
    blacklisted, reason = profile.blacklisted()
    if blacklisted:
        yield f"  ⚠ BLACKLISTED: {lit(reason) or '(no reason given)'}"
    if head is not None:
        contacts = shown_contacts(head.emails, head.phones, head.link_reasons,
                                  revealed=revealed)
        for email in contacts.emails:
            yield f"  {'email':<16} {lit(email)}"
        for phone in contacts.phones:
            yield f"  {'phone':<16} {lit(phone)}"
        if not revealed and (head.emails or head.phones):
            yield f"  {'':<16} (masked: --reveal shows them in full, and is audited)"
        for vendor, ids in head.vendor_ids.items():
            yield f"  {VENDOR_NAMES.get(vendor, vendor) + ' id':<16} {lit(', '.join(ids))}"
        for link in contacts.link_reasons:
            yield f"  {'linked':<16} {lit(link)}"
    yield from _facts_lines(shown, store, zone, revealed)
    for vendor in PROFILE_VENDORS:
        yield ""
        yield f"{VENDOR_NAMES[vendor]} — {summary(shown, vendor, zone)}"
        section = profile.sections.get(vendor)
        if section.data is not None and not shown.not_looked_up(vendor):
            yield from _section_lines(section, store, zone)
    rows = profile.timeline(shown.now)
    yield ""
    yield f"Timeline — {len(rows)} booking{'s' if len(rows) != 1 else ''}, times in " \
          f"{store.store.timezone}"
    if not rows:
        yield "  no bookings"
    yield from _timeline_lines(rows, zone)
    failed = shown.failed()
    if failed:
        yield ""
        why = {v: "unreachable" if shown.status(v) == Status.UNREACHABLE else "refused"
               for v in failed}
        yield ("Not answering now: " + ", ".join(f"{VENDOR_NAMES[v]} ({why[v]})" for v in failed)
               + " — their sections show the cached data with its time.")


def _facts_lines(shown: Shown, store: StoreProfile, zone: tzinfo,
                 revealed: bool) -> Iterator[str]:
    """What staff ask about first: birthday, marketing consent, where records disagree."""
    profile = shown.profile
    birthday = facts.birthday_facts(profile.sections, shown.now, zone)
    if birthday is not None:
        when = f"  — birthday {birthday.when}!" if birthday.when else ""
        yield f"  {'birthday':<16} {lit(birthday.text)}{when}"
    consent = facts.marketing_text(facts.marketing(profile.sections))
    if consent:
        yield f"  {'marketing':<16} {consent}"
    for item in facts.disagreements(facts.contacts_of(profile.header, profile.sections),
                                    store.store.country):
        yield f"  {'records differ':<16} {lit(facts.disagreement_text(item, revealed=revealed))}"


def _section_lines(section: Section[Any], store: StoreProfile, zone: tzinfo) -> Iterator[str]:
    data: BaseModel | None = section.data
    currency = store.store.currency
    formats = current_formats()
    if isinstance(data, Loyalty):
        parts = [formats.points(data.points) if data.points is not None else "points unknown"]
        if data.total_spend_cents is not None:
            parts.append(f"spend {formats.money(data.total_spend_cents, currency)}")
        if data.points_earned is not None:
            parts.append(f"earned {formats.number(data.points_earned)}")
        if data.points_redeemed is not None:
            parts.append(f"redeemed {formats.number(data.points_redeemed)}")
        yield "  " + " · ".join(parts)
        for label, moment in (("last spent", data.last_spent_at),
                              ("last earned", data.last_earned_at),
                              ("last redeemed", data.last_redeemed_at)):
            if moment is not None:
                yield f"  {label:<16} {day_time(moment, zone)}"
        if data.lists:
            yield f"  {'lists':<16} {lit(', '.join(data.lists))}"
    elif isinstance(data, Reservations):
        yield (f"  booked {data.times_booked} · upcoming {data.upcoming} · completed "
               f"{data.completed} · cancelled or no-show by customer "
               f"{data.cancelled_by_customer}")
        if data.is_dummy:
            yield "  a walk-in placeholder record, not a real person"
        if data.blacklisted:
            yield f"  {'blacklisted':<16} {lit(data.blacklist_reason) or '(no reason given)'}"
        if data.note:
            first, *rest = lit_lines(data.note)
            yield f"  {'note':<16} {first}"
            for line in rest:
                yield f"  {'':<16} {line}"
    elif isinstance(data, Qudini):
        if not data.visits:
            yield "  no bookings"
        for visit in data.visits:
            yield from _visit_lines(visit, zone)
    elif isinstance(data, BooxiHistory):
        window = ""
        if data.window_from is not None and data.window_to is not None:
            window = (f" · history {day(data.window_from, zone)} to "
                      f"{day(data.window_to, zone)}")
        yield (f"  clients {lit(', '.join(data.client_ids)) or '-'}{window} · "
               f"{len(data.bookings)} booking{'s' if len(data.bookings) != 1 else ''}")
        if data.skipped:
            yield f"  {data.skipped} booking(s) could not be read and are not shown"
        for note in facts.booxi_notes(data):
            first, *rest = lit_lines(note)
            yield f"  {'quick note':<16} {first}"
            for line in rest:
                yield f"  {'':<16} {line}"
        for row in data.bookings:
            if row.request:
                first, *rest = lit_lines(row.request)
                yield f"  {'request':<16} {day(row.starts_at, zone)}: {first}"
                for line in rest:
                    yield f"  {'':<16} {line}"


def _visit_lines(visit: QudiniVisit, zone: tzinfo) -> Iterator[str]:
    ref = f"{lit(visit.booking_ref)} " if visit.booking_ref else ""
    yield f"  {ref}({visit.identifier}) {lit(visit.state) or 'no state'}" + \
          (f" · {lit(visit.name)}" if visit.name else "")
    where = " at ".join(lit(p) for p in (visit.queue_name, visit.venue_name) if p)
    details = [p for p in (lit(visit.service), where,
                           day_time(visit.starts_at, zone) if visit.starts_at else "") if p]
    if details:
        yield "    " + " · ".join(details)
    queue = []
    if visit.position is not None:
        queue.append(f"position {visit.position}"
                     + (f" of {visit.queue_length}" if visit.queue_length is not None else ""))
    elif visit.queue_length is not None:
        queue.append(f"queue length {visit.queue_length}")
    if visit.minutes_remaining:
        queue.append(f"about {visit.minutes_remaining} min to wait")
    if queue:
        yield "    " + " · ".join(queue)
    party = [f"language {lit(visit.language)}"] if visit.language else []
    if visit.group_size is not None:
        party.append(f"group of {visit.group_size}")
    if party:
        yield "    " + " · ".join(party)
    for answer in visit.answers:
        yield f"    {lit(answer.question) or '(question)'}: {lit(answer.value)}"


def _timeline_lines(rows: list[Booking], zone: tzinfo) -> Iterator[str]:
    table = [(day_time(r.starts_at, zone), r.status, lit(service_text(r)) or "-",
              lit(r.staff) or "-", lit(r.price) or "-", r.source) for r in rows]
    widths = [min(32, max((len(row[i]) for row in table), default=0)) for i in range(5)]
    for row in table:
        yield "  " + "  ".join(cell.ljust(widths[i]) if i < 5 else cell
                               for i, cell in enumerate(row))


# -- JSON output --------------------------------------------------------------------------------
def _iso(moment: datetime | None, zone: tzinfo) -> str | None:
    local = local_time(moment, zone)
    return local.isoformat() if local else None


def _vendor_iso(moment: datetime | None) -> str | None:
    """The instant with the offset the vendor gave it (a naive time is UTC, as on screen)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).isoformat()


def _header_json(head: Header, revealed: bool) -> dict[str, Any]:
    data: dict[str, Any] = head.model_dump(mode="json", exclude={"records"})
    contacts = shown_contacts(head.emails, head.phones, head.link_reasons, revealed=revealed)
    if not revealed:  # revealed: the stored forms (E.164 phones), as before
        data.update(emails=contacts.emails, phones=contacts.phones,
                    link_reasons=contacts.link_reasons)
    return data


def as_json(shown: Shown, store: StoreProfile, *, revealed: bool = False) -> dict[str, Any]:
    """Everything the human output shows, machine-readable; times ISO 8601 with offsets.
    Contacts — the header's and every email or phone field of the vendors' data — are
    masked unless ``revealed``."""
    zone = ZoneInfo(store.store.timezone)
    profile = shown.profile
    blacklisted, reason = profile.blacklisted()
    sections: dict[str, Any] = {}
    for vendor in PROFILE_VENDORS:
        section = profile.sections.get(vendor)
        dumped = section.model_dump(mode="json")
        dumped.update(name=VENDOR_NAMES[vendor], summary=summary(shown, vendor, zone),
                      message=shown.message(vendor), asked=vendor in shown.asked,
                      seconds=round(profile.seconds[vendor], 3)
                      if vendor in profile.seconds else None)
        sections[vendor] = dumped if revealed else facts.mask_contact_lists(
            mask_contact_fields(dumped))
    loyalty = profile.sections.loke.data
    if loyalty is not None and loyalty.total_spend_cents is not None:
        sections["loke"]["total_spend_text"] = current_formats().money(
            loyalty.total_spend_cents, store.store.currency)
    timeline = []
    for row in profile.timeline(shown.now):
        local = local_time(row.starts_at, zone)
        timeline.append({
            "source": row.source, "booking_id": row.booking_id, "status": row.status,
            "vendor_status": row.vendor_status,
            "starts_at": _vendor_iso(row.starts_at),
            "ends_at": _vendor_iso(row.ends_at),
            "local_start": _iso(row.starts_at, zone),
            "local_display": current_formats().datetime(local) if local else None,
            "service": row.service, "staff": row.staff, "location": row.location,
            "price": row.price, "request": row.request, "waited_minutes": row.waited_minutes})
    return {
        "query": shown.query,
        "matched_by": shown.resolved.matched_by,
        "customer_id": profile.customer_id,
        "qudini_identifier": shown.resolved.qudini_identifier,
        "short_link": shown.resolved.short_link,
        "store": {"id": store.store.id, "timezone": store.store.timezone,
                  "currency": store.store.currency},
        "now": _iso(shown.now, zone),
        "exit_code": int(shown.exit_code()),
        "asked": shown.asked,
        "unreachable": shown.unreachable(),
        "failed": shown.failed(),
        "header": _header_json(profile.header, revealed) if profile.header else None,
        "revealed": revealed,
        "same_name": [{"customer_id": h.customer_id, "name": h.name} for h in shown.same_name],
        "blacklisted": blacklisted,
        "blacklist_reason": reason,
        "sections": sections,
        "timeline": timeline,
        "facts": _facts_json(shown, store, zone, revealed),
    }


def _facts_json(shown: Shown, store: StoreProfile, zone: tzinfo,
                revealed: bool) -> dict[str, Any]:
    """Birthday, marketing consent, Booxi quick notes and disagreements (contacts masked
    unless revealed), as the human output words them."""
    profile = shown.profile
    birthday = facts.birthday_facts(profile.sections, shown.now, zone)
    consent = facts.marketing(profile.sections)
    return {
        "birthday": None if birthday is None else {
            "text": birthday.text, "when": str(birthday.when) if birthday.when else None,
            "agree": birthday.agree,
            "by_vendor": {v: {**b.model_dump(), "text": birthday_text(b)}
                          for v, b in birthday.by_vendor.items()}},
        "marketing": {"by_vendor": consent, "text": facts.marketing_text(consent)},
        "quick_notes": facts.quick_notes(profile.sections),
        "disagreements": [facts.disagreement_json(d, revealed=revealed)
                          for d in facts.disagreements(
                              facts.contacts_of(profile.header, profile.sections),
                              store.store.country)],
    }


# -- the command ---------------------------------------------------------------------------------
EMPTY_CACHE = "The cache is empty — run `clientdesk sync` first."


def _resolve(conn: sqlite3.Connection, text: str, country: str) -> Resolved:
    try:
        return resolve(conn, text, country)
    except NotResolved as exc:
        message = exc.message
        if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM customers)").fetchone()[0]:
            message += f" {EMPTY_CACHE}"
        raise CustomerNotFound(message) from None


class LookupMiss(ClientdeskError):
    """The cache missed and the online lookup found nobody (8), or could not ask (5, 3)."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.exit_code = code


def _nobody(result: LookupResult, miss: str, secrets: RecordingSecrets) -> LookupMiss:
    """Exit 8 only when every vendor asked said it does not know them; when one could not be
    asked nobody can say so, and the answer is "try again" (5, or 3 for credentials)."""
    text = result.summary()  # the contact masked, unlike the cache's miss of what was typed
    if EMPTY_CACHE in miss:
        text += f" {EMPTY_CACHE}"
    if not result.failed:
        return LookupMiss(text, ExitCode.NOT_FOUND)
    if all(v in secrets.problems for v in result.failed):
        return LookupMiss(text, ExitCode.CREDENTIALS)
    return LookupMiss(text, ExitCode.UNAVAILABLE)


async def _find(jobs: CacheThread, service: ProfileService, secrets: RecordingSecrets,
                text: str, refresh: bool | None, pick: int | None) -> Resolved:
    """What ``text`` names in the cache, else — for a complete email or phone — whom the
    vendors that search by contact know (:mod:`app.customer.lookup`), cached once chosen."""
    country = service.profile.store.country
    try:
        return await jobs.run(lambda conn: _resolve(conn, text, country))
    except CustomerNotFound as miss:
        contact = contact_of(text, country)
        if contact is None:
            raise
        if refresh is False:
            raise CustomerNotFound(f"{miss.message} Not looked up at the vendors: "
                                   "--no-refresh shows the cache only.") from None
        result = await service.look_up(contact)
        choices = result.choices()
        if not choices:
            raise _nobody(result, miss.message, secrets) from None
        if pick is None and len(choices) > 1:
            listing = "; ".join(f"{n}. {lit(c.name)} ({c.found_at}: {', '.join(c.details)})"
                                for n, c in enumerate(choices, 1))
            raise UsageError(f"{len(choices)} customers have that {contact.noun}: {listing}. "
                             "Run again with --pick N to open one.") from None
        if pick is not None and not 1 <= pick <= len(choices):
            raise UsageError(f"--pick {pick}: there {'is' if len(choices) == 1 else 'are'} "
                             f"only {len(choices)} to pick from.") from None
        choice = choices[(pick or 1) - 1]
        customer_id = await service.adopt(choice)
        return Resolved(customer_id, matched_by=f"{contact.kind}, {choice.found_at}")


async def _follow_short_link(store: StoreProfile, resolved: Resolved,
                             refresh: bool | None) -> Resolved:
    """The booking a short link points to, read online (ShortLinkError says why not)."""
    assert resolved.short_link is not None
    if refresh is False:
        raise UsageError("That is a Qudini short link: reading where it points needs the "
                         "network, and --no-refresh shows the cache only — drop --no-refresh, "
                         "or give the full booking link (…qudini.com/customer/…).")
    async with ShortLinkResolver(store.qudini, network=Network.of(store.network)) as links:
        identifier = await links.booking_identifier(resolved.short_link)
    return replace(resolved, qudini_identifier=identifier)


async def _show(store: StoreProfile, secrets: RecordingSecrets, cache: Cache, text: str,
                refresh: bool | None, older: int | None, pick: int | None = None) -> Shown:
    jobs = CacheThread(cache, name="clientdesk-show")
    service = ProfileService(store, secrets, jobs.run)
    try:
        resolved = await _find(jobs, service, secrets, text, refresh, pick)
        if resolved.short_link is not None:
            resolved = await _follow_short_link(store, resolved, refresh)
        if resolved.customer_id is not None:
            cached = await service.cached(resolved.customer_id)
            if cached is None:
                raise CustomerNotFound(f"Customer {resolved.customer_id} left the cache while "
                                       "it was being read (a sync re-linked it); try again.")
            profile = cached
        else:
            assert resolved.qudini_identifier is not None
            profile = await service.cached_visit(resolved.qudini_identifier)
        now = service.clock()
        if refresh is not False:
            history_from = now - timedelta(days=round(365.25 * older)) if older else None
            profile = await service.refresh(profile, force=bool(refresh),
                                            history_from=history_from)
        return Shown(query=text, resolved=resolved, profile=profile, now=service.clock(),
                     asked=[v for v in PROFILE_VENDORS if v in profile.seconds],
                     credential_problems=secrets.problems,
                     same_name=await service.possible_customers(profile))
    finally:
        await service.aclose()
        await asyncio.to_thread(jobs.close)


@click.command()
@click.argument("customer")
@click.option("--json", "json_out", is_flag=True,
              help="One JSON object: header, every section (status, as_of, checked_at, "
                   "message, data) and the timeline rows.")
@click.option("--refresh/--no-refresh", default=None,
              help="--refresh asks every vendor now; --no-refresh shows the cache only. "
                   "Default: ask the vendors whose section is older than the store's "
                   "profile_ttl_minutes, as the window does.")
@click.option("--older", type=click.IntRange(1, 20), metavar="YEARS",
              help="Ask Booxi for YEARS of booking history instead of the default two.")
@click.option("--reveal", is_flag=True,
              help="Show emails and phone numbers in full (written to the audit log).")
@click.option("--pick", type=click.IntRange(1, 100), metavar="N",
              help="When an online lookup finds several customers with the email or phone, "
                   "open the Nth as listed.")
@pass_ctx
def show(ctx: CliContext, customer: str, json_out: bool, refresh: bool | None,
         older: int | None, reveal: bool, pick: int | None) -> int:
    """Show one customer's profile: header, loyalty, reservations, Qudini, Booxi, timeline.

    CUSTOMER is a customer id (id:123 or #123, as `search --json` prints it), a vendor id
    (loke:…, reservations:…, or bare when only one record has it), an email, a phone number,
    or a Qudini booking link or identifier. Contacts are masked, as on the window's profile,
    unless --reveal is given; a reveal is written to the audit log (counter, customer, when).

    A complete email or phone number that matches nobody in the cache is looked up at the
    vendors that search by contact (LOKE, Booxi); what they find is cached and shown, and
    when several customers have it, --pick N chooses (the list says who).

    Works offline: each section shows its cached data with its "as of" time, or says the
    vendor does not know the person, or that it could not be reached. Exits 0 when shown;
    8 when CUSTOMER names nothing in the cache and no vendor knows them either; 5 when the
    cache missed and a vendor could not be asked, or when no vendor asked returned data and
    some could not be reached or refused (the cached profile is still printed; 3 instead if
    the only reason was missing credentials); 2 when several customers match and --pick
    is needed. A Qudini short link is read online first (5 offline, 8 expired or unknown,
    2 when it points outside Qudini, 7 when the link service's answer is unusable).
    """
    store = ctx.profile()
    if older is not None and refresh is False:
        raise UsageError("--older asks Booxi for more history, so it needs a refresh — drop "
                         "--no-refresh")
    cache = Cache.open(cache_path(ctx.paths.data_dir, store.store.id))
    for notice in cache.notices:
        click.echo(f"clientdesk: {notice}", err=True)
    secrets = RecordingSecrets(ctx.secrets())
    shown = asyncio.run(_show(store, secrets, cache, customer, refresh, older, pick))
    code = shown.exit_code()
    head = shown.profile.header
    if reveal and head is not None:
        conn = cache.connect(durable=True)
        try:
            edits.record_reveal(conn, head.customer_id, where="clientdesk show",
                                now=datetime.now(UTC), counter=counter_name(), mode="staff")
        finally:
            conn.close()
    if json_out:
        click.echo(json.dumps(as_json(shown, store, revealed=reveal), ensure_ascii=False))
    else:
        for line in render(shown, store, revealed=reveal):
            click.echo(line)
    if code != ExitCode.OK:
        names = ", ".join(VENDOR_NAMES[v] for v in shown.failed())
        click.echo(f"clientdesk: no vendor answered ({names}); the profile shown is the "
                   "cache's", err=True)
    return int(code)
