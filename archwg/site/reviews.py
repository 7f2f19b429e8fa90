"""The review data the status report reads: the Gerrit configuration and snapshot, with its hash.

Everything about changes (which belong to a spec, their states, pending
moves, staleness) is decided by archwg/gerrit/ and archwg/report.py; this
module only reads their inputs, once, at the edge.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class ReviewInput:
    config: object | None  # GerritConfig
    snapshot: object | None  # Snapshot; None: no review data
    digest: str | None  # sha256 of the snapshot file: part of the Sphinx extension's fingerprint
    notices: tuple[str, ...] = ()  # what people should be told about the data (age, absence)
    damaged: bool = False  # the snapshot file is there but cannot be read (the first notice says why)

    @property
    def roles(self):
        from archwg.gerrit.config import LabelMap

        return getattr(self.config, "labels", None) or LabelMap()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return None


def snapshot_path(config) -> Path | None:
    """Where the snapshot of *config*'s repository (archwg's Config) is, or None without a Gerrit server."""
    from archwg.gerrit.config import gerrit_config

    gerrit = gerrit_config(config, os.environ)
    return gerrit.snapshot_path(config.root) if gerrit is not None else None


def read_reviews(config, now: datetime) -> ReviewInput:
    """The Gerrit configuration and snapshot of *config*'s repository (a damaged snapshot reads as none)."""
    from archwg.gerrit.session import read_review_data

    data = read_review_data(config, now)
    digest = file_digest(data.config.snapshot_path(config.root)) if data.snapshot is not None else None
    return ReviewInput(data.config, data.snapshot, digest, data.notices, data.damaged)
