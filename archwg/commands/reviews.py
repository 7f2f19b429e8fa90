"""``archwg reviews``: changes and their review states."""

from __future__ import annotations

import click

from archwg.commands.common import (command_config, echo_json, format_option, plain_table, print_table, repo_option,
                                    utc_now)


@click.command("reviews")
@click.argument("slug", required=False)
@click.option("--query", "query", default=None, metavar="Q", help="Ask the server this Gerrit query.")
@click.option("--change", "numbers", type=int, multiple=True, metavar="N", help="Ask the server for change N (repeatable).")
@click.option("--from", "body_from", default=None, metavar="FILE",
              help="Read a saved Gerrit REST answer (as curl saves it; '-' for stdin). Works anywhere.")
@format_option("table", "json")
@repo_option
@click.pass_context
def reviews(ctx: click.Context, slug: str | None, query: str | None, numbers: tuple[int, ...],
            body_from: str | None, output_format: str, repo: str | None) -> None:
    """The changes of SLUG (default: every change in the snapshot) and their review states.

    --query and --change ask the server and fall back to the snapshot when it
    cannot be reached.
    """
    from archwg.gerrit.session import reviews as answer_reviews

    now = utc_now()
    config = command_config(ctx, repo, required=False)
    answer = answer_reviews(config, now, slug=slug, query=query, numbers=numbers, body_from=body_from)
    for notice in answer.notices:
        click.echo(f"archwg: {notice}", err=True)
    if output_format == "json":
        from archwg.gerrit.json import change_json

        echo_json([change_json(change, answer.roles) for change in answer.changes])
        return
    if not answer.changes:
        click.echo("no changes")
        return
    from archwg.gerrit.model import state_summary

    table = plain_table()
    for column in ("number", "state", "owner", "subject", "url"):
        table.add_column(column, no_wrap=column != "subject", overflow="fold")
    for change in answer.changes:
        table.add_row(str(change.number), state_summary(change, now, answer.roles), change.owner,
                      change.subject, change.url or "-")
    print_table(table)
