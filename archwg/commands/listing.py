"""``archwg list``: every spec with its kind, status and champion (``archwg.specs.store.select_specs``)."""

from __future__ import annotations

import click

from archwg.commands.common import (command_config, echo_json, echo_warning, format_option, plain_table, print_table,
                                    repo_option)
from archwg.specs.model import KINDS, STATUSES

ALL_STATUSES = tuple(dict.fromkeys(status for kind in KINDS for status in STATUSES[kind]))
TABLE_COLUMNS = ("slug", "kind", "status", "champion", "created", "title")
WRAPPING = ("champion", "title")  # wrap between words; the other columns never wrap
# Dropped in this order when the terminal is too narrow for every word of every title to stay whole.
DROP_ORDER = ("created", "kind", "champion", "status")
GAP = 2  # the padding rich puts between the columns of a box-less table


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

    rows = [table_row(data) for data in specs]
    print_table(lambda width: spec_table(rows, width))


def needed_width(column: str, rows: list[tuple[str, ...]]) -> int:
    """The narrowest the column can be: its longest word if it wraps, else its longest cell."""
    from rich.cells import cell_len

    index = TABLE_COLUMNS.index(column)
    cells = [column, *(row[index] for row in rows)]
    if column in WRAPPING:
        return max(cell_len(word) for cell in cells for word in cell.replace(",", ", ").split())
    return max(cell_len(cell) for cell in cells)


def shown_columns(rows: list[tuple[str, ...]], width: int | None) -> tuple[str, ...] | None:
    """Every column that fits in *width* (None: all) with no word cut, dropping the least important first;
    None when even slug and title do not fit side by side."""
    columns = list(TABLE_COLUMNS)
    if width is None:
        return tuple(columns)
    for dropped in (None, *DROP_ORDER):
        if dropped is not None:
            columns.remove(dropped)
        if sum(needed_width(column, rows) for column in columns) + GAP * (len(columns) - 1) <= width:
            return tuple(columns)
    return None


def stacked(rows: list[tuple[str, ...]], width: int):
    """Each slug on its own line, its title under it indented and wrapped between words only:
    for terminals too narrow for slug and title side by side (a long slug, a phone)."""
    import textwrap

    from rich.text import Text

    lines = []
    for row in rows:
        lines.append(row[TABLE_COLUMNS.index("slug")])
        title = row[TABLE_COLUMNS.index("title")]
        lines.extend(textwrap.wrap(title, max(width, 10), initial_indent="  ", subsequent_indent="  ",
                                   break_long_words=False, break_on_hyphens=False))
    # A word or slug wider than the terminal runs past its edge rather than being cut.
    return Text("\n".join(lines), no_wrap=True, overflow="ignore")


def spec_table(rows: list[tuple[str, ...]], width: int | None):
    columns = shown_columns(rows, width)
    if columns is None:
        return stacked(rows, width)
    table = plain_table()
    for column in columns:
        wraps = column in WRAPPING
        table.add_column(column, no_wrap=not wraps, overflow="fold",
                         min_width=needed_width(column, rows) if wraps else None)
    for row in rows:
        table.add_row(*(row[TABLE_COLUMNS.index(column)] for column in columns))
    return table
