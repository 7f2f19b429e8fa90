"""``archwg actions``: every open action item of a series, by person, linked to the specs it names."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import click

from archwg.commands.common import echo_json, echo_warning, format_option, print_table
from archwg.commands.meeting_options import meeting_log_options
from archwg.meetings.carry import item_json
from archwg.meetings.owners import UNASSIGNED, by_person
from archwg.meetings.description import canonical_nick
from archwg.meetings.model import ActionItem


def spec_slugs(root: Path | None) -> dict[str, str]:
    """slug -> path relative to the repository, for every spec; nothing outside a repository."""
    if root is None:
        return {}
    from archwg.specs.store import spec_paths

    return {path.stem: path.relative_to(root).as_posix() for path in spec_paths(root)}


def linked(item: ActionItem, slugs: dict[str, str]) -> ActionItem:
    """The item with the slugs of the specs its text names (``nova-compute-api``), whole words only."""
    found = []
    for slug in slugs:
        # A slug is words joined by hyphens: "nova-compute-api-v2" is not "nova-compute-api".
        if re.search(r"(?<![\w-])" + re.escape(slug) + r"(?![\w-])", item.text, re.IGNORECASE):
            found.append(slug)
    return replace(item, links=tuple(found))


def owned_by(item: ActionItem, owner: str, aliases: tuple[tuple[str, str], ...]) -> bool:
    if owner.upper() == UNASSIGNED:
        return not item.owners
    wanted = canonical_nick(owner, aliases).lower()
    return any(canonical_nick(nick, aliases).lower() == wanted for nick in item.owners)


def actions_json(run, items: list[ActionItem], slugs: dict[str, str]) -> dict:
    from archwg.commands.carry import meeting_json

    def with_links(item: ActionItem) -> dict:
        data = item_json(item)
        data["links"] = [{"slug": slug, "path": slugs[slug]} for slug in item.links]
        return data

    return {
        "meeting": meeting_json(run.report),
        "open": [with_links(item) for item in items],
        "by_person": [
            {"nick": nick, "items": [with_links(item) for item in group]} for nick, group in by_person(items)
        ],
        "warnings": list(run.warnings),
    }


def _row(item: ActionItem, slugs: dict[str, str]) -> tuple[str, ...]:
    return (
        item.since.human() if item.since else "-",
        "yes" if item.reviewed else "no",
        item.text,
        ", ".join(slugs[slug] for slug in item.links) or "-",
    )


def _table(items: list[ActionItem], slugs: dict[str, str], grouped: bool):
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("owner" if grouped else "owners", no_wrap=True)
    table.add_column("since", no_wrap=True)
    table.add_column("reviewed", no_wrap=True)
    table.add_column("item", overflow="fold", min_width=20)
    table.add_column("spec", overflow="fold")
    if grouped:
        for nick, group in by_person(items):
            if not group:
                table.add_row(nick, "-", "-", "(none)", "-")
            for index, item in enumerate(group):
                table.add_row(nick if index == 0 else "", *_row(item, slugs))
    else:
        for item in items:
            table.add_row(", ".join(item.owners) or UNASSIGNED, *_row(item, slugs))
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
    from archwg.commands.carry import run_carry

    run = run_carry(ctx, logs, meeting_id, meeting_file, input_format, log_date, repo)
    for message in run.warnings:
        echo_warning(message)
    aliases = run.description.aliases if run.description is not None else ()
    slugs = spec_slugs(run.inputs.repo)
    items = [linked(item, slugs) for item in run.report.open]
    if owner:
        items = [item for item in items if owned_by(item, owner, aliases)]
    if output_format == "json":
        echo_json(actions_json(run, items, slugs))
        return
    if not items:
        who = f" for {owner}" if owner else ""
        click.echo(f"no open action items{who} in {run.report.series}")
        return
    print_table(_table(items, slugs, grouped=by_person))
