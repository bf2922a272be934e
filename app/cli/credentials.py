"""``clientdesk credentials set|status|delete VENDOR`` — secrets into and out of the keyring.

A secret is read without echo at a terminal, or from stdin when stdin is not a terminal (so an
installer script can pipe it in). It is never printed, not even partly.
"""

from __future__ import annotations

import json
import sys

import click

from app.cli.context import CliContext
from app.errors import ExitCode, UsageError
from app.profile import VENDOR_NAMES, VENDORS
from app.secrets import SECRET_KINDS, needs_secret

pass_ctx = click.make_pass_decorator(CliContext)
VendorArg = click.Choice(VENDORS, case_sensitive=False)


def _configured(ctx: CliContext, vendor: str) -> object:
    profile = ctx.profile()
    table = getattr(profile, vendor)
    if table is None:
        raise UsageError(
            f"{ctx.profile_path}: this store does not use {VENDOR_NAMES[vendor]} (no [{vendor}] "
            f"table) — add the table first, or pick one of: {', '.join(profile.vendors())}")
    return table


def _read_secret(vendor: str) -> str:
    kind = SECRET_KINDS[vendor]
    if sys.stdin is not None and sys.stdin.isatty():
        value: str = click.prompt(kind, hide_input=True, default="", show_default=False)
    else:
        value = (sys.stdin.read() if sys.stdin is not None else "").rstrip("\r\n")
    if not value.strip():
        raise UsageError(f"empty {kind}: nothing was stored — type or pipe the secret")
    if value != value.strip() or "\n" in value:
        raise UsageError(f"the {kind} has spaces or line breaks around or inside it — "
                         "nothing was stored; check what was pasted")
    return value


@click.group()
def credentials() -> None:
    """Store, list and remove vendor secrets in the OS keyring."""


@credentials.command("set")
@click.argument("vendor", type=VendorArg)
@pass_ctx
def set_secret(ctx: CliContext, vendor: str) -> int:
    """Store VENDOR's secret (prompted without echo, or read from stdin)."""
    vendor = vendor.lower()
    table = _configured(ctx, vendor)
    secrets = ctx.secrets()
    secrets.backend  # noqa: B018 - fail before prompting when no keyring is usable
    if not needs_secret(table, vendor):
        raise UsageError(f"{VENDOR_NAMES[vendor]} needs no secret in this profile (no api_user "
                         f"in [{vendor}]) — add api_user first")
    secret = _read_secret(vendor)
    secrets.set(vendor, secret)
    click.echo(f"Stored the {SECRET_KINDS[vendor]} for store {secrets.store_id} in the OS "
               f"keyring. Check it with: clientdesk doctor")
    return int(ExitCode.OK)


@credentials.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def status(ctx: CliContext, as_json: bool) -> int:
    """Which vendors have a secret stored (never shows a secret). Exit 3 if one is missing."""
    profile = ctx.profile()
    secrets = ctx.secrets()
    rows: list[dict[str, str | bool | None]] = []
    for vendor in profile.vendors():
        needed = needs_secret(getattr(profile, vendor), vendor)
        stored = secrets.get(vendor) is not None if needed else None
        rows.append({"vendor": vendor, "needed": needed, "stored": stored})
    missing = [r["vendor"] for r in rows if r["needed"] and not r["stored"]]
    if as_json:
        click.echo(json.dumps({"store": secrets.store_id, "keyring": secrets.describe(),
                               "vendors": rows}))
    else:
        click.echo(f"Store {secrets.store_id} — keyring {secrets.describe()}")
        for row in rows:
            state = ("not needed" if row["needed"] is False
                     else "stored" if row["stored"] else "MISSING")
            click.echo(f"  {VENDOR_NAMES[str(row['vendor'])]:<13} {state}")
        for name in missing:
            click.echo(f"Set it with: clientdesk credentials set {name}")
    return int(ExitCode.CREDENTIALS if missing else ExitCode.OK)


@credentials.command("delete")
@click.argument("vendor", type=VendorArg)
@pass_ctx
def delete(ctx: CliContext, vendor: str) -> int:
    """Remove VENDOR's secret from the keyring."""
    vendor = vendor.lower()
    secrets = ctx.secrets()
    if secrets.delete(vendor):
        click.echo(f"Deleted the {SECRET_KINDS[vendor]} of store {secrets.store_id}.")
    else:
        click.echo(f"No {SECRET_KINDS[vendor]} was stored for store {secrets.store_id}.")
    return int(ExitCode.OK)
