"""``archwg accept SLUG`` and ``archwg set-status SLUG STATUS``: one lifecycle step, one commit."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import click

from archwg.commands.common import repo_option, repository
from archwg.errors import InvalidSpec, SpecExists, UsageError
from archwg.specs.model import (
    FOLDER_OF_KIND,
    INITIAL_STATUS,
    KIND_OF_FOLDER,
    KINDS,
    STATUSES,
    Spec,
    Transition,
    plan_transition,
)

# The verb that opens a commit message, by the status a spec moves to.
VERBS = {
    "proposed": "Propose",
    "accepted": "Accept",
    "rejected": "Reject",
    "withdrawn": "Withdraw",
    "active": "Resume",
    "completed": "Complete",
    "tabled": "Table",
    "abandoned": "Abandon",
}


@dataclass(frozen=True)
class StatusChange:
    """Everything one lifecycle step does to the repository, worked out before anything is touched."""

    slug: str
    transition: Transition
    source: Path  # relative to the spec repository
    destination: Path  # the same as source unless the kind changes
    text: str  # the spec's new content
    note: str  # the History row's note
    message: str  # the commit message


def plan_status_change(spec: Spec, text: str, source: Path, target: str, today: date, reason: str | None,
                       model_of_kind: Callable[[str], str]) -> StatusChange:
    """Check the step and work out the spec's new text, place and commit message.

    *model_of_kind* gives the template of a kind rendered for this spec: when
    the kind changes, the sections the new kind needs are copied from it.
    """
    from archwg.specs.history import add_missing_sections, append_history_row, set_field

    kind, status = _current_state(spec, source)
    if target not in STATUSES[kind]:
        raise UsageError(f"unknown status {target!r} for a {kind} (statuses: {', '.join(STATUSES[kind])})")
    transition = plan_transition(kind, status, target)

    reason = " ".join((reason or "").split()) or None
    if transition.moves:
        note = reason or f"Accepted: now an active {transition.target_kind}"
    else:
        note = reason or f"Moved from {status} to {transition.target_status}"

    try:
        new_text = set_field(text, "Status", transition.target_status)
        if transition.moves:
            new_text = set_field(new_text, "Kind", transition.target_kind)
            new_text = add_missing_sections(new_text, model_of_kind(transition.target_kind))
        new_text = append_history_row(new_text, today, transition.target_status, note)
    except InvalidSpec as error:
        raise InvalidSpec(f"{source}: {error}") from None

    destination = Path(FOLDER_OF_KIND[transition.target_kind]) / source.name
    return StatusChange(
        slug=spec.slug,
        transition=transition,
        source=source,
        destination=destination,
        text=new_text,
        note=note,
        message=commit_message(spec.title or spec.slug, transition, reason),
    )


def _current_state(spec: Spec, source: Path) -> tuple[str, str]:
    """The spec's kind and status, refusing a file whose metadata the lifecycle cannot start from."""
    kind, status = spec.kind, spec.status
    if kind is None:
        raise InvalidSpec(f"{source}:{spec.title_line or 1}: no :Kind: field ({' or '.join(KINDS)})")
    if kind not in KINDS:
        line = _field_line(spec, "Kind")
        raise InvalidSpec(f"{source}:{line}: kind {kind!r} is not one of {', '.join(KINDS)}")
    folder_kind = KIND_OF_FOLDER.get(source.parent.name)
    if folder_kind != kind:
        line = _field_line(spec, "Kind")
        raise InvalidSpec(f"{source}:{line}: a {kind} must live in {FOLDER_OF_KIND[kind]}/ (run archwg check)")
    if status is None:
        raise InvalidSpec(f"{source}:{spec.title_line or 1}: no :Status: field")
    if status not in STATUSES[kind]:
        line = _field_line(spec, "Status")
        raise InvalidSpec(
            f"{source}:{line}: status {status!r} is not a {kind} status ({', '.join(STATUSES[kind])})"
        )
    return kind, status


def _field_line(spec: Spec, name: str) -> int:
    return next((item.line for item in spec.fields if item.name.lower() == name.lower()), spec.title_line or 1)


def commit_message(title: str, transition: Transition, reason: str | None) -> str:
    """'Accept Nova Compute API: proposed -> active workstream', then the reason as the body."""
    after = transition.target_status + (f" {transition.target_kind}" if transition.moves else "")
    headline = f"{VERBS.get(transition.target, 'Move')} {title}: {transition.status} -> {after}"
    if not reason:
        return headline
    return headline + "\n\n" + textwrap.fill(reason, width=72, break_long_words=False, break_on_hyphens=False)


def describe(change: StatusChange) -> list[str]:
    """What the step does, one line per effect: the --dry-run output."""
    transition = change.transition
    lines = [
        f"{change.slug}: {transition.kind} {transition.status} -> "
        f"{transition.target_kind} {transition.target_status}"
    ]
    if transition.moves:
        lines.append(f"move {change.source.as_posix()} -> {change.destination.as_posix()} (git mv)")
    lines.append(f"set :Status: {transition.target_status}" + (f", :Kind: {transition.target_kind}" if transition.moves else ""))
    if transition.moves:
        lines.append(f"add the {transition.target_kind} template's sections the spec lacks")
    lines.append(f"add History row: {transition.target_status}, {change.note}")
    lines.append(f"commit: {change.message.splitlines()[0]}")
    return lines


def change_status(ctx: click.Context, repo: str | None, slug: str, target: str, reason: str | None,
                  dry_run: bool) -> None:
    from archwg.specs import repo as git_ops
    from archwg.specs.store import find_spec_path
    from archwg.specs.parse import read_spec
    from archwg.specs.render import render_template

    root = repository(ctx, repo)
    path = find_spec_path(root, slug)
    spec = read_spec(path)
    source = path.relative_to(root)
    today = date.today()
    git_repo = git_ops.open_git(root)

    def model_of_kind(kind: str) -> str:
        return render_template(root, kind, title=spec.title, champions=spec.champions,
                               created=spec.created or today, status=INITIAL_STATUS[kind])

    change = plan_status_change(spec, path.read_text(encoding="utf-8"), source, target, today, reason, model_of_kind)
    if change.destination != change.source and (root / change.destination).exists():
        raise SpecExists(f"{change.destination.as_posix()} already exists: cannot move {source.as_posix()} there")
    # The step itself is judged before the work tree (a bad status is wrong whatever the tree holds).
    # A dry run checks everything the real run checks, so that it never promises a change that would be refused.
    git_ops.require_identity(git_repo)
    git_ops.require_clean(git_repo, root)

    if dry_run:
        click.echo("dry run, nothing changed; would:")
        for line in describe(change):
            click.echo(f"  {line}")
        return

    with git_ops.pending_commit(git_repo, change.message) as pending:
        if change.destination != change.source:
            pending.move(root / change.source, root / change.destination)
        pending.write(root / change.destination, change.text)
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
    change_status(ctx, repo, slug, "accepted", reason, dry_run)


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
    change_status(ctx, repo, slug, status.strip().lower(), reason, dry_run)
