"""Options and helpers shared by several commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click

from archwg.config import find_repository, find_repository_or_none


def repo_option(command: Callable) -> Callable:
    """``--repo`` on a subcommand too, so it may follow the command name."""
    return click.option(
        "--repo",
        "repo",
        type=click.Path(file_okay=False),
        default=None,
        help="The spec repository (default: found by walking up from the working directory).",
    )(command)


def _repo_argument(ctx: click.Context, repo: str | None) -> str | None:
    if repo is not None:
        return repo
    root = ctx.find_root()
    return (root.obj or {}).get("repo")


def repository(ctx: click.Context, repo: str | None) -> Path:
    """The spec repository named by ``--repo`` (here or on the group), else found."""
    return find_repository(_repo_argument(ctx, repo))


def repository_or_none(ctx: click.Context, repo: str | None) -> Path | None:
    return find_repository_or_none(_repo_argument(ctx, repo))


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


def echo_json(data: Any) -> None:
    """``json.dumps(data, indent=2)`` and a newline, written in pieces: never one string of it all in memory.

    (The minutes of a 200 MB meeting are 20 MB of JSON, which json.dumps
    builds from a list of a million small strings: 120 MB at its peak.)
    """
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size >= JSON_PIECE:
            click.echo("".join(pieces), nl=False)
            pieces, size = [], 0
    pieces.append("\n")
    click.echo("".join(pieces), nl=False)


JSON_PIECE = 1 << 16  # characters written at a time


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
