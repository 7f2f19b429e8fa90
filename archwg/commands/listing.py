"""``archwg list``: every spec with its kind, status and champion."""

from __future__ import annotations

from pathlib import Path

import click

from archwg.commands.common import echo_json, echo_warning, format_option, print_table, repo_option, repository
from archwg.errors import UsageError
from archwg.specs.model import KINDS, STATUSES, Spec

ALL_STATUSES = tuple(dict.fromkeys(status for kind in KINDS for status in STATUSES[kind]))
TABLE_COLUMNS = ("slug", "kind", "status", "champion", "created", "title")


def select_specs(specs: list[Spec], kind: str | None, status: str | None) -> list[Spec]:
    if kind and status and status not in STATUSES[kind]:
        raise UsageError(f"a {kind} is never {status} (statuses: {', '.join(STATUSES[kind])})")
    return [
        spec
        for spec in specs
        if (kind is None or spec.kind == kind) and (status is None or spec.status == status)
    ]


def table_row(spec: Spec, root: Path) -> tuple[str, ...]:
    data = spec.as_dict(root)
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
    from archwg.specs.store import load_specs

    root = repository(ctx, repo)
    specs = select_specs(load_specs(root, warn=echo_warning), kind, status)
    if output_format == "json":
        echo_json([spec.as_dict(root) for spec in specs])
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
    for spec in specs:
        table.add_row(*table_row(spec, root))
    print_table(table)
