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


def git_identity(git_repo: "git.Repo") -> tuple[str | None, str | None]:
    """(name, email) a commit would carry, from the environment or git config; None where unset."""
    reader = git_repo.config_reader()
    name = os.environ.get("GIT_AUTHOR_NAME") or reader.get_value("user", "name", default="") or None
    email = os.environ.get("GIT_AUTHOR_EMAIL") or reader.get_value("user", "email", default="") or None
    return (str(name) if name else None, str(email) if email else None)


def require_identity(git_repo: "git.Repo") -> tuple[str, str]:
    """Refuse early, before any file changes, when git would not know who commits."""
    name, email = git_identity(git_repo)
    missing = [key for key, value in (("user.name", name), ("user.email", email)) if not value]
    if missing:
        settings = " and ".join(missing)
        raise GitStateError(f"no git identity: set {settings} (git config --global {missing[0]} ...)")
    return name, email  # type: ignore[return-value]


def require_clean(git_repo: "git.Repo", root: Path) -> None:
    """Refuse to commit on top of someone's unfinished work.

    Any staged or unstaged change to a tracked file counts (a commit would sweep
    staged changes in, and an undo could not tell theirs from ours), and so do
    untracked files in the spec folders (a stray spec there changes what a slug
    names). Untracked files elsewhere, such as build output, do not.
    """
    work_tree = Path(git_repo.working_tree_dir).resolve()
    changed = git_repo.git.status("--porcelain", "--untracked-files=no").splitlines()
    dirty = [entry[3:] for entry in changed if entry.strip()]
    spec_folders = [(root.resolve() / folder).relative_to(work_tree).as_posix() for folder in FOLDER_OF_KIND.values()]
    untracked = git_repo.git.ls_files("--others", "--exclude-standard", "-z", "--", *spec_folders).split("\0")
    dirty += [path for path in untracked if path]
    if dirty:
        shown = ", ".join(dirty[:3]) + (f" and {len(dirty) - 3} more" if len(dirty) > 3 else "")
        raise GitStateError(f"the work tree has uncommitted changes ({shown}): commit or stash them first")


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
        import git

        try:
            self.git_repo.git.commit("--quiet", "--message", message)
        except git.GitCommandError as error:
            detail = _first_line(error.stderr) or _first_line(error.stdout) or f"exit status {error.status}"
            raise OperationFailed(f"git commit failed, nothing was changed: {detail}") from None
        return self.git_repo.head.commit.hexsha

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


def _first_line(text: str | None) -> str:
    for line in (text or "").splitlines():
        line = line.strip().removeprefix("stderr: ").strip("'").strip()
        if line:
            return line
    return ""
