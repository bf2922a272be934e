"""``clientdesk forget CUSTOMER`` — a manager erases one person from this PC (erasure request).

What is erased and what is kept (pseudonymised) is :mod:`app.cache.forget`'s rule. The command
says who it means before anything happens, needs the manager PIN, and then either ``--yes`` or
a "y" typed at the terminal; it prints only counts and the pseudonym it left in the audit log.

Exit codes: 0 erased; 2 not confirmed, or edits about them still waiting (nothing erased);
3 no keyring; 4 wrong or missing PIN; 8 CUSTOMER names nobody in the cache.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click

from app.cache.forget import forget_customer
from app.cache.writer import CacheWriter
from app.cli.context import CliContext
from app.cli.editing import customer_ref, manager_unlock, opened_cache, pass_ctx, stdin_is_terminal
from app.cli.show_cmd import lit
from app.errors import ExitCode, UsageError
from app.manager import counter_name


@click.command()
@click.argument("customer")
@click.option("--yes", is_flag=True, help="Erase without asking (scripts).")
@click.option("--json", "as_json", is_flag=True, help="What was erased, as one JSON object.")
@pass_ctx
def forget(ctx: CliContext, customer: str, yes: bool, as_json: bool) -> int:
    """Manager: erase one customer from this PC's cache, for an erasure request.

    CUSTOMER is what `show` takes: id:123, reservations:ID, an email or a phone number. Their
    records, cached profile, attached Qudini bookings and manual links are deleted; in the
    audit log their name, emails and phones are replaced by a pseudonym (the lines stay, so
    the log still shows what happened when). Only this PC is affected: a vendor that still
    holds them sends them again at the next sync, so erase them at each vendor too.
    """
    store = ctx.profile()
    with opened_cache(ctx, store) as (cache, conn):
        ref = customer_ref(conn, customer, store.store.country)
        row = conn.execute("SELECT name, vendors FROM customers WHERE id = ?",
                           (ref.customer_id,)).fetchone()
        name, vendors = lit(row[0]) or "(no name)", json.loads(row[1])
        who = f"{name} (id:{ref.customer_id}, {len(vendors)} vendor record" \
              f"{'' if len(vendors) == 1 else 's'})"
        if not yes and not stdin_is_terminal():
            raise UsageError(f"This would erase {who} from this PC: add --yes to do it "
                             "(nothing was erased).")
        lock = manager_unlock(ctx, "erase a customer")
        if not yes and not click.confirm(f"Erase {who} from this PC for good?", err=True):
            raise UsageError("Not confirmed: nothing was erased.")
        writer = CacheWriter(cache)
        try:
            done = forget_customer(writer, ref.customer_id, now=datetime.now(UTC),
                                   counter=counter_name(), mode=lock.mode)
        finally:
            writer.close()
    if as_json:
        click.echo(json.dumps(done.as_json()))
        return int(ExitCode.OK)
    click.echo(f"Erased {who} from this PC: {done.records} records "
               f"({', '.join(done.vendors) or 'none'}), {done.manual_links} manual links. "
               f"{done.audit_lines} audit lines and {done.finished_edits} past edits keep their "
               f"place with pseudonyms for the name and contacts; the erasure itself is logged "
               f"as {done.customer_token}.")
    click.echo("Only this PC is affected: a vendor that still holds them sends them again at "
               "the next sync — make the erasure at each vendor too.")
    return int(ExitCode.OK)
