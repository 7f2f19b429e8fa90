"""``archwg new proposal|workstream TITLE``: a spec from its template, written and committed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from archwg.commands.common import repo_option, repository
from archwg.errors import GitStateError, SpecExists, UsageError
from archwg.specs.model import FOLDER_OF_KIND, KINDS, slugify, validate_slug
from archwg.specs.store import existing_spec_path


def choose_slug(title: str, slug: str | None) -> str:
    if slug is not None:
        return validate_slug(slug)
    derived = slugify(title)
    if not derived:
        raise UsageError(f"cannot make a slug from the title {title!r}: pass --slug")
    return derived


def refuse_existing(root: Path, slug: str) -> None:
    existing = existing_spec_path(root, slug)
    if existing is not None:
        raise SpecExists(f"{existing.relative_to(root)} already exists: choose another --slug")


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
@repo_option
@click.pass_context
def new(ctx: click.Context, kind: str, title: str, champions: tuple[str, ...], slug: str | None,
        no_commit: bool, repo: str | None) -> None:
    """Create a KIND spec titled TITLE from the repository's template and commit it."""
    from archwg.specs import repo as git_ops
    from archwg.specs.render import check_title, new_spec_text

    root = repository(ctx, repo)
    check_title(title)
    slug = choose_slug(title, slug)
    refuse_existing(root, slug)

    git_repo = None
    if not no_commit:
        git_repo = git_ops.open_git(root)
        git_ops.require_identity(git_repo)
        git_ops.require_clean(git_repo, root)
    if not champions:
        champions = (default_champion(root, git_repo),)

    text = new_spec_text(root, kind, title=title, champions=champions, created=date.today())
    path = root / FOLDER_OF_KIND[kind] / f"{slug}.rst"
    shown = path.relative_to(root)

    if git_repo is None:
        from archwg.fileutil import atomic_write

        atomic_write(path, text)
        click.echo(f"wrote {shown} (not committed)")
        return
    with git_ops.pending_commit(git_repo, f"Propose {title}") as change:
        change.write(path, text)
    click.echo(f"wrote {shown} and committed it: Propose {title}")


def default_champion(root: Path, git_repo) -> str:
    """Whoever commits the spec champions it unless told otherwise, if git's user.name is an IRC nick.

    Champions are IRC nicks (the group works on IRC) and most user.names are
    full names, so a full name is refused rather than written into a spec that
    ``archwg check`` would then reject.
    """
    from archwg.specs import repo as git_ops
    from archwg.irc import is_nick

    if git_repo is None:
        try:
            git_repo = git_ops.open_git(root)
        except GitStateError:
            git_repo = None
    name = git_ops.git_identity(git_repo)[0] if git_repo is not None else None
    if not name:
        raise UsageError("no champion: pass --champion NICK (git has no user.name to use)")
    if not is_nick(name):
        raise UsageError(f"no champion: pass --champion NICK (git's user.name {name!r} is not an IRC nick)")
    return name
