"""Finding the spec repository, the way git finds its work tree."""

from __future__ import annotations

from pathlib import Path

from archwg.errors import NotARepository

SPEC_FOLDERS = ("specs", "workstreams")


def is_spec_repository(path: Path) -> bool:
    return all((path / name).is_dir() for name in SPEC_FOLDERS)


def find_repository(start: Path | str | None = None) -> Path:
    """Walk up from *start* (default: the working directory) to the spec repository.

    An explicit ``--repo`` must itself be a spec repository: walking up from
    it would silently pick some other repository the user did not name.
    """
    if start is not None:
        path = Path(start).resolve()
        if not path.is_dir():
            raise NotARepository(f"{start}: no such directory")
        if is_spec_repository(path):
            return path
        raise NotARepository(f"{start}: not a spec repository (no specs/ and workstreams/ folders)")
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if is_spec_repository(candidate):
            return candidate
    raise NotARepository(
        f"{here}: not inside a spec repository (no specs/ and workstreams/ folders here or above); use --repo"
    )


def find_repository_or_none(start: Path | str | None = None) -> Path | None:
    """Like find_repository, for commands that also work on plain files anywhere."""
    try:
        return find_repository(start)
    except NotARepository:
        if start is not None:
            raise
        return None
