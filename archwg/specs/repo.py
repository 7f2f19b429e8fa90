"""The git side of the spec commands: checks before a change, and a change that commits or undoes itself.

Every committing command runs the same way::

    git_repo = open_git(root)
    require_identity(git_repo)
    require_clean(git_repo, root)
    with pending_commit(git_repo, message) as change:
        change.write(path, text)      # or change.move(old, new) first
    # leaving the block commits; an error anywhere inside, or in the commit,
    # puts every touched path back as it was at HEAD.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archwg.errors import GitStateError, OperationFailed
from archwg.fileutil import atomic_write
from archwg.specs.model import FOLDER_OF_KIND

if TYPE_CHECKING:
    import git


def open_git(root: Path) -> "git.Repo":
    """The git repository holding the spec repository *root* (which may be a sub-folder of it)."""
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitStateError(f"{root}: not a git repository") from None


def _identity_config(git_repo: "git.Repo") -> dict[str, str]:
    """user.*, author.* and committer.* name and email as git reads them: every config level git
    reads (GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM, includes), which GitPython's own reader does not honour."""
    import git

    try:
        listed = git_repo.git.config("--null", "--get-regexp", r"^(user|author|committer)\.(name|email)$")
    except git.GitCommandError:  # exit status 1: none set
        return {}
    found: dict[str, str] = {}
    for entry in listed.split("\0"):
        key, _, value = entry.partition("\n")
        if key and value.strip():
            found[key.lower()] = value.strip()  # later levels (local) override earlier ones (global)
    return found


def configured_identity(git_repo: "git.Repo", role: str) -> tuple[str | None, str | None]:
    """(name, email) set for *role* in the environment or config: GIT_<ROLE>_NAME/EMAIL, then
    <role>.name/email, user.name/email, then EMAIL (email only); None where nothing is set."""
    config = _identity_config(git_repo)
    upper = role.upper()
    name = os.environ.get(f"GIT_{upper}_NAME") or config.get(f"{role}.name") or config.get("user.name")
    email = (os.environ.get(f"GIT_{upper}_EMAIL") or config.get(f"{role}.email") or config.get("user.email")
             or os.environ.get("EMAIL"))
    return (name or None, email or None)


def _git_ident(git_repo: "git.Repo", role: str) -> tuple[str, str] | None:
    """(name, email) git itself would put on a commit as *role* (``git var``); None when git refuses."""
    import re

    import git

    try:
        ident = git_repo.git.var(f"GIT_{role.upper()}_IDENT")
    except git.GitCommandError:
        return None
    found = re.match(r"^(.*) <(.*)> \d+ [+-]\d{4}$", ident.strip())
    return (found[1], found[2]) if found else None


def git_identity(git_repo: "git.Repo", role: str = "author") -> tuple[str | None, str | None]:
    """(name, email) a commit's *role* (author or committer) would carry; None where it has none.

    Asked of git itself, so every way git finds one counts (a name from the
    passwd entry when only EMAIL is set, every config level); and where git
    refuses, so does archwg. One rule stricter than git: an email git would
    only guess from the host name ("root@vm.example.com") is refused too, as
    it is never the one the group knows its members by.
    """
    name, email = configured_identity(git_repo, role)
    ident = _git_ident(git_repo, role)
    if ident is None:  # git refuses: say what is not configured (both when git refuses what is)
        return (name, email) if not (name and email) else (None, None)
    return (ident[0] or None, ident[1] if email else None)


def require_identity(git_repo: "git.Repo") -> tuple[str, str]:
    """Refuse early, before any file changes, when git would not know who authors or commits."""
    missing: list[str] = []
    for role in ("author", "committer"):
        name, email = git_identity(git_repo, role)
        missing += [key for key, value in (("user.name", name), ("user.email", email))
                    if not value and key not in missing]
    if missing:
        settings = " and ".join(missing)
        raise GitStateError(f"no git identity: set {settings} (git config --global {missing[0]} ...)")
    return git_identity(git_repo)  # type: ignore[return-value]


