"""``archwg accept SLUG`` and ``archwg set-status SLUG STATUS``: one lifecycle step, one commit.

The step is ``archwg.specs.lifecycle.change_status``; this module parses and prints.
"""

from __future__ import annotations

import click

from archwg.commands.common import command_config, echo_warning, repo_option, utc_now


def _run(ctx: click.Context, repo: str | None, slug: str, target: str, reason: str | None, dry_run: bool) -> None:
    from archwg.specs.lifecycle import change_status, describe

    config = command_config(ctx, repo)
    run = change_status(config.root, slug, target, reason, utc_now().date(), dry_run=dry_run)
    change = run.change
    for note in run.notes:
        echo_warning(note)
    if not run.committed:
        click.echo("dry run, nothing changed; would:")
        for line in describe(change):
            click.echo(f"  {line}")
        return
    transition = change.transition
    click.echo(
        f"{slug}: {transition.kind} {transition.status} -> {transition.target_kind} {transition.target_status} "
        f"({change.destination.as_posix()}), committed: {change.message.splitlines()[0]}"
    )


def _reason_option(command):
    return click.option("--reason", default=None, metavar="TEXT",
                        help="Why: the History row's note and the commit message's body.")(command)


def _dry_run_option(command):
    return click.option("--dry-run", is_flag=True, help="Print what would change and change nothing.")(command)


@click.command()
@click.argument("slug")
@_reason_option
@_dry_run_option
@repo_option
@click.pass_context
def accept(ctx: click.Context, slug: str, reason: str | None, dry_run: bool, repo: str | None) -> None:
    """Accept the proposal SLUG: it becomes an active workstream in workstreams/."""
    _run(ctx, repo, slug, "accepted", reason, dry_run)


@click.command("set-status")
@click.argument("slug")
@click.argument("status")
@_reason_option
@_dry_run_option
@repo_option
@click.pass_context
def set_status(ctx: click.Context, slug: str, status: str, reason: str | None, dry_run: bool,
               repo: str | None) -> None:
    """Move the spec SLUG to STATUS, as its lifecycle allows."""
    _run(ctx, repo, slug, status.strip().lower(), reason, dry_run)
