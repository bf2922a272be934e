"""Completing a walk-in record: the checks, the cache change and the outbox edit, in one place.

The reservations server keeps a *dummy* customer for every walk-in booked without details
(``is_dummy``: not linked to a registered user account). Staff can complete one — name, email,
phone, birthday — from its profile or with ``clientdesk complete``. Why it is built like this:

* **One rule for the window and the command line.** :func:`check_details` refuses bad input
  with one message per field (:class:`DetailsRefused`), so the dialog can show each under its
  box and the CLI prints them all; nothing is queued while anything is wrong. The limits are
  the walk-in dialog's (first name 2–50 characters, last name at most 50); the email is
  trimmed and case-folded and the phone stored in E.164 with the store's country — the forms
  identity links by (DESIGN.md, "Identity"), so a completed walk-in meets the same person's
  other records at once.
* **Only placeholders.** A registered customer's name, email and phone come from their own
  account on reservations (vendor doc §5.1): a PUT would change a row nobody reads. Refused,
  with that reason, both here (from the cache) and when sending (from the server's answer).
* **What the server can do.** ``PUT /customers/{id}`` is a partial update that cannot clear a
  field, and a birthday can never be cleared once set (vendor doc §5.2). So only changed
  fields are sent; blanking a value on file is refused with that reason instead of silently
  doing nothing. The server does not change ``is_dummy`` on an update (it says whether a user
  account is linked, and a PUT links none — vendor doc §5.1; the sandbox does the same): the
  record stays a walk-in placeholder, now with details, and can be corrected again.
* **Optimistic, like notes.** The cache shows the typed values at once: the record goes
  through the cache writer's own record path, so the name, the search index and identity
  links change together, in the same transaction as the outbox row and its audit line.
* **Conflicts, like notes.** The edit's *base* is the snapshot of the five fields the person
  started from. On replay, the server's current snapshot must still match it (or already be
  ours); otherwise it is a conflict kept for a person, never an overwrite.
* **Privacy.** The audit line names the customer and which fields changed, with the email and
  phone masked and no birthday (the audit log must not become a copy of contacts — see
  :func:`app.cache.edits.record_reveal`). A conflict keeps the server's version masked, as
  text (lists and the Edits tab show it as is); only its fingerprint is kept to compare with.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.cache.db import write_transaction
from app.cache.outbox import EditRefused, get_edit, may_handle, record_edit
from app.cache.outbox import audit as _audit
from app.cache.writer import CacheWriter
from app.domain.contacts import mask_email, normalise_email, normalise_phone, safe_mask_phone
from app.domain.records import from_reservations
from app.jsontext import dumps
from app.vendors.reservations.models import CustomerRow

KIND = "walkin.complete"
#: The five fields a completion may change, as the reservations API names them.
FIELDS = ("first_name", "last_name", "email", "phone_number", "birthday")
#: The walk-in dialog's limits (app/queue/walk_in.py): one feel for every name box.
NAME_MIN, NAME_MAX = 2, 50
#: RFC 5321 limits: longer is a paste of the wrong thing, and servers refuse it anyway.
EMAIL_MAX, EMAIL_LOCAL_MAX = 254, 64
EARLIEST_BIRTHDAY = date(1900, 1, 1)
#: What staff call each field in messages.
LABELS = {"first_name": "first name", "last_name": "last name", "email": "email",
          "phone_number": "phone", "birthday": "birthday"}

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")
_DOMAIN_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DetailsRefused(EditRefused):
    """Input that must not be queued; ``problems`` maps each field to its own message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()) + " Nothing was saved.")


class NothingToChange(EditRefused):
    """The typed details are what the record already holds: nothing to send."""


@dataclass(frozen=True)
class WalkInDetails:
    """Checked details. ``None``: not given (left as the record has it)."""

    first_name: str
    last_name: str | None = None
    email: str | None = None  # trimmed, case-folded
    phone_number: str | None = None  # E.164
    birthday: date | None = None

    def wire(self) -> dict[str, str]:
        """The given fields as the cache and the outbox keep them (birthday ``YYYY-MM-DD``)."""
        values = {"first_name": self.first_name, "last_name": self.last_name,
                  "email": self.email, "phone_number": self.phone_number,
                  "birthday": self.birthday.isoformat() if self.birthday else None}
        return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Completed:
    """A queued completion: its outbox id and the customer the record belongs to now (a new
    email or phone may link it with the same person's other records)."""

    edit_id: int
    customer_id: int | None


# -- parsing (pure: the dialog checks as staff type) ------------------------------------------
#: Joiners are format characters that names in Persian or Indic scripts need.
_JOINERS = frozenset("\u200c\u200d")


