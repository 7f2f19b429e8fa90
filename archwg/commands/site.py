"""``archwg site [OUTDIR]``: build the group's static status site (default site/build/)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from archwg.commands.common import command_config, echo_notices, echo_warning, repo_option


@click.command("site")
@click.argument("outdir", required=False, type=click.Path(file_okay=False))
@repo_option
@click.pass_context
def site(ctx: click.Context, outdir: str | None, repo: str | None) -> None:
    """Build the status site: specs, review states, meetings, status.json and an Atom feed."""
    from archwg.site.render import build_site

    config = command_config(ctx, repo)
    target = Path(outdir) if outdir else config.root / "site" / "build"
    result = build_site(config, target, datetime.now(timezone.utc), warn=echo_warning)
    echo_notices(result.notices)
    click.echo(f"site written: {result.index}")
