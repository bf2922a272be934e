"""``clientdesk search TEXT`` — the counter's search, from the cache only (works offline)."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from app.cache.db import Cache, cache_path
from app.cache.search import Searcher
from app.cli.context import CliContext
from app.cli.show_cmd import lit
from app.errors import ExitCode
from app.formatting import current_formats
from app.profile import VENDOR_NAMES

pass_ctx = click.make_pass_decorator(CliContext)


@click.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object: unified id, name, emails, phones, vendor ids, points, "
                   "blacklisted (contacts unmasked, for support and scripting).")
@pass_ctx
def search(ctx: CliContext, text: str, limit: int, as_json: bool) -> int:
    """Find customers by any part of a name, email or phone number (exit 8 if none)."""
    profile = ctx.profile()
    cache = Cache.open(cache_path(ctx.paths.data_dir, profile.store.id))
    for notice in cache.notices:
        click.echo(notice, err=True)
    conn = cache.connect(readonly=True)
    try:
        searcher = Searcher(conn)
        ids = searcher.search_ids(text, limit)
        if as_json:
            rows = searcher.customers([i for i, _ in ids])
            click.echo(json.dumps({"query": text, "count": len(rows),
                                   "customers": [asdict(r) for r in rows]},
                                  ensure_ascii=False))
        else:
            hits = searcher.hits(ids)
            if not hits and searcher.count() == 0:
                click.echo("The cache is empty — run `clientdesk sync` first.", err=True)
            for hit in hits:
                flag = "  ⚠ BLACKLISTED" if hit.blacklisted else ""
                points = f"  {current_formats().points(hit.points)}" \
                    if hit.points is not None else ""
                contacts = lit(", ".join(hit.emails + hit.phones))
                vendors = " · ".join(VENDOR_NAMES.get(v, v) for v in hit.vendors)
                click.echo(f"{hit.customer_id:>7}  {lit(hit.name) or '(no name)'}  [{vendors}]"
                           f"{points}{flag}\n         {contacts}")
    finally:
        conn.close()
    return int(ExitCode.OK if ids else ExitCode.NOT_FOUND)
