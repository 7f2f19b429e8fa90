"""The review data the status report reads: the Gerrit configuration and snapshot, with its hash.

Everything about changes (which belong to a spec, their states, pending
moves, staleness) is decided by archwg/gerrit/ and archwg/report.py; this
module only reads their inputs, once, at the edge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class ReviewInput:
    config: object | None  # GerritConfig
    snapshot: object | None  # Snapshot; None: no review data
    digest: str | None  # sha256 of the snapshot file: part of the Sphinx extension's fingerprint
    notices: tuple[str, ...] = ()  # what people should be told about the data (age, absence)

    @property
    def roles(self):
        from archwg.gerrit.config import LabelMap

        return getattr(self.config, "labels", None) or LabelMap()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return None


def snapshot_path(root: Path) -> Path | None:
    from archwg.gerrit.config import load_gerrit_config

    config = load_gerrit_config(root)
    return config.snapshot_path(root) if config is not None else None


def read_reviews(root: Path, now: datetime) -> ReviewInput:
    """The repository's Gerrit configuration and snapshot (a damaged snapshot reads as none, with a notice)."""
    from archwg.config import load_config
    from archwg.gerrit.session import read_review_data

    data = read_review_data(load_config(root), now)
    digest = file_digest(data.config.snapshot_path(root)) if data.snapshot is not None else None
    return ReviewInput(data.config, data.snapshot, digest, data.notices)