def dirty_state(git_repo: "git.Repo", root: Path) -> str | None:
    """What in the work tree a commit must not run on top of, and what to do, as one sentence; None when clean.

    Any staged or unstaged change to a tracked file counts (a commit would sweep
    staged changes in, and an undo could not tell theirs from ours), and so do
    untracked files in the spec folders (a stray spec there changes what a slug
    names). Untracked files elsewhere, such as build output, do not.
    """
    work_tree = Path(git_repo.working_tree_dir).resolve()
    changed = git_repo.git.status("--porcelain", "--untracked-files=no").splitlines()
    dirty = [entry[3:] for entry in changed if entry.strip()]
    spec_folders = [(root.resolve() / folder).relative_to(work_tree).as_posix() for folder in FOLDER_OF_KIND.values()]
    listed = git_repo.git.ls_files("--others", "--exclude-standard", "-z", "--", *spec_folders).split("\0")
    untracked = [path for path in listed if path]
    if not dirty and not untracked:
        return None
    parts = []
    if dirty:
        parts.append(f"uncommitted changes ({_some(dirty)})")
    if untracked:
        parts.append(f"untracked files ({_some(untracked)})")
    remedy = "commit or stash them first"
    if untracked:
        remedy += " ('git stash -u' stashes untracked files too)"
    return f"the work tree has {' and '.join(parts)}: {remedy}"


def _some(paths: list[str]) -> str:
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def require_clean(git_repo: "git.Repo", root: Path) -> None:
    """Refuse to commit on top of someone's unfinished work (see dirty_state)."""
    state = dirty_state(git_repo, root)
    if state is not None:
        raise GitStateError(state)


class PendingCommit:
    """File changes staged for one commit, remembering what to put back if it fails."""

    def __init__(self, git_repo: "git.Repo"):
        self.git_repo = git_repo
        self.work_tree = Path(git_repo.working_tree_dir)
        self.touched: list[Path] = []

    def _relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.work_tree.resolve()).as_posix()

    def _touch(self, path: Path) -> None:
        if path not in self.touched:
            self.touched.append(path)

    def write(self, path: Path, text: str) -> None:
        self._touch(path)
        atomic_write(path, text)
        self.git_repo.git.add("--", self._relative(path))

    def move(self, source: Path, destination: Path) -> None:
        self._touch(source)
        self._touch(destination)
        self.git_repo.git.mv("--", self._relative(source), self._relative(destination))

    def commit(self, message: str) -> str:
        return commit(self.git_repo, message)

    def undo(self, head: str | None) -> None:
        """Put every touched path back as it is in *head* (None: a repository with no commit yet)."""
        in_head = set()
        if head is not None:
            listed = self.git_repo.git.ls_tree("-r", "--name-only", "-z", head, "--", *map(self._relative, self.touched))
            in_head = {name for name in listed.split("\0") if name}
        for path in self.touched:
            relative = self._relative(path)
            if relative in in_head:
                self.git_repo.git.checkout(head, "--", relative)
            else:
                self.git_repo.git.rm("--cached", "--quiet", "--ignore-unmatch", "--", relative)
                Path(path).unlink(missing_ok=True)


def commit(git_repo: "git.Repo", message: str, paths: tuple[str, ...] = ()) -> str:
    """Commit what is staged (only *paths*, when given); git's refusal is one OperationFailed line
    (a hook's lines joined with "; ": its first line alone may not say why)."""
    import git

    try:
        git_repo.git.commit("--quiet", "--message", message, *(("--", *paths) if paths else ()))
    except git.GitCommandError as error:
        detail = _one_line(error.stderr) or _one_line(error.stdout) or f"exit status {error.status}"
        raise OperationFailed(f"git commit failed, nothing was changed: {detail}") from None
    return git_repo.head.commit.hexsha


@contextmanager
def pending_commit(git_repo: "git.Repo", message: str) -> Iterator[PendingCommit]:
    """Stage changes inside the block, commit them at its end; on any failure undo them all."""
    head = git_repo.head.commit.hexsha if git_repo.head.is_valid() else None
    change = PendingCommit(git_repo)
    try:
        yield change
        change.commit(message)
    except BaseException:
        change.undo(head)
        raise


def _one_line(text: str | None) -> str:
    """GitPython's "stderr: '...'" output as one line: its non-empty lines joined with "; "."""
    text = (text or "").strip().removeprefix("stderr:").removeprefix("stdout:").strip()
    text = text[1:-1] if len(text) > 1 and text[0] == text[-1] == "'" else text
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())
