"""Options and output helpers shared by the commands: parsing and printing only, no application logic."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

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


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


def print_table(table) -> None:
    """Print a rich table: as is on a terminal; piped, one unpadded line per row.

    A pipe into grep or a file must not cut rows at some guessed width nor
    leave trailing spaces, so the table is rendered wide and right-stripped.
    """
    from rich.console import Console

    console = Console(highlight=False)
    if console.is_terminal:
        console.print(table)
        return
    wide = Console(highlight=False, width=1000, no_color=True)
    with wide.capture() as captured:
        wide.print(table)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))
