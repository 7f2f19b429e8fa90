"""A spec's lifecycle: creating it, and one status change, each planned whole and then committed.

``plan_status_change`` is pure: it checks the step and works out the new
text, place and commit message. ``change_status`` and ``create_spec`` do the
I/O: they refuse a dirty work tree or a missing git identity before touching
anything, and commit through ``repo.pending_commit``, which puts everything
back when any step fails. *today* is passed in (UTC), never read here.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from archwg.errors import GitStateError, InvalidSpec, InvalidTransition, LintProblems, SpecExists, UsageError
from archwg.specs.model import (
    FOLDER_OF_KIND,
    INITIAL_STATUS,
    KIND_OF_FOLDER,
    KINDS,
    STATUSES,
    Spec,
    Transition,
    plan_transition,
    slugify,
    validate_slug,
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
    if kind == "workstream" and target == "accepted":
        article = "an" if status[0] in "aeiou" else "a"
        raise InvalidTransition(f"{spec.slug} is already {article} {status} workstream")
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


@dataclass(frozen=True)
class StatusChangeRun:
    change: StatusChange
    committed: bool  # False: a dry run, nothing changed
    notes: tuple[str, ...] = ()  # what a dry run saw that the real run would refuse (a dirty work tree)


def change_status(root: Path, slug: str, target: str, reason: str | None, today: date,
                  dry_run: bool = False) -> StatusChangeRun:
    """Move the spec *slug* to *target* and commit, or with *dry_run* only check everything the real run checks."""
    from archwg.specs import repo as git_ops
    from archwg.specs.parse import read_spec
    from archwg.specs.render import render_template
    from archwg.specs.store import find_spec_path

    path = find_spec_path(root, slug)
    spec = read_spec(path)
    source = path.relative_to(root)
    git_repo = git_ops.open_git(root)

    def model_of_kind(kind: str) -> str:
        return render_template(root, kind, title=spec.title, champions=spec.champions,
                               created=spec.created or today, status=INITIAL_STATUS[kind])

    change = plan_status_change(spec, path.read_text(encoding="utf-8"), source, target, today, reason, model_of_kind)
    if change.destination != change.source and (root / change.destination).exists():
        raise SpecExists(f"{change.destination.as_posix()} already exists: cannot move {source.as_posix()} there")
    refuse_lint_problems(root, change)
    # The step itself is judged before the work tree (a bad status is wrong whatever the tree holds).
    # A dry run checks everything the real run checks, so that it never promises a change that would be
    # refused; a dirty work tree or a missing identity it only mentions, as it commits nothing.
    if dry_run:
        return StatusChangeRun(change, committed=False, notes=_dry_run_notes(git_repo, root))
    git_ops.require_identity(git_repo)
    git_ops.require_clean(git_repo, root)
    with git_ops.pending_commit(git_repo, change.message) as pending:
        if change.destination != change.source:
            pending.move(root / change.source, root / change.destination)
        pending.write(root / change.destination, change.text)
    return StatusChangeRun(change, committed=True)


def refuse_lint_problems(root: Path, change: StatusChange) -> None:
    """Never commit a spec that ``archwg check`` (the pre-commit hook) then fails, such as template
    placeholders left in a spec moved to proposed."""
    from archwg.specs.check import lint_planned

    problems = lint_planned(root, change.destination, change.text)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        first = problems[0]
        raise LintProblems(f"{change.destination.as_posix()} would fail archwg check as {change.transition.target_status}: "
                           f"{count}, the first at line {first.line}: {first.message}; nothing changed")


# --- A new spec ----------------------------------------------------------------------------


def _dry_run_notes(git_repo, root: Path) -> tuple[str, ...]:
    """What the real run would refuse that a dry run, committing nothing, only mentions:
    a missing git identity, a dirty work tree."""
    from archwg.specs import repo as git_ops

    notes = []
    try:
        git_ops.require_identity(git_repo)
    except GitStateError as error:
        notes.append(f"dry run without a git identity; the real run will refuse it: {error}")
    state = git_ops.dirty_state(git_repo, root)
    if state is not None:
        notes.append(f"dry run on a dirty work tree; the real run will refuse it: {state}")
    return tuple(notes)


@dataclass(frozen=True)
class NewSpec:
    path: Path  # relative to the spec repository
    message: str | None  # the commit message; None: written, not committed
    text: str = ""  # the spec's content
    written: bool = True  # False: a dry run, nothing changed
    notes: tuple[str, ...] = ()  # what a dry run saw that the real run would refuse (a dirty work tree)


def create_spec(root: Path, kind: str, title: str, champions: tuple[str, ...], slug: str | None,
                today: date, commit: bool = True, dry_run: bool = False) -> NewSpec:
    """Write the *kind* spec titled *title* from the repository's template, and commit it unless told not to.

    *dry_run*: check everything, change nothing; a dirty work tree is only noted.

    *champions* default to git's user.name when it is an IRC nick.
    """
    from archwg.specs import repo as git_ops
    from archwg.specs.render import check_title, new_spec_text

    check_title(title)
    slug = choose_slug(title, slug)
    refuse_existing(root, slug)

    git_repo = None
    notes: tuple[str, ...] = ()
    if commit:
        git_repo = git_ops.open_git(root)
        if dry_run:
            notes = _dry_run_notes(git_repo, root)
        else:
            git_ops.require_identity(git_repo)
            git_ops.require_clean(git_repo, root)
    if not champions:
        champions = (default_champion(root, git_repo),)

    text = new_spec_text(root, kind, title=title, champions=champions, created=today)
    path = root / FOLDER_OF_KIND[kind] / f"{slug}.rst"
    message = f"Propose {title}" if commit else None
    if dry_run:
        return NewSpec(path.relative_to(root), message, text, written=False, notes=notes)
    if git_repo is None:
        from archwg.fileutil import atomic_write

        atomic_write(path, text)
        return NewSpec(path.relative_to(root), None, text)
    with git_ops.pending_commit(git_repo, message) as change:
        change.write(path, text)
    return NewSpec(path.relative_to(root), message, text)


def choose_slug(title: str, slug: str | None) -> str:
    if slug is not None:
        return validate_slug(slug)
    derived = slugify(title)
    if not derived:
        raise UsageError(f"cannot make a slug from the title {title!r}: pass --slug")
    return derived


def refuse_existing(root: Path, slug: str) -> None:
    from archwg.specs.store import existing_spec_path

    existing = existing_spec_path(root, slug)
    if existing is not None:
        raise SpecExists(f"{existing.relative_to(root)} already exists: choose another --slug")


def default_champion(root: Path, git_repo) -> str:
    """Whoever commits the spec champions it unless told otherwise, if git's user.name is an IRC nick.

    Champions are IRC nicks (the group works on IRC) and most user.names are
    full names, so a full name is refused rather than written into a spec that
    ``archwg check`` would then reject.
    """
    from archwg.irc import is_nick
    from archwg.specs import repo as git_ops

    if git_repo is None:
        try:
            git_repo = git_ops.open_git(root)
        except GitStateError:
            git_repo = None
    # The configured user.name only: a name git falls back on (the passwd entry's) is no one's choice of nick.
    name = git_ops.configured_identity(git_repo, "author")[0] if git_repo is not None else None
    if not name:
        raise UsageError("no champion: pass --champion NICK (git has no user.name to use)")
    if not is_nick(name):
        raise UsageError(f"no champion: pass --champion NICK (git's user.name {name!r} is not an IRC nick)")
    return name
