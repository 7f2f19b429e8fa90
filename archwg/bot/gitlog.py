"""Committing a meeting's new log, and nothing else, with GitPython."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archwg.errors import GitStateError


def commit_message(meeting_id: str, day: date) -> str:
    return f"Log of the {meeting_id} meeting of {day.isoformat()}"


def commit_log(root: Path | None, path: Path, meeting_id: str, day: date) -> str:
    """Commit *path* alone (other staged or changed files stay as they are); returns the commit's sha.

    Refuses anything but a MeetBot log of *meeting_id* inside the repository.
    """
    import git

    if root is None:
        raise GitStateError("no spec repository to commit the log to")
    path = Path(path).resolve()
    if not path.name.startswith(f"{meeting_id}.") or not path.name.endswith(".log.txt") or not path.is_file():
        raise GitStateError(f"{path}: not a meeting log of {meeting_id}; not committed")
    repo = git.Repo(Path(root), search_parent_directories=False)
    top = Path(repo.working_tree_dir).resolve()
    try:
        relative = path.relative_to(top).as_posix()
    except ValueError:
        raise GitStateError(f"{path}: outside the repository {top}; not committed") from None
    repo.git.add("--", relative)
    # A commit with a path list takes only that path, whatever else is staged.
    repo.git.commit("-m", commit_message(meeting_id, day), "--only", "--", relative)
    return repo.head.commit.hexsha
