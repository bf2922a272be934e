"""``clientdesk sandbox`` — the five fake vendors on loopback, treated like a real store.

It writes a matching store profile and puts fresh throwaway credentials into the OS keyring
under that profile's store id, so ``doctor``, ``credentials`` and every other command work on it
exactly as on a real store. ``--demo`` keeps the credentials in memory instead (no keyring).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path

import click

from app.cli.context import CliContext
from app.errors import ExitCode, UsageError
from app.profile import VENDORS
from app.sandbox.faults import FaultSpecError, parse_fault_specs
from app.sandbox.qminder import DEMO_HISTORY_PER_DAY, QminderServer
from app.sandbox.runner import Sandbox
from app.secrets import KeyringSecrets

pass_ctx = click.make_pass_decorator(CliContext)


@click.command()
@click.option("--customers", type=click.IntRange(1, 5_000_000), default=1000, show_default=True,
              help="How many customers the fake vendors share.")
@click.option("--seed", type=int, default=1, show_default=True, help="Data seed.")
@click.option("--faults", "fault_specs", multiple=True, metavar="[VENDOR:]NAME=VALUE,...",
              help="Faults on demand, e.g. latency=300 or booxi:429=0.2,retry_after=2 "
                   "(names: latency, error, 429, retry_after, drop, malformed, truncated, "
                   "wrong_types, trickle, trickle_interval, gzip_bomb, deep_json, deep_error, "
                   "html_error, hang, reset).")
@click.option("--write-profile", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the matching store profile "
                   "(default: <data dir>/sandbox/store-profile.toml).")
@click.option("--store-id", default="sandbox", show_default=True,
              help="Store id of the written profile (names the keyring entry).")
@click.option("--demo", is_flag=True, help="Keep credentials in memory; touch no keyring.")
@pass_ctx
def sandbox(ctx: CliContext, customers: int, seed: int, fault_specs: tuple[str, ...],
            write_profile: Path | None, store_id: str, demo: bool) -> int:
    """Run fake Qminder, Qudini, Booxi, reservations and LOKE servers until stopped."""
    try:
        faults = parse_fault_specs(fault_specs, VENDORS)
    except FaultSpecError as exc:
        raise UsageError(str(exc)) from None
    box = Sandbox(customers, seed, faults=faults, store_id=store_id)
    qminder = box.servers["qminder"]
    if isinstance(qminder, QminderServer):  # past visits, for the Qminder visits pull
        qminder.history_per_day = DEMO_HISTORY_PER_DAY
    keyring_secrets = None if demo else KeyringSecrets(store_id)
    if keyring_secrets is not None:
        keyring_secrets.backend  # noqa: B018 - say "no keyring" before starting anything
    target = write_profile or ctx.paths.ensure(ctx.paths.data_dir / "sandbox") / \
        "store-profile.toml"
    asyncio.run(_serve(box, target, keyring_secrets))
    return int(ExitCode.OK)


def _write_profile(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write the profile ({exc.strerror}) — "
                         "choose another --write-profile path") from None


async def _serve(box: Sandbox, target: Path, secrets: KeyringSecrets | None) -> None:
    await box.start()
    try:
        await asyncio.to_thread(_write_profile, target, box.profile_toml())
        if secrets is not None:
            for vendor, secret in box.secrets.items():
                await asyncio.to_thread(secrets.set, vendor, secret)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still raises
                loop.add_signal_handler(sig, stop.set)
        # Only now say ready: a stop signal sent right after it must find the handler.
        ports = " ".join(f"{v}={box.ports[v]}" for v in VENDORS)
        where = "keyring" if secrets is not None else "memory"
        click.echo(f"ready: {len(box.ports)} vendors on 127.0.0.1 ({ports}); "
                   f"{box.population.size} customers; profile {target}; "
                   f"credentials in {where}", nl=True)
        await stop.wait()
    finally:
        await box.stop()
        if secrets is not None:
            for vendor in box.secrets:
                await asyncio.to_thread(secrets.delete, vendor)
