"""``archwg status``: every spec with its changes' review states, from the snapshot."""

from __future__ import annotations

import click

from archwg.commands.common import (command_config, echo_json, echo_notices, echo_warning, format_option, plain_table,
                                    print_table, repo_option, utc_now)


@click.command("status")
@click.option("--stale-days", type=click.IntRange(min=1), default=14, show_default=True,
              help="Open changes without activity for this many days are stale.")
@format_option("table", "json")
@repo_option
@click.pass_context
def status(ctx: click.Context, stale_days: int, output_format: str, repo: str | None) -> None:
    """Every spec with its kind, status, champion and changes; pending moves; stale changes; tracked queries."""
    config = command_config(ctx, repo)
    now = utc_now()
    if output_format == "json":
        # The site's status.json: the review part of the table plus History, action items and meetings.
        from archwg.site.gather import status_document

        document, notices = status_document(config, now, stale_days)
        echo_notices(notices)
        echo_json(document)
        return
    from archwg.gerrit.session import status_report

    report, data = status_report(config, now, stale_days, warn=echo_warning)
    echo_notices(data.notices)
    render(report)


def render(report) -> None:
    table = plain_table()
    for column in ("slug", "kind", "status", "champion", "changes"):
        table.add_column(column, no_wrap=column != "changes", overflow="fold")
    for spec in report.specs:
        if spec.changes:
            changes = "; ".join(f"{c.number} {c.summary}" + (" (stale)" if c.stale else "") for c in spec.changes)
        elif report.snapshot is None and spec.reviews:
            changes = ", ".join(map(str, spec.reviews)) + " (no review data)"
        else:
            changes = "-"
        table.add_row(spec.slug, spec.kind or "-", spec.status or "-", ", ".join(spec.champions) or "-", changes)
    if report.specs:
        print_table(table)
    else:
        click.echo("no specs yet")
    if report.pending:
        click.echo("\nPending status moves:")
        for move in report.pending:
            click.echo(f"  {move.describe()}")
    if report.stale:
        click.echo(f"\nStale (no activity for {report.stale_days} days):")
        for change in report.stale:
            click.echo(f"  {change.number} {change.summary}: {change.change.subject}")
    for query in report.queries:
        click.echo(f"\n{query.title} ({query.query}):")
        if not query.changes:
            click.echo("  no changes")
        for change in query.changes:
            click.echo(f"  {change.number} {change.summary}: {change.change.subject}")
    if report.snapshot:
        click.echo(f"\nreview data from {report.snapshot.server}, synced {report.snapshot.fetched:%Y-%m-%d %H:%M} UTC")
