"""Options and output helpers shared by the commands: parsing and printing only, no application logic."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from itertools import chain
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import click

if TYPE_CHECKING:
    from archwg.config import Config


def repo_option(command: Callable) -> Callable:
    """``--repo`` on a subcommand too, so it may follow the command name."""
    return click.option(
        "--repo",
        "repo",
        type=click.Path(file_okay=False),
        default=None,
        help="The spec repository (default: found by walking up from the working directory).",
    )(command)


def repo_argument(ctx: click.Context, repo: str | None) -> str | None:
    """``--repo`` as given after the command name, else before it (on the group), else None."""
    if repo is not None:
        return repo
    root = ctx.find_root()
    return (root.obj or {}).get("repo")


def command_config(ctx: click.Context, repo: str | None, *, required: bool = True,
                   meeting_file: str | None = None) -> Config:
    """The one Config of this run, from ``--repo`` (here or on the group) and the command's overrides."""
    from archwg.config import open_config

    return open_config(repo_argument(ctx, repo), required=required, meeting_file=meeting_file)


def utc_now() -> datetime:
    """The one clock: commands read it here and pass it into the core."""
    return datetime.now(timezone.utc)


def format_option(*choices: str, default: str | None = None) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def echo_warning(message: str) -> None:
    click.echo(f"archwg: warning: {message}", err=True)


def echo_warnings(messages) -> None:
    for message in messages:
        echo_warning(message)


def echo_notices(messages) -> None:
    """Notices about the data a command read (the review data's age, or that there is none)."""
    for message in messages:
        click.echo(f"archwg: {message}", err=True)


def json_pieces(data: Any) -> Iterator[str]:
    """``json_text(data)`` in pieces of about 64 KB, made as they are written.

    json.dumps joins a million small strings at once for the minutes of a
    200 MB meeting (20 MB of JSON): 120 MB at its peak.
    """
    return _batched(chain(json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data), ["\n"]))


def _batched(pieces: Iterable[str]) -> Iterator[str]:
    """*pieces* joined into pieces of about 64 KB: few writes, and never the whole text at once."""
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= _BLOCK:
            yield "".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered)


def json_text(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)`` and a newline."""
    return "".join(json_pieces(data))


_BLOCK = 1 << 16  # characters


def _slices(text: str) -> Iterator[str]:
    for start in range(0, len(text), _BLOCK):
        yield text[start : start + _BLOCK]


def echo_json(data: Any) -> None:
    click.echo(json_text(data), nl=False)


def color_wanted() -> bool | None:
    """``--color``/``--no-color`` on the group, else NO_COLOR (any value) means no; None: rich decides."""
    import os

    context = click.get_current_context(silent=True)
    chosen = (context.find_root().obj or {}).get("color") if context is not None else None
    if chosen is None and os.environ.get("NO_COLOR"):
        return False
    return chosen


def make_console(*, stderr: bool = False, **options):
    """A rich Console that honours --color/--no-color and NO_COLOR.

    rich itself reads NO_COLOR only as "no colours" and still prints bold and
    underline; no colour here means no styling at all.
    """
    from rich.console import Console

    color = color_wanted()
    if color is False:
        options.setdefault("color_system", None)
    elif color is True:
        options.setdefault("force_terminal", True)
    return Console(stderr=stderr, highlight=False, **options)


def plain_table():
    """A rich Table, unboxed, whose cells show what people wrote as written: rich would read an item's
    "[/b]" or a nick like "jdoe[m]" as its markup (or fail on it), and ":smile:" as an emoji code."""
    from rich.table import Table
    from rich.text import Text

    class PlainTable(Table):
        def add_row(self, *cells, **options):
            super().add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells), **options)

    return PlainTable(box=None, header_style="bold", pad_edge=False)


def print_table(table) -> None:
    """Print a rich table: as is on a terminal; piped, one unpadded line per row.

    *table* is a rich Table or a function of the width it may take (None:
    unlimited) returning one, for tables that choose their columns by width.
    A pipe into grep or a file must not cut rows at some guessed width nor
    leave trailing spaces, so the table is rendered wide and right-stripped.
    """
    console = make_console()
    if console.is_terminal:
        console.print(table(console.width) if callable(table) else table)
        return
    wide = make_console(width=1000, color_system=None)
    with wide.capture() as captured:
        wide.print(table(None) if callable(table) else table)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def output_option(command: Callable) -> Callable:
    """``-o FILE``: the output goes to FILE, written whole or not at all; its folder must exist."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavar="FILE",
                        help="Write the output to FILE (its folder must exist; default: standard output).")(command)


def write_output(text: str | Iterable[str], output: str | None) -> None:
    """*text* (or its pieces, see json_pieces) to standard output, or atomically to the file ``-o`` names."""
    if output is None:
        # In pieces: 20 MB of minutes are neither joined nor encoded in one more copy.
        for piece in _slices(text) if isinstance(text, str) else _batched(text):
            click.echo(piece, nl=False)
        return
    if not isinstance(text, str):
        text = "".join(text)
    from archwg.fileutil import atomic_write

    atomic_write(output, text)
