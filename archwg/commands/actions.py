"""``archwg actions``: every open action item of a series, by person, linked to the specs it names."""

from __future__ import annotations

import click

from archwg.commands.common import (
    command_config,
    echo_json,
    echo_notices,
    echo_warnings,
    format_option,
    print_table,
    utc_now,
)
from archwg.commands.meeting_options import meeting_log_options, reading
from archwg.meetings.model import ActionItem
from archwg.meetings.owners import UNASSIGNED, by_person


def _row(item: ActionItem, specs: dict[str, str], reviews) -> tuple[str, ...]:
    notes = reviews.for_item(item) if reviews is not None else ()
    return (
        item.since.human() if item.since else "-",
        "yes" if item.reviewed else "no",
        " ".join([item.text, *(note.text for note in notes)]),
        ", ".join(specs[slug] for slug in item.links) or "-",
    )


def _table(items, specs: dict[str, str], grouped: bool, reviews=None):
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("owner" if grouped else "owners", no_wrap=True)
    table.add_column("since", no_wrap=True)
    table.add_column("reviewed", no_wrap=True)
    table.add_column("item", overflow="fold", min_width=20)
    table.add_column("spec", overflow="fold")
    if grouped:
        for nick, group in by_person(items):
            if not group:  # UNASSIGNED with nothing in it: no row to show
                continue
            for index, item in enumerate(group):
                table.add_row(nick if index == 0 else "", *_row(item, specs, reviews))
    else:
        for item in items:
            table.add_row(", ".join(item.owners) or UNASSIGNED, *_row(item, specs, reviews))
    return table


@click.command("actions")
@meeting_log_options
@click.option("--by-person", is_flag=True, help="Group the items by owner (UNASSIGNED last).")
@click.option("--owner", default=None, metavar="NICK", help="Only this person's items (nick aliases count).")
@format_option("text", "json")
@click.pass_context
def actions(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo, by_person, owner,
            output_format) -> None:
    """Every open action item of a meeting series, with the specs they name."""
    from archwg.meetings.queries import open_actions

    config = command_config(ctx, repo, required=False, meeting_file=meeting_file)
    found = open_actions(config, **reading(logs, meeting_id, input_format, log_date), owner=owner, now=utc_now())
    echo_warnings(found.run.warnings)
    echo_notices(found.run.reviews.notices if found.run.reviews is not None else ())
    if output_format == "json":
        from archwg.serialize import actions_json

        echo_json(actions_json(found))
        return
    if not found.items:
        who = f" for {owner}" if owner else ""
        click.echo(f"no open action items{who} in {found.run.report.series}")
        return
    print_table(_table(found.items, dict(found.specs), grouped=by_person, reviews=found.run.reviews))
