"""Review data as the status report reads it, and the one adapter to the Gerrit snapshot.

The report needs only a few facts per change (its state, votes, age and the
files it touches); ``ReviewChange`` holds them so that the report, the site
and the Sphinx extension are pure and testable without a Gerrit. The states
themselves are decided by archwg/gerrit/model.py:review_state; this module
only carries them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

OPEN = "NEW"


@dataclass(frozen=True)
class ReviewChange:
    number: int
    project: str
    subject: str
    owner: str
    status: str  # Gerrit's: NEW, MERGED, ABANDONED
    state: str  # archwg's review state (merged, abandoned, wip, blocked, ... needs-review)
    url: str
    created: datetime  # aware UTC
    updated: datetime  # aware UTC
    labels: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()  # label -> (value, by)
    files: tuple[str, ...] = ()
    topic: str | None = None
    # The status the change would give a spec when merged (read from its files by the Gerrit model).
    target_status: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class TrackedQuery:
    title: str
    query: str
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class ReviewData:
    """One snapshot, as the report reads it."""

    server: str
    project: str | None
    fetched: datetime  # aware UTC
    digest: str  # sha256 of the snapshot file: the Sphinx extension's fingerprint includes it
    changes: tuple[ReviewChange, ...]
    queries: tuple[TrackedQuery, ...] = ()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load_review_data(root: Path) -> ReviewData | None:
    """The repository's Gerrit snapshot as ReviewData; None when there is none (or no Gerrit support).

    The single place that knows the Gerrit model's shapes (archwg/gerrit/).
    """
    from archwg.gerrit.model import review_state
    from archwg.gerrit.snapshot import load_snapshot

    gerrit = gerrit_config(root)
    if gerrit is None:
        return None
    path = Path(root) / gerrit.snapshot
    digest = file_digest(path)
    if digest is None:
        return None
    labels = gerrit.labels
    snapshot = load_snapshot(path, labels)
    if snapshot is None:
        return None
    pending = _pending_target_function()
    changes = []
    for change in snapshot.changes:
        changes.append(ReviewChange(
            number=change.number,
            project=change.project,
            subject=change.subject,
            owner=change.owner,
            status=change.status,
            state=review_state(change, labels),
            url=change.url,
            created=change.created,
            updated=change.updated,
            labels=tuple((label, tuple((vote.value, vote.by) for vote in votes)) for label, votes in change.labels),
            files=tuple(change.files),
            topic=change.topic,
            target_status=pending(change) if pending else None,
        ))
    queries = []
    for query in getattr(snapshot, "queries", ()) or ():
        title = getattr(query, "title", None) or (query.get("title") if isinstance(query, dict) else None)
        text = getattr(query, "query", None) or (query.get("query") if isinstance(query, dict) else None)
        numbers = getattr(query, "numbers", None) or (query.get("numbers", ()) if isinstance(query, dict) else ())
        if title and text:
            queries.append(TrackedQuery(title, text, tuple(numbers)))
    return ReviewData(
        server=snapshot.server,
        project=getattr(gerrit, "project", None),
        fetched=snapshot.fetched,
        digest=digest,
        changes=tuple(changes),
        queries=tuple(queries),
    )


def gerrit_config(root: Path):
    """The [gerrit] table of archwg.toml (GerritConfig), or None."""
    try:
        from archwg.config import load_config  # type: ignore[attr-defined]
    except ImportError:  # until the core's Config lands: read the table the same way
        from archwg.gerrit.config import GerritConfig

        path = Path(root) / "archwg.toml"
        if not path.is_file():
            return None
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        from archwg.errors import BadInput

        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise BadInput(f"archwg.toml: {error}") from None
        return GerritConfig.from_table(table["gerrit"], "archwg.toml") if "gerrit" in table else None
    return getattr(load_config(root), "gerrit", None)


def _pending_target_function():
    try:
        from archwg.gerrit.model import target_status  # type: ignore[import-not-found]
    except ImportError:
        return None
    return target_status
