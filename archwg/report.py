"""The status report: every spec with its changes and their review states, pure.

``build_status`` takes the specs, the snapshot (or None) and ``now``, and
returns a frozen ``StatusReport`` that every front end (``archwg status``,
the status site, the Sphinx extension, the bot) renders; ``status_json`` is
its one JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from archwg.gerrit.config import GerritConfig, LabelMap
from archwg.gerrit.json import change_json
from archwg.gerrit.model import Change, moves_to_workstreams, review_state, state_summary
from archwg.gerrit.query import ChangeIndex, spec_files
from archwg.specs.model import PROPOSAL

if TYPE_CHECKING:
    from archwg.gerrit.snapshot import Snapshot

DEFAULT_STALE_DAYS = 14


@dataclass(frozen=True)
class ChangeStatus:
    change: Change
    state: str
    summary: str  # "ready, no +A for 21 days"
    stale: bool  # open with no activity for the report's stale_days

    @property
    def number(self) -> int:
        return self.change.number


@dataclass(frozen=True)
class PendingMove:
    """An open change that would move its spec to another status."""

    slug: str
    current: str
    target: str
    change: ChangeStatus

    def describe(self) -> str:
        return f"{self.slug}: {self.current} → {self.target} pending in {self.change.number}, {self.change.summary}"


@dataclass(frozen=True)
class SpecStatus:
    slug: str
    title: str
    kind: str | None
    status: str | None
    champions: tuple[str, ...]
    reviews: tuple[int, ...]  # the :Reviews: numbers, known with or without review data
    changes: tuple[ChangeStatus, ...]
    pending: tuple[PendingMove, ...]


@dataclass(frozen=True)
class QueryStatus:
    title: str
    query: str
    url: str | None  # the query on the Gerrit server's web UI; None without a server
    changes: tuple[ChangeStatus, ...]


@dataclass(frozen=True)
class StatusReport:
    generated: datetime
    stale_days: int
    specs: tuple[SpecStatus, ...]
    stale: tuple[ChangeStatus, ...]
    queries: tuple[QueryStatus, ...]
    snapshot: Snapshot | None  # the review data the report was built from; None: there is none

    @property
    def snapshot_age(self) -> timedelta | None:
        return self.snapshot.age(self.generated) if self.snapshot else None

    @property
    def pending(self) -> tuple[PendingMove, ...]:
        return tuple(move for spec in self.specs for move in spec.pending)


def query_url(server: str | None, query: str) -> str | None:
    """*query* on the web UI of the Gerrit server at *server*, or None without a server."""
    if not server:
        return None
    return server.rstrip("/") + "/q/" + quote(query, safe=":=<>/")


def change_status(change: Change, now: datetime, roles: LabelMap, stale_days: int) -> ChangeStatus:
    return ChangeStatus(
        change=change,
        state=review_state(change, roles),
        summary=state_summary(change, now, roles),
        stale=change.is_open and now - change.updated > timedelta(days=stale_days),
    )


def _order(statuses) -> tuple[ChangeStatus, ...]:
    # Open changes first, most recently updated first, as Gerrit lists them.
    return tuple(sorted(statuses, key=lambda s: (not s.change.is_open, -s.change.updated.timestamp(), s.number)))


def pending_target(spec, change: Change) -> str | None:
    """The status *change* would give *spec*, read from the revision's files, or None.

    A proposal renamed from specs/ to workstreams/ is being accepted: it will
    be an active workstream. A change that edits the spec's file in place
    gives it the :Status: the file has at the change's revision (read by the
    sync); the caller compares it with the spec's status.
    """
    if not change.is_open or not spec.kind or not spec.status:
        return None
    slug = spec.slug
    if spec.kind == PROPOSAL and (
        moves_to_workstreams(change, slug)
        or (f"workstreams/{slug}.rst" in change.files and spec.path.parent.name == "specs")
    ):
        return "active"
    paths = spec_files(slug)
    return next((status for path, status in change.spec_statuses if path in paths and status), None)


def _spec_status(spec, index: ChangeIndex, config: GerritConfig | None, now, stale_days) -> SpecStatus:
    roles = config.labels if config else LabelMap()
    project = config.project if config else None
    mine = _order(change_status(c, now, roles, stale_days) for c in index.changes_of(spec, project))
    pending = []
    for status in mine:
        target = pending_target(spec, status.change)
        if target and target != spec.status:
            pending.append(PendingMove(spec.slug, spec.status, target, status))
    return SpecStatus(
        slug=spec.slug,
        title=spec.title,
        kind=spec.kind,
        status=spec.status,
        champions=tuple(spec.champions),
        reviews=tuple(spec.reviews),
        changes=mine,
        pending=tuple(pending),
    )


def build_status(specs, snapshot, config: GerritConfig | None, now: datetime,
                 stale_days: int = DEFAULT_STALE_DAYS) -> StatusReport:
    """Every spec with its changes and their states, the stale changes, the tracked queries."""
    changes = snapshot.changes if snapshot else ()
    roles = config.labels if config else LabelMap()
    index = ChangeIndex.build(changes)
    spec_statuses = tuple(_spec_status(spec, index, config, now, stale_days) for spec in specs)
    by_number = {change.number: change for change in changes}
    server = config.url if config else None
    queries = []
    if snapshot:
        for answer in snapshot.queries:
            found = (by_number[n] for n in answer.numbers if n in by_number)
            queries.append(QueryStatus(answer.title, answer.query, query_url(server, answer.query),
                                       _order(change_status(c, now, roles, stale_days) for c in found)))
    seen: dict[int, ChangeStatus] = {}
    for status in (s for spec in spec_statuses for s in spec.changes):
        seen.setdefault(status.number, status)
    for status in (s for query in queries for s in query.changes):
        seen.setdefault(status.number, status)
    stale = tuple(sorted((s for s in seen.values() if s.stale), key=lambda s: (s.change.updated, s.number)))
    return StatusReport(
        generated=now,
        stale_days=stale_days,
        specs=spec_statuses,
        stale=stale,
        queries=tuple(queries),
        snapshot=snapshot,
    )


def change_status_json(status: ChangeStatus, roles: LabelMap = LabelMap()) -> dict:
    return {**change_json(status.change, roles), "summary": status.summary, "stale": status.stale}


def status_json(report: StatusReport, roles: LabelMap = LabelMap()) -> dict:
    """The one JSON shape of a StatusReport (``archwg status --format json``, the site's status.json)."""
    return {
        "generated": report.generated.isoformat(),
        "stale_days": report.stale_days,
        "snapshot": None if report.snapshot is None else {
            "server": report.snapshot.server,
            "fetched": report.snapshot.fetched.isoformat(),
            "age_hours": round(report.snapshot_age.total_seconds() / 3600, 1),
            "server_version": report.snapshot.server_version,
        },
        "specs": [
            {
                "slug": spec.slug,
                "title": spec.title,
                "kind": spec.kind,
                "status": spec.status,
                "champion": list(spec.champions),
                "reviews": list(spec.reviews),
                "changes": [change_status_json(s, roles) for s in spec.changes],
                "pending": [
                    {"change": move.change.number, "from": move.current, "to": move.target,
                     "state": move.change.state, "summary": move.describe()}
                    for move in spec.pending
                ],
            }
            for spec in report.specs
        ],
        "stale": [s.number for s in report.stale],
        "queries": [
            {"title": q.title, "query": q.query, "url": q.url, "changes": [change_status_json(s, roles) for s in q.changes]}
            for q in report.queries
        ],
    }
