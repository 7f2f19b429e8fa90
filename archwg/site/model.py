"""The status report: one frozen value that the site, the Sphinx extension and ``status.json`` read.

``build_report`` is pure (no I/O, ``now`` passed in): specs as read, review
data from the Gerrit snapshot (or None) and the meetings part
(archwg/status_model.py) go in, one ``StatusReport`` comes out.
``report_json`` is the one JSON shape of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Sequence
from urllib.parse import quote

from archwg.site.reviews import ReviewChange, ReviewData
from archwg.specs.history import HistoryRow
from archwg.specs.model import FOLDER_OF_KIND, split_list
from archwg.status_model import MeetingsStatus, Mention, OpenItem, meetings_json

STALE_DAYS = 14  # an open change with no activity this long is marked stale (as `archwg status`)
WAYWARD_DAYS = 7  # gerrit-dash-creator's "no review in the last 7 days"
REVIEW_LABEL = "Code-Review"


@dataclass(frozen=True)
class SpecSource:
    """One spec as read from its file (by archwg or by Sphinx): what the report needs of it."""

    slug: str
    path: str  # relative to the repository, e.g. specs/dlm.rst
    title: str
    fields: tuple[tuple[str, str], ...]  # the metadata field list, as written
    history: tuple[HistoryRow, ...] = ()
    problems: tuple[str, ...] = ()  # broken metadata: shown as a warning badge, never fatal

    def field(self, name: str) -> str | None:
        for key, value in self.fields:
            if key.lower() == name.lower():
                return value
        return None


@dataclass(frozen=True)
class ChangeStatus:
    change: ReviewChange
    age_days: int  # since its last update
    stale: bool


@dataclass(frozen=True)
class PendingMove:
    number: int
    url: str
    state: str
    current: str | None
    target: str
    age_days: int


@dataclass(frozen=True)
class SpecStatus:
    slug: str
    path: str
    title: str
    kind: str | None
    status: str | None
    champions: tuple[str, ...]
    created: str | None
    topic: str | None
    reviews: tuple[int, ...]
    history: tuple[HistoryRow, ...]
    changes: tuple[ChangeStatus, ...]
    pending: tuple[PendingMove, ...]
    open_items: tuple[OpenItem, ...]
    mentions: tuple[Mention, ...]
    problems: tuple[str, ...]

    @property
    def last_mentioned(self) -> date | None:
        return self.mentions[-1].date if self.mentions else None


@dataclass(frozen=True)
class QueryStatus:
    title: str
    query: str
    url: str | None
    changes: tuple[ChangeStatus, ...]


@dataclass(frozen=True)
class Bucket:
    key: str
    title: str
    description: str
    query: str
    url: str | None
    changes: tuple[ChangeStatus, ...]


@dataclass(frozen=True)
class StatusChange:
    date: str
    slug: str
    title: str
    status: str
    note: str


@dataclass(frozen=True)
class SnapshotInfo:
    server: str
    fetched: datetime
    age_seconds: int
    digest: str


@dataclass(frozen=True)
class StatusReport:
    group: str
    generated: datetime
    gerrit_url: str | None
    snapshot: SnapshotInfo | None  # None: no review data, and every review view says so
    specs: tuple[SpecStatus, ...]
    queries: tuple[QueryStatus, ...]
    buckets: tuple[Bucket, ...]
    meetings: MeetingsStatus | None
    status_changes: tuple[StatusChange, ...]  # from the History tables, oldest first
    merged: tuple[ChangeStatus, ...]  # merged changes of the specs, newest first

    def spec(self, slug: str) -> SpecStatus | None:
        return next((spec for spec in self.specs if spec.slug == slug), None)


# gerrit-dash-creator's all-the-specs.dash sections, as (key, title, what it means, query).
BUCKETS = (
    ("blocked", "Blocked", "a -2 stops it", "status:open label:Code-Review<=-2"),
    ("wayward", "Wayward", f"no review in the last {WAYWARD_DAYS} days",
     f"status:open NOT label:Code-Review<=2 age:{WAYWARD_DAYS}d"),
    ("negative", "Some negative feedback", "a -1, no -2",
     "status:open label:Code-Review<=-1 NOT label:Code-Review<=-2"),
    ("ready", "Ready for approval", "a +2, no -1 and no +A yet",
     "status:open label:Code-Review>=2 NOT label:Code-Review<=-1 NOT label:Workflow>=1"),
    ("gate", "In the gate", "approved (+A), merging", "status:open label:Workflow>=1"),
)


def query_url(server: str | None, query: str) -> str | None:
    if not server:
        return None
    return server.rstrip("/") + "/q/" + quote(query, safe=":=<>/")


def _days(now: datetime, then: datetime) -> int:
    return max(0, (now - then) // timedelta(days=1))


def _change_status(change: ReviewChange, now: datetime, stale_days: int) -> ChangeStatus:
    age = _days(now, change.updated)
    return ChangeStatus(change, age, change.is_open and age >= stale_days)


def _belongs(change: ReviewChange, source: SpecSource, numbers: tuple[int, ...], topic: str | None,
             project: str | None) -> bool:
    if change.number in numbers:
        return True
    if topic and change.topic == topic:
        return True
    if project is not None and change.project != project:
        return False
    # A status move renames the file into the other folder: either one counts.
    files = {f"{folder}/{source.slug}.rst" for folder in FOLDER_OF_KIND.values()}
    return any(path in files for path in change.files)


def _reviewed(change: ReviewChange) -> bool:
    return any(votes for label, votes in change.labels if label == REVIEW_LABEL)


def _in_bucket(key: str, view: ChangeStatus, now: datetime) -> bool:
    change = view.change
    if not change.is_open:
        return False
    if key == "blocked":
        return change.state == "blocked"
    if key == "wayward":
        return not _reviewed(change) and _days(now, change.updated) >= WAYWARD_DAYS and change.state != "wip"
    if key == "negative":
        return change.state == "changes-requested"
    if key == "ready":
        return change.state == "ready"
    return change.state == "approved"


def build_report(
    specs: Sequence[SpecSource],
    reviews: ReviewData | None,
    meetings: MeetingsStatus | None,
    now: datetime,
    group: str = "",
    gerrit_url: str | None = None,
    stale_days: int = STALE_DAYS,
) -> StatusReport:
    """Every spec with its metadata, History, changes, pending move, open items and mentions; the rest."""
    server = gerrit_url or (reviews.server if reviews else None)
    project = reviews.project if reviews else None
    spec_statuses = []
    spec_numbers: set[int] = set()
    # Candidates per spec by number, topic and file, so each spec looks at its own changes only.
    by_number: dict[int, ReviewChange] = {}
    by_topic: dict[str, list[ReviewChange]] = {}
    by_file: dict[str, list[ReviewChange]] = {}
    for change in reviews.changes if reviews is not None else ():
        by_number[change.number] = change
        if change.topic:
            by_topic.setdefault(change.topic, []).append(change)
        for path in change.files:
            by_file.setdefault(path, []).append(change)
    for source in sorted(specs, key=lambda spec: spec.slug):
        numbers = tuple(int(part) for part in split_list(source.field("Reviews")) if part.isdigit())
        topic = (source.field("Topic") or "").strip() or None
        candidates = {number: by_number[number] for number in numbers if number in by_number}
        for change in by_topic.get(topic, ()) if topic else ():
            candidates[change.number] = change
        for folder in FOLDER_OF_KIND.values():
            for change in by_file.get(f"{folder}/{source.slug}.rst", ()):
                candidates[change.number] = change
        changes = [_change_status(change, now, stale_days) for change in candidates.values()
                   if _belongs(change, source, numbers, topic, project)]
        changes.sort(key=lambda view: (not view.change.is_open, -view.change.number))
        spec_numbers.update(view.change.number for view in changes)
        status = (source.field("Status") or "").strip().lower() or None
        pending = tuple(
            PendingMove(view.change.number, view.change.url, view.change.state, status,
                        view.change.target_status, view.age_days)
            for view in changes
            if view.change.is_open and view.change.target_status and view.change.target_status != status
        )
        spec_statuses.append(SpecStatus(
            slug=source.slug,
            path=source.path,
            title=source.title or source.slug,
            kind=(source.field("Kind") or "").strip().lower() or None,
            status=status,
            champions=split_list(source.field("Champion")),
            created=(source.field("Created") or "").strip() or None,
            topic=topic,
            reviews=numbers,
            history=source.history,
            changes=tuple(changes),
            pending=pending,
            open_items=meetings.items_naming(source.slug) if meetings else (),
            mentions=meetings.mentions_of(source.slug) if meetings else (),
            problems=source.problems,
        ))

    queries: list[QueryStatus] = []
    buckets: list[Bucket] = []
    merged: list[ChangeStatus] = []
    snapshot = None
    if reviews is not None:
        by_number = {change.number: change for change in reviews.changes}
        for query in reviews.queries:
            found = [_change_status(by_number[n], now, stale_days) for n in query.numbers if n in by_number]
            queries.append(QueryStatus(query.title, query.query, query_url(server, query.query), tuple(found)))
        ours = [view for spec in spec_statuses for view in spec.changes]
        unique = list({view.change.number: view for view in ours}.values())
        unique.sort(key=lambda view: view.change.updated)
        for key, title, description, query in BUCKETS:
            scoped = f"project:{project} {query}" if project else query
            members = tuple(view for view in unique if _in_bucket(key, view, now))
            buckets.append(Bucket(key, title, description, scoped, query_url(server, scoped), members))
        merged = sorted((view for view in unique if view.change.state == "merged"),
                        key=lambda view: view.change.updated, reverse=True)
        snapshot = SnapshotInfo(reviews.server, reviews.fetched, int((now - reviews.fetched).total_seconds()),
                                reviews.digest)

    changes_over_time = sorted(
        (StatusChange(row.date, spec.slug, spec.title, row.status, row.note)
         for spec in spec_statuses for row in spec.history if row.date),
        key=lambda entry: (entry.date, entry.slug),
    )
    return StatusReport(
        group=group,
        generated=now,
        gerrit_url=server,
        snapshot=snapshot,
        specs=tuple(spec_statuses),
        queries=tuple(queries),
        buckets=tuple(buckets),
        meetings=meetings,
        status_changes=tuple(changes_over_time),
        merged=tuple(merged),
    )


# --- JSON: the one shape of `archwg status --format json`, status.json and archwg.json ----------


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def change_json(view: ChangeStatus) -> dict:
    change = view.change
    return {
        "number": change.number,
        "project": change.project,
        "subject": change.subject,
        "owner": change.owner,
        "status": change.status,
        "state": change.state,
        "url": change.url,
        "created": _time(change.created),
        "updated": _time(change.updated),
        "age_days": view.age_days,
        "stale": view.stale,
        "labels": {label: [{"value": value, "by": by} for value, by in votes] for label, votes in change.labels},
        "target_status": change.target_status,
    }


def spec_status_json(spec: SpecStatus) -> dict:
    return {
        "slug": spec.slug,
        "path": spec.path,
        "title": spec.title,
        "kind": spec.kind,
        "status": spec.status,
        "champion": list(spec.champions),
        "created": spec.created,
        "topic": spec.topic,
        "reviews": list(spec.reviews),
        "history": [{"date": row.date, "status": row.status, "note": row.note} for row in spec.history],
        "changes": [change_json(view) for view in spec.changes],
        "pending": [{"number": move.number, "url": move.url, "state": move.state, "from": move.current,
                     "to": move.target, "age_days": move.age_days} for move in spec.pending],
        "open_items": [{"owners": list(item.owners), "text": item.text, "since": item.since,
                        "carried_through": item.carried_through, "stuck": item.stuck} for item in spec.open_items],
        "last_mentioned": spec.last_mentioned.isoformat() if spec.last_mentioned else None,
        "mentioned": [{"date": mention.date.isoformat(), "source": mention.source} for mention in spec.mentions],
        "problems": list(spec.problems),
    }


def report_json(report: StatusReport) -> dict:
    snapshot = report.snapshot
    return {
        "format": 1,
        "group": report.group,
        "generated": _time(report.generated),
        "gerrit": report.gerrit_url,
        "snapshot": None if snapshot is None else {
            "server": snapshot.server, "fetched": _time(snapshot.fetched), "age_seconds": snapshot.age_seconds,
            "sha256": snapshot.digest,
        },
        "specs": [spec_status_json(spec) for spec in report.specs],
        "queries": [{"title": query.title, "query": query.query, "url": query.url,
                     "changes": [change_json(view) for view in query.changes]} for query in report.queries],
        "buckets": [{"key": bucket.key, "title": bucket.title, "query": bucket.query, "url": bucket.url,
                     "changes": [view.change.number for view in bucket.changes]} for bucket in report.buckets],
        "meetings": meetings_json(report.meetings),
        "status_changes": [{"date": entry.date, "slug": entry.slug, "status": entry.status, "note": entry.note}
                           for entry in report.status_changes],
    }