def _has_control(text: str) -> bool:
    """Control or invisible format characters (a bidi override, a NUL): never in a name."""
    return any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in _JOINERS
               for ch in text)


def clean_name(raw: str | None, *, field: str, required: bool) -> str | None:
    """The name tidied (runs of spaces become one), ``None`` when blank and not required;
    :class:`ValueError` with staff wording otherwise."""
    label = LABELS[field]
    name = " ".join((raw or "").split())
    if not name:
        if required:
            raise ValueError(f"The {label} is needed ({NAME_MIN} to {NAME_MAX} characters).")
        return None
    if _has_control(name):
        raise ValueError(f"The {label} has invisible control characters; type it again.")
    least = NAME_MIN if required else 1
    if not least <= len(name) <= NAME_MAX:
        raise ValueError(f"The {label} must be {least} to {NAME_MAX} characters "
                         f"(it has {len(name)}).")
    return name


def clean_email(raw: str | None) -> str | None:
    """The address trimmed and case-folded (how identity links it); ``None`` when blank.

    Stricter than the linking rule (:func:`app.domain.contacts.normalise_email`): what is typed
    here is *sent*, so it must be an address a mail server would take. The message never
    repeats the address (it is a contact, and the screen may be read over a shoulder)."""
    text = (raw or "").strip()
    if not text:
        return None
    problem = "The email address is not complete (name@domain.tld)."
    if len(text) > EMAIL_MAX:
        raise ValueError(f"The email address is longer than {EMAIL_MAX} characters.")
    if any(ch.isspace() for ch in text) or _has_control(text):
        raise ValueError("The email address has spaces in it.")
    if text.count("@") != 1:
        raise ValueError(problem if "@" not in text else
                         "The email address has more than one @.")
    email = normalise_email(text)
    if email is None:
        raise ValueError(problem)
    local, _, domain = email.partition("@")
    if len(local) > EMAIL_LOCAL_MAX or not _LOCAL.fullmatch(local) or \
            local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValueError("The part of the email address before the @ has characters an "
                         "address cannot have.")
    labels = domain.split(".")
    if not all(_DOMAIN_LABEL.fullmatch(part) for part in labels) or \
            len(labels[-1]) < 2 or labels[-1].isdigit():
        raise ValueError("The part of the email address after the @ is not a domain "
                         "(like example.com).")
    return email


def clean_phone(raw: str | None, country: str) -> str | None:
    """E.164 with ``country`` as the default region; ``None`` when blank. Refused when it has
    letters (a name typed in the wrong box) or is not a valid number; the message never
    repeats the number."""
    text = (raw or "").strip()
    if not text:
        return None
    if any(ch.isalpha() for ch in text):
        raise ValueError("The phone number has letters in it; type only digits, spaces and +.")
    if _has_control(text):
        raise ValueError("The phone number has invisible control characters; type it again.")
    e164 = normalise_phone(text, country)
    if e164 is None:
        raise ValueError(f"That is not a phone number (in {country} or international form).")
    return e164


def parse_birthday(raw: str | date | None, today: date) -> date | None:
    """A birthday typed as ``YYYY-MM-DD`` (or a date); ``None`` when blank. Not in the future
    (the store's ``today``), not before 1900."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, date):
        day = raw
    else:
        text = raw.strip()
        if not _DATE.fullmatch(text):
            raise ValueError("The birthday must be a date written YYYY-MM-DD "
                             "(e.g. 1990-05-17).")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError("The birthday is not a real date (check the month and day)."
                             ) from None
    if day > today:
        raise ValueError("The birthday is in the future.")
    if day < EARLIEST_BIRTHDAY:
        raise ValueError(f"The birthday is before {EARLIEST_BIRTHDAY.year}; check the year.")
    return day


def check_details(first_name: str | None, *, last_name: str | None = None,
                  email: str | None = None, phone: str | None = None,
                  birthday: str | date | None = None, country: str, today: date,
                  on_file: Mapping[str, str] | None = None) -> WalkInDetails:
    """The details as they will be saved, or :class:`DetailsRefused` listing every problem.

    ``None`` means not given; a blank value means "no value". ``on_file`` (a
    :func:`snapshot`) refuses blanking a field the record already has: the server cannot
    clear it (vendor doc §5.2), and silently keeping it would not be what was asked."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    checks: list[tuple[str, Any]] = [
        ("first_name", lambda: clean_name(first_name, field="first_name", required=True)),
        ("last_name", lambda: clean_name(last_name, field="last_name", required=False)),
        ("email", lambda: clean_email(email)),
        ("phone_number", lambda: clean_phone(phone, country)),
        ("birthday", lambda: parse_birthday(birthday, today)),
    ]
    given = {"first_name": first_name, "last_name": last_name, "email": email,
             "phone_number": phone, "birthday": birthday}
    for field, check in checks:
        try:
            values[field] = check()
        except ValueError as exc:
            problems[field] = str(exc)
            continue
        typed = given[field]
        if values[field] is None and typed is not None and on_file and on_file.get(field):
            problems[field] = (f"Reservations keeps the {LABELS[field]} on file and cannot "
                               f"remove it; type a new one or leave it as it was.")
    if problems:
        raise DetailsRefused(problems)
    return WalkInDetails(**values)


