"""``clientdesk note``, ``label`` and ``complete`` — staff edits from the command line.

Both queue the edit in the cache's outbox (the same one the window uses: applied to the cache,
queued and audited in one transaction), then try to send it at once. Offline the edit stays
queued and the command exits 0 saying so: the next sync sends it. A refusal by the vendor, a
note changed upstream meanwhile, or an earlier refused edit of the same record holding this one
back exits 9 with what to do; no credential to send with exits 3 (the edit stays queued).

``complete`` fills in a walk-in placeholder record (name, email, phone, birthday) with the
rules of :mod:`app.cache.complete`, shared with the window's dialog.

Exit codes: 0 sent or queued (or nothing to change); 2 bad input (over-long note, empty
label, both --add and --remove, the store does not use the vendor, a customer with several
reservations records and none named, walk-in details that do not check out — every problem
is listed — or a record that is not a walk-in placeholder); 3 no credential; 8 CUSTOMER names
nothing in the cache (or has no reservations record); 9 refused, conflict, or held back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click

from app.cache import complete as walk_in
from app.cache import edits, outbox
from app.cli.context import CliContext
from app.cli.editing import (
    opened_cache,
    pass_ctx,
    record_label,
    refusals,
    require_vendor,
    reservations_target,
    send_now,
)
from app.cli.show_cmd import lit, lit_lines
from app.errors import ExitCode, UsageError
from app.manager import counter_name


@click.command()
@click.argument("customer")
@click.option("--set", "text", metavar="TEXT",
              help=f"Replace the customer's reservations note with TEXT (at most "
                   f"{outbox.NOTE_LIMIT:,} characters; \"\" empties it). Without --set, print "
                   "the note as the cache has it.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def note(ctx: CliContext, customer: str, text: str | None, as_json: bool) -> int:
    """Show or replace a customer's note on the reservations server.

    CUSTOMER is what `show` takes: id:123, reservations:ID, an email or a phone number. The
    note is queued in the outbox and sent at once; with reservations unreachable it stays
    queued, the command says so and exits 0, and the next sync sends it. If someone changed
    the note in reservations since the cache last saw it, nothing is overwritten: the edit
    is kept as a conflict (exit 9) for `clientdesk outbox`.
    """
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "customer notes live there")
    with opened_cache(ctx, store) as (cache, conn):
        target = reservations_target(conn, customer, store.store.country)
        with refusals():
            current = edits.current_note(conn, target.vendor_id)
        record = f"reservations:customer:{target.vendor_id}"
        waiting = [e.id for e in outbox.pending_for(conn, record) if e.kind == "note.set"]
        if text is None:
            if as_json:
                click.echo(json.dumps({
                    "customer_id": target.customer_id,
                    "reservations_id": target.vendor_id, "name": target.name,
                    "note": current, "waiting_edits": waiting}, ensure_ascii=False))
                return int(ExitCode.OK)
            click.echo(f"Note of {record_label(target)}, as the cache has it:")
            for line in lit_lines(current) if current else ["(no note)"]:
                click.echo(f"  {line}")
            if waiting:
                click.echo(f"Not yet sent to reservations: edit #{waiting[-1]} (see "
                           "`clientdesk outbox`).")
            return int(ExitCode.OK)
        with refusals():
            if outbox.clean_note(text) == current and not waiting:
                click.echo(f"The note of {record_label(target)} already reads that; nothing "
                           "to send.")
                return int(ExitCode.OK)
            edit_id = edits.set_note(conn, target.vendor_id, text, base=current,
                                     now=datetime.now(UTC), counter=counter_name(),
                                     mode="staff")
        if not as_json:
            click.echo(f"Note of {record_label(target)} saved as edit #{edit_id}.")
        return send_now(ctx, store, cache, conn, edit_id).show(as_json)


@click.command()
@click.argument("ticket")
@click.option("--add", "add", metavar="TEXT", help="Put the label TEXT on the ticket.")
@click.option("--remove", "remove", metavar="TEXT", help="Take the label TEXT off the ticket.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def label(ctx: CliContext, ticket: str, add: str | None, remove: str | None,
          as_json: bool) -> int:
    """Add or remove a label on a Qminder ticket (exactly one of --add / --remove).

    TICKET is the ticket id (digits, as `queue --json` prints it). Labels are at most
    50 characters; spaces are tidied. Sent at once; with Qminder unreachable the change stays
    queued, the command says so and exits 0, and the next sync sends it.
    """
    store = ctx.profile()
    if (add is None) == (remove is None):
        raise UsageError("give exactly one of --add TEXT or --remove TEXT")
    require_vendor(ctx, store, "qminder", "ticket labels live there")
    value = add if add is not None else remove
    assert value is not None
    with opened_cache(ctx, store) as (cache, conn):
        with refusals():
            edit_id = edits.label(conn, ticket, value, add=add is not None,
                                  now=datetime.now(UTC), counter=counter_name(), mode="staff")
        if not as_json:
            edit = outbox.get_edit(conn, edit_id)
            assert edit is not None
            click.echo(f"Edit #{edit_id} saved: {lit(edit.summary)}.")
        return send_now(ctx, store, cache, conn, edit_id).show(as_json)


@click.command("complete")
@click.argument("customer")
@click.option("--first-name", "first_name", required=True, metavar="TEXT",
              help=f"First name ({walk_in.NAME_MIN} to {walk_in.NAME_MAX} characters).")
@click.option("--last-name", "last_name", metavar="TEXT",
              help=f"Last name (at most {walk_in.NAME_MAX} characters).")
@click.option("--email", metavar="ADDRESS", help="Email address (stored trimmed, lower case).")
@click.option("--phone", metavar="NUMBER",
              help="Phone number, local (the store's country) or international; stored in "
                   "E.164 (+61412345678).")
@click.option("--birthday", metavar="YYYY-MM-DD",
              help="Birthday (not in the future, not before 1900).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def complete(ctx: CliContext, customer: str, first_name: str, last_name: str | None,
             email: str | None, phone: str | None, birthday: str | None,
             as_json: bool) -> int:
    """Complete a walk-in placeholder record on the reservations server.

    CUSTOMER is what `show` takes: id:123, reservations:ID, an email or a phone number; it
    must be a walk-in placeholder (a registered customer's details come from their own
    account). Options left out keep what the record has; reservations cannot remove a value
    it has, so an empty one is refused. Every problem is listed and nothing is queued while
    any remains (exit 2). The edit is queued in the outbox and sent at once; with reservations
    unreachable it stays queued (exit 0). If the record changed in reservations since the
    cache last saw it, nothing is overwritten: the edit is kept as a conflict (exit 9) for
    `clientdesk outbox resolve`.
    """
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "walk-in records live there")
    country = store.store.country
    today = datetime.now(ZoneInfo(store.store.timezone)).date()
    with opened_cache(ctx, store) as (cache, conn):
        target = reservations_target(conn, customer, country)
        if not target.is_dummy:
            raise UsageError(f"{record_label(target)} is a registered customer's record, not "
                             "a walk-in placeholder: their name, email and phone come from "
                             "their own reservations account and cannot be completed here. "
                             "Nothing was saved.")
        with refusals():
            on_file = walk_in.on_file(conn, target.vendor_id)
        try:
            details = walk_in.check_details(
                first_name, last_name=last_name, email=email, phone=phone, birthday=birthday,
                country=country, today=today, on_file=on_file)
        except walk_in.DetailsRefused as exc:
            lines = "\n".join(f"  - {walk_in.LABELS[f]}: {lit(m)}"
                              for f, m in exc.problems.items())
            raise UsageError(f"the walk-in details of {record_label(target)} were not saved:"
                             f"\n{lines}") from None
        try:
            done = walk_in.complete_walk_in(conn, target.vendor_id, details, country=country,
                                            now=datetime.now(UTC), counter=counter_name(),
                                            mode="staff", base=on_file)
        except walk_in.NothingToChange:
            if as_json:
                click.echo(json.dumps({"outbox_id": None, "sent": False, "message":
                                       "nothing to change", "exit_code": 0}))
            else:
                click.echo(f"{record_label(target)} already has these details; nothing to "
                           "send.")
            return int(ExitCode.OK)
        except outbox.EditRefused as exc:
            raise UsageError(exc.message) from None
        if not as_json:
            edit = outbox.get_edit(conn, done.edit_id)
            changed = ", ".join(walk_in.LABELS[f] for f in walk_in.FIELDS
                                if edit is not None and f in edit.payload["fields"])
            click.echo(f"Walk-in record {record_label(target)} completed ({changed}) and "
                       f"saved as edit #{done.edit_id}.")
        return send_now(ctx, store, cache, conn, done.edit_id).show(as_json)
