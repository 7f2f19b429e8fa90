"""``archwg gerrit sync``: refresh the offline snapshot of review states."""

from __future__ import annotations

import sys
from contextlib import nullcontext

import click

from archwg.commands.common import command_config, echo_warnings, make_console, repo_option, utc_now


@click.group("gerrit")
def gerrit() -> None:
    """Talk to the group's Gerrit server."""


@gerrit.command("sync")
@click.option("--full", is_flag=True, help="Fetch everything again instead of what changed since the last sync.")
@repo_option
@click.pass_context
def sync(ctx: click.Context, full: bool, repo: str | None) -> None:
    """Fetch the review states of every spec's changes and tracked query into the snapshot.

    A failure (Gerrit down, a timeout, an answer that is not Gerrit's JSON)
    leaves the snapshot as it was and exits 1.
    """
    from archwg.gerrit.session import sync_repository

    config = command_config(ctx, repo)
    with _progress() as progress:
        result = sync_repository(config, utc_now(), full=full, progress=progress)
    echo_warnings(result.warnings)
    kind = "full" if result.full else "incremental"
    written = "snapshot updated" if result.written else "snapshot already current"
    click.echo(f"{kind} sync: {result.received} changes received in {result.requests} requests, "
               f"{result.total} in the snapshot; {written}")


def _progress():
    """A spinner with a count on stderr, only on a terminal (pipes and logs get one line at the end)."""
    if not sys.stderr.isatty():
        return nullcontext(None)

    class Spinner:
        def __init__(self):
            self.count = 0
            self.status = make_console(stderr=True).status("asking Gerrit…")

        def __enter__(self):
            self.status.__enter__()
            return self

        def __exit__(self, *exc):
            return self.status.__exit__(*exc)

        def __call__(self, received: int) -> None:
            self.count += received
            self.status.update(f"asking Gerrit… {self.count} changes")

    return Spinner()
