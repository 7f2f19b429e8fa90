"""``archwg init [PATH]``: a new spec repository for any group, committed (``archwg.init.init_repository``)."""

from __future__ import annotations

from pathlib import Path

import click

from archwg.commands.common import utc_now


@click.command("init")
@click.argument("path", type=click.Path(file_okay=False), default=".")
@click.option("--name", default="Architecture Working Group", show_default=True, help="The group's name.")
@click.option("--meeting-id", default="arch_wg", show_default=True, metavar="ID",
              help="The meeting's MeetBot name (#startmeeting ID).")
@click.option("--gerrit-url", default=None, metavar="URL", help="The Gerrit server that reviews the specs.")
@click.option("--gerrit-project", default=None, metavar="PROJECT", help="The specs' project on that server.")
def init(path: str, name: str, meeting_id: str, gerrit_url: str | None, gerrit_project: str | None) -> None:
    """Start a spec repository in PATH (default: here), or add archwg to the git repository there.

    Writes specs/, workstreams/, templates/, meetings/ID.yaml, meetings/logs/ID/,
    archwg.toml, doc/source/ (Sphinx with archwg.sphinxext), .pre-commit-config.yaml
    and .gitignore, and commits them. It overwrites nothing: when any of them
    exists, nothing is written.
    """
    from archwg.init import Settings, init_repository

    settings = Settings(name=name, meeting_id=meeting_id, gerrit_url=gerrit_url, gerrit_project=gerrit_project)
    result = init_repository(Path(path), settings, utc_now().date(), Path.cwd())
    where = f"{'a new' if result.created_git else 'the'} git repository at {result.git_root}"
    click.echo(f"started {result.root}: {len(result.files)} files, committed in {where}: {result.message}")
    click.echo("next:")
    for command in result.next_commands:
        click.echo(f"  {command}")
