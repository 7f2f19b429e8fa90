"""``archwg actions``: every open action item of a series, by person, linked to the specs it names."""

from __future__ import annotations

import click

from archwg.commands.common import (
    echo_json,
    echo_notices,
    echo_warnings,
    format_option,
    plain_table,
    print_table,
    utc_now,
)
from archwg.commands.meeting_options import meeting_log_options
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


# Dropped in this order when the terminal is too narrow for the spec paths to stay whole.
DROP_ORDER = ("reviewed", "since", "spec")
ITEM_WIDTH = 20  # the item column wraps between words; narrower than this it reads badly
GAP = 2  # the padding rich puts between the columns of a box-less table


def _shown(rows: list[tuple[str, ...]], width: int | None) -> tuple[int, ...]:
    """The indexes of the columns that fit in *width* (None: all), the least important dropped first.
    Every column but the item never wraps."""
    from rich.cells import cell_len

    names = ("owner", "since", "reviewed", "item", "spec")
    shown = list(range(len(names)))
    if width is None:
        return tuple(shown)

    def needed(index: int) -> int:
        if names[index] == "item":
            return ITEM_WIDTH
        return max(cell_len(cell) for cell in [names[index], *(row[index] for row in rows)])

    for dropped in (None, *DROP_ORDER):
        if dropped is not None:
            shown.remove(names.index(dropped))
        if sum(needed(index) for index in shown) + GAP * (len(shown) - 1) <= width:
            break
    return tuple(shown)


def _table(items, specs: dict[str, str], grouped: bool, reviews=None, width: int | None = None):
    rows = []
    if grouped:
        for nick, group in by_person(items):
            for index, item in enumerate(group):  # UNASSIGNED with nothing in it gives no row
                rows.append((nick if index == 0 else "", *_row(item, specs, reviews)))
    else:
        rows = [(", ".join(item.owners) or UNASSIGNED, *_row(item, specs, reviews)) for item in items]
    shown = _shown(rows, width)
    headers = ("owner" if grouped else "owners", "since", "reviewed", "item", "spec")
    table = plain_table()
    for index in shown:
        if headers[index] == "item":
            table.add_column("item", overflow="fold", min_width=ITEM_WIDTH)
        else:  # a spec path cut in two ("specs/error-codes-and-lo / gging.rst") cannot be copied
            table.add_column(headers[index], no_wrap=True)
    for row in rows:
        table.add_row(*(row[index] for index in shown))
    return table


@click.command("actions")
@meeting_log_options
@click.option("--by-person", is_flag=True, help="Group the items by owner (UNASSIGNED last).")
@click.option("--owner", default=None, metavar="NICK", help="Only this person's items (nick aliases count).")
@format_option("text", "json")
def actions(config, reading, by_person, owner, output_format) -> None:
    """Every open action item of a meeting series, with the specs they name."""
    from archwg.meetings.queries import open_actions

    found = open_actions(config, reading, owner=owner, now=utc_now())
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
    print_table(lambda width: _table(found.items, dict(found.specs), by_person, found.run.reviews, width))
