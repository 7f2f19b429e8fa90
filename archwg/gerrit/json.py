"""JSON-able data of Gerrit values: the one shape ``reviews --format json`` and the status report use."""

from __future__ import annotations

from archwg.gerrit.config import LabelMap
from archwg.gerrit.model import Change, review_state


def change_json(change: Change, roles: LabelMap = LabelMap()) -> dict:
    return {
        "number": change.number,
        "project": change.project,
        "branch": change.branch,
        "subject": change.subject,
        "status": change.status,
        "state": review_state(change, roles),
        "owner": change.owner,
        "topic": change.topic,
        "created": change.created.isoformat(),
        "updated": change.updated.isoformat(),
        "url": change.url,
        "work_in_progress": change.work_in_progress,
        "mergeable": change.mergeable,
        "labels": {label: [{"value": vote.value, "by": vote.by} for vote in votes] for label, votes in change.labels},
        "files": list(change.files),
    }
