"""``archwg new proposal|workstream TITLE``: a spec from its template, written and committed."""

from __future__ import annotations

import click

from archwg.commands.common import command_config, echo_warning, repo_option, utc_now
from archwg.specs.model import KINDS


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("title")
@click.option(
    "--champion",
    "champions",
    multiple=True,
    metavar="NICK",
    help="The IRC nick of who drives the spec; repeat for several (default: git's user.name if it is a nick).",
)
@click.option("--slug", default=None, help="The file name without .rst (default: made from the title).")
@click.option("--no-commit", is_flag=True, help="Only write the file; leave committing to you.")
@click.option("--dry-run", is_flag=True, help="Print the spec that would be written and change nothing.")
@repo_option
@click.pass_context
def new(ctx: click.Context, kind: str, title: str, champions: tuple[str, ...], slug: str | None,
        no_commit: bool, dry_run: bool, repo: str | None) -> None:
    """Create a KIND spec titled TITLE from the repository's template and commit it."""
    from archwg.specs.lifecycle import create_spec

    config = command_config(ctx, repo)
    created = create_spec(config.root, kind, title, champions, slug, utc_now().date(), commit=not no_commit,
                          dry_run=dry_run)
    for note in created.notes:
        echo_warning(note)
    if not created.written:
        click.echo("dry run, nothing changed; would:")
        click.echo(f"  write {created.path.as_posix()}:")
        click.echo("".join(f"    {line}".rstrip() + "\n" for line in created.text.splitlines()), nl=False)
        if created.message is not None:
            click.echo(f"  commit: {created.message}")
    elif created.message is None:
        click.echo(f"wrote {created.path} (not committed)")
    else:
        click.echo(f"wrote {created.path} and committed it: {created.message}")