# -- snapshots ----------------------------------------------------------------------------------
def snapshot(data: Mapping[str, Any]) -> dict[str, str]:
    """The five fields of a record (the cache's data or the server's answer), as text (blank
    for none; birthday ``YYYY-MM-DD``): what a conflict is judged on."""
    out: dict[str, str] = {}
    for field in FIELDS:
        value = data.get(field)
        if isinstance(value, date):
            value = value.isoformat()
        text = "" if value is None else str(value)
        out[field] = text[:10] if field == "birthday" else text
    return out


def fingerprint(snap: Mapping[str, str]) -> str:
    """A digest of a snapshot: compared with, never shown (it cannot be read back)."""
    text = dumps({f: snap.get(f, "") for f in FIELDS}, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def base_fingerprint(base: Any) -> str | None:
    """The fingerprint an edit's ``base`` stands for (a snapshot, or ``{"digest": …}`` after
    "keep mine"); None when the edit has no base (then it is never a conflict)."""
    if not isinstance(base, dict):
        return None
    if "digest" in base:
        return str(base["digest"])
    return fingerprint(snapshot(base))


def masked_text(snap: Mapping[str, str]) -> str:
    """A snapshot as staff may see it anywhere (lists, logs of the outbox, the Edits tab):
    names in full, email and phone masked, the birthday only as "on file"."""
    def shown(field: str) -> str:
        value = snap.get(field, "")
        if not value:
            return "—"
        if field == "email":
            return mask_email(value)
        if field == "phone_number":
            return safe_mask_phone(value)
        if field == "birthday":
            return "on file"
        return value
    return " · ".join(f"{LABELS[f]}: {shown(f)}" for f in FIELDS)


def changes(details: WalkInDetails, on_file: Mapping[str, str]) -> dict[str, str]:
    """The given fields that differ from what the record holds: what is sent."""
    return {k: v for k, v in details.wire().items() if on_file.get(k, "") != v}


def is_applied(fields: Mapping[str, str], upstream: Mapping[str, str]) -> bool:
    """Whether the server already holds every field we send (sent before a crash)."""
    return all(upstream.get(k, "") == v for k, v in fields.items())


def audit_detail(reservations_id: str, name: str, fields: Mapping[str, str]) -> dict[str, Any]:
    """What the audit line says of a completion: who, which fields, contacts masked."""
    detail: dict[str, Any] = {"customer_id": reservations_id, "name": name,
                              "changed": [f for f in FIELDS if f in fields]}
    if "email" in fields:
        detail["email"] = mask_email(fields["email"])
    if "phone_number" in fields:
        detail["phone"] = safe_mask_phone(fields["phone_number"])
    return detail


# -- the cache ----------------------------------------------------------------------------------
def _record(conn: sqlite3.Connection, reservations_id: str) -> tuple[dict[str, Any], str]:
    row = conn.execute("SELECT data, name FROM records WHERE vendor = 'reservations' AND "
                       "vendor_id = ?", (reservations_id,)).fetchone()
    if row is None:
        raise EditRefused(f"No reservations customer {reservations_id!r} in the cache "
                          "(sync, then try again).")
    data: dict[str, Any] = json.loads(row[0]) if row[0] else {}
    return data, str(row[1] or "")


def on_file(conn: sqlite3.Connection, reservations_id: str) -> dict[str, str]:
    """The five fields as the cache has them (the last sync, or the last edit)."""
    return snapshot(_record(conn, reservations_id)[0])


def is_dummy(conn: sqlite3.Connection, reservations_id: str) -> bool:
    return bool(_record(conn, reservations_id)[0].get("is_dummy"))


def apply(conn: sqlite3.Connection, reservations_id: str, values: Mapping[str, str | None],
          country: str) -> int | None:
    """Show ``values`` in the cache (inside the caller's transaction); returns the customer
    the record belongs to afterwards (None: not cached, nothing done)."""
    row = conn.execute("SELECT data, pass_id FROM records WHERE vendor = 'reservations' AND "
                       "vendor_id = ?", (reservations_id,)).fetchone()
    if row is None:
        return None
    data = json.loads(row[0]) if row[0] else {}
    data.update({k: (v or None) for k, v in values.items() if k in FIELDS})
    record = from_reservations(CustomerRow.model_validate(data), country)
    # The pass id stays: a sync pass under way that already saw this record must not count it
    # as gone upstream at its end.
    # the writer's record path inside the caller's transaction: the name, search index and
    # identity links of a completed record change with the outbox row, or not at all
    CacheWriter.over(conn)._upsert("reservations", [record], row[1])
    found = conn.execute("SELECT customer_id FROM records WHERE vendor = 'reservations' AND "
                         "vendor_id = ?", (reservations_id,)).fetchone()
    return int(found[0]) if found else None


def complete_walk_in(conn: sqlite3.Connection, reservations_id: str, details: WalkInDetails,
                     *, country: str, now: datetime, counter: str, mode: str,
                     base: Mapping[str, str] | None = None) -> Completed:
    """Apply ``details`` to the cache and queue them for reservations, in one transaction.

    ``base`` is the snapshot the person started from (the dialog's); None: the cache's now.
    Refuses a real customer's record, a blank over a value on file, and no change at all."""
    data, _old_name = _record(conn, reservations_id)
    if not data.get("is_dummy"):
        raise EditRefused("This is a registered customer's record, not a walk-in placeholder: "
                          "their name, email and phone come from their own reservations "
                          "account and cannot be completed here. Nothing was saved.")
    current = snapshot(data)
    fields = changes(details, current)
    if not fields:
        raise NothingToChange("These are the details reservations already has; nothing to "
                              "send.")
    start = dict(base) if base is not None else current
    name = " ".join(p for p in ((fields.get("first_name") or current["first_name"]),
                                (fields.get("last_name") or current["last_name"])) if p)
    with write_transaction(conn):
        customer_id = apply(conn, reservations_id, fields, country)
        edit_id = record_edit(
            conn, kind=KIND, record=f"reservations:customer:{reservations_id}",
            payload={"customer_id": reservations_id, "name": name, "fields": fields,
                     "country": country},
            base={f: start.get(f, "") for f in FIELDS}, now=now, counter=counter, mode=mode,
            audit_detail=audit_detail(reservations_id, name, fields))
    return Completed(edit_id, customer_id)


def resolve_conflict(conn: sqlite3.Connection, edit_id: int, *, keep_ours: bool,
                     now: datetime, counter: str, mode: str) -> int | None:
    """A person chose after a completion conflict (the record changed on reservations since
    the edit began). Keep ours: the same row goes back to pending with the server's version
    as its base (its fingerprint, kept when the conflict was found), in its place in the
    order. Take theirs: ours is discarded and the cache shows the values from before our edit
    until the next sync brings theirs. One transaction either way; audited without contacts."""
    edit = get_edit(conn, edit_id)
    if edit is None or edit.kind != KIND or edit.state != "failed" or edit.upstream is None:
        raise EditRefused("This walk-in edit is no longer waiting for a choice (it was sent, "
                          "discarded or chosen at another moment).")
    may_handle(edit, mode, "settle")
    reservations_id = str(edit.payload["customer_id"])
    country = str(edit.payload.get("country") or "")
    theirs = edit.payload.get("upstream_digest")
    _record(conn, reservations_id)
    with write_transaction(conn):
        _audit(conn, now=now, counter=counter, mode=mode, action="walkin.conflict",
               subject=edit.record, detail={"outbox_id": edit_id,
                                            "kept": "ours" if keep_ours else "theirs"})
        if not keep_ours or not theirs:
            conn.execute("UPDATE outbox SET state = 'discarded', finished_at = ? "
                         "WHERE id = ? AND state = 'failed'", (now.isoformat(), edit_id))
            if isinstance(edit.base, dict) and "digest" not in edit.base:
                apply(conn, reservations_id, edit.base, country)
            return None
        conn.execute("UPDATE outbox SET state = 'pending', base = ?, upstream = NULL, "
                     "next_attempt_at = NULL, last_error = '' WHERE id = ? AND state = 'failed'",
                     (dumps({"digest": theirs}), edit_id))
        apply(conn, reservations_id, edit.payload.get("fields") or {}, country)
        return edit_id


def mark_conflict(conn: sqlite3.Connection, edit_id: int, upstream: Mapping[str, str]) -> None:
    """The replayer found the record changed upstream: the edit fails as a conflict, showing
    the server's version masked and keeping its fingerprint for "keep mine"."""
    with write_transaction(conn):
        conn.execute("UPDATE outbox SET state = 'failed', attempts = attempts + 1, "
                     "last_error = ?, upstream = ?, payload = json_set(payload, "
                     "'$.upstream_digest', ?) WHERE id = ? AND state = 'pending'",
                     ("changed upstream since the edit began: choose a version",
                      dumps(masked_text(upstream)), fingerprint(upstream), edit_id))
