"""``clientdesk doctor [--json]`` — is every vendor of this store usable from this PC?"""

from __future__ import annotations

import asyncio
import json

import click

from app.cli.context import CliContext
from app.doctor import doctor_exit_code, run_doctor

pass_ctx = click.make_pass_decorator(CliContext)


def _mark(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[value]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def doctor(ctx: CliContext, as_json: bool) -> int:
    """Check credentials, reachability, authentication and latency of each vendor.

    Exits 0 only if every vendor passes; otherwise with the exit code of the first failing
    vendor (3 credential, 4 not authorised, 5 unreachable, 6 rate limited, 7 bad data, ...).
    """
    profile = ctx.profile()
    secrets = ctx.secrets()
    checks = asyncio.run(run_doctor(profile, secrets))
    code = doctor_exit_code(checks)
    if as_json:
        click.echo(json.dumps({"store": profile.store.id, "ok": code == 0,
                               "profile": str(ctx.profile_path),
                               "profile_source": ctx.profile_source,
                               "exit_code": int(code),
                               "vendors": [c.as_json() for c in checks]}))
        return int(code)
    click.echo(f"Store {profile.store.name} ({profile.store.id}) — profile {ctx.profile_path} "
               f"({ctx.profile_source})")
    click.echo(f"  {'vendor':<13} {'secret':<7} {'reach':<6} {'auth':<5} {'ms':>6}  result")
    for c in checks:
        latency = f"{c.latency_ms:.0f}" if c.latency_ms is not None else "-"
        secret = "n/a" if c.credentials is None and c.ok else _mark(c.credentials)
        status = "OK" if c.ok else "FAIL"
        click.echo(f"  {c.name:<13} {secret:<7} {_mark(c.reachable):<6} "
                   f"{_mark(c.authenticated):<5} {latency:>6}  {status}: {c.message}")
        click.echo(f"  {'':<13} network: {c.route}")
    failed = [c.name for c in checks if not c.ok]
    click.echo("All vendors OK." if not failed else f"Failed: {', '.join(failed)}.")
    return int(code)
