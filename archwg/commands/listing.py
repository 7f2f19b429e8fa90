"""``archwg list``: every spec with its kind, status and champion (``archwg.specs.store.select_specs``)."""

from __future__ import annotations

import click

from archwg.commands.common import command_config, echo_json, echo_warning, format_option, print_table, repo_option
from archwg.specs.model import KINDS, STATUSES

ALL_STATUSES = tuple(dict.fromkeys(status for kind in KINDS for status in STATUSES[kind]))
TABLE_COLUMNS = ("slug", "kind", "status", "champion", "created", "title")


def table_row(data: dict) -> tuple[str, ...]:
    return (
        data["slug"],
        data["kind"] or "-",
        data["status"] or "-",
        ", ".join(data["champion"]) or "-",
        data["created"] or "-",
        data["title"] or "-",
    )


@click.command("list")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only specs of this kind.")
@click.option("--status", type=click.Choice(ALL_STATUSES), default=None, help="Only specs with this status.")
@format_option("table", "json")
@repo_option
@click.pass_context
def list_specs(ctx: click.Context, kind: str | None, status: str | None, output_format: str,
               repo: str | None) -> None:
    """List the specs: proposals in specs/, then workstreams in workstreams/."""
    from archwg.serialize import spec_json
    from archwg.specs.store import select_specs

    config = command_config(ctx, repo)
    specs = [spec_json(spec, config.root) for spec in select_specs(config.root, kind, status, warn=echo_warning)]
    if output_format == "json":
        echo_json(specs)
        return
    if not specs:
        click.echo("no specs" + (" match" if kind or status else " yet"))
        return

    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in TABLE_COLUMNS:
        # Titles and champion lists wrap in a narrow terminal; the short columns never do.
        wraps = column in ("champion", "title")
        table.add_column(column, no_wrap=not wraps, overflow="fold", min_width=12 if wraps else None)
    for data in specs:
        table.add_row(*table_row(data))
    print_table(table)
