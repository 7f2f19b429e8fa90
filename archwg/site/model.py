"""The status report of the site and the Sphinx extension: one frozen value, pure.

``build_report`` (no I/O, ``now`` passed in) takes the specs as read, the
review data (the Gerrit configuration and snapshot, or none) and the meetings
part (archwg/status_model.py). The review part is archwg/report.py's
``build_status`` (which changes belong to a spec, their states, pending
moves, staleness: decided there once); this adds what the site shows around
it: History, open action items, meetings, review buckets, status changes.
``report_json`` is the one JSON shape: ``status_json``'s document plus these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Sequence

from archwg.site.reviews import ReviewInput
from archwg.specs.history import HistoryRow
from archwg.specs.model import Field, Spec
from archwg.status_model import MeetingsStatus, Mention, OpenItem, meetings_json

STALE_DAYS = 14  # an open change with no activity this long is stale, as `archwg status` says
WAYWARD_DAYS = 7  # gerrit-dash-creator's "no review in the last 7 days"


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

    def as_spec(self) -> Spec:
        """The Spec archwg/report.py reads (metadata only: no sections, no lines)."""
        return Spec(path=Path(self.path), title=self.title, title_line=0,
                    fields=tuple(Field(name, value, 0) for name, value in self.fields), sections=())


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
    changes: tuple  # archwg.report.ChangeStatus, open first
    pending: tuple  # archwg.report.PendingMove
    open_items: tuple[OpenItem, ...]
    mentions: tuple[Mention, ...]
    problems: tuple[str, ...]

    @property
    def last_mentioned(self) -> date | None:
        return self.mentions[-1].date if self.mentions else None


@dataclass(frozen=True)
class Bucket:
    """A gerrit-dash-creator section: unlike archwg.report.QueryStatus, not Gerrit's answer to its query.

    Its changes are the specs' own, picked here by their review state (the
    query and its URL only let people run the same search on the server).
    """

    key: str
    title: str
    description: str
    query: str
    url: str | None
    changes: tuple  # archwg.report.ChangeStatus


@dataclass(frozen=True)
class StatusChange:
    date: str
    slug: str
    title: str
    status: str
    note: str


@dataclass(frozen=True)
class StatusReport:
    review: object  # archwg.report.StatusReport: the review part, as `archwg status` has it
    roles: object  # LabelMap: which label plays which role
    group: str
    generated: datetime
    gerrit_url: str | None
    snapshot_digest: str | None
    specs: tuple[SpecStatus, ...]
    queries: tuple  # archwg.report.QueryStatus
    buckets: tuple[Bucket, ...]
    meetings: MeetingsStatus | None
    status_changes: tuple[StatusChange, ...]  # from the History tables, oldest first
    merged: tuple  # merged changes of the specs (archwg.report.ChangeStatus), newest first
    # Without review data: why, as `archwg status` says it (archwg/gerrit/session.py); () with review data.
    review_notices: tuple[str, ...] = ()

    @property
    def snapshot(self):
        """archwg.gerrit.snapshot.Snapshot, or None: no review data, and every review view says so."""
        return self.review.snapshot

    @property
    def snapshot_age(self) -> timedelta | None:
        return self.review.snapshot_age

    @property
    def missing_reviews(self) -> str:
        """What a page shows where review data would be: the notices about its absence, as sentences."""
        return " ".join(notice[:1].upper() + notice[1:].rstrip(".") + "." for notice in self.review_notices)

    def spec(self, slug: str) -> SpecStatus | None:
        return next((spec for spec in self.specs if spec.slug == slug), None)

    def days_since(self, moment: datetime) -> int:
        return max(0, (self.generated - moment) // timedelta(days=1))


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
BUCKET_STATES = {"blocked": "blocked", "negative": "changes-requested", "ready": "ready", "gate": "approved"}


def _in_bucket(key: str, view, roles, now: datetime) -> bool:
    change = view.change
    if not change.is_open:
        return False
    if key == "wayward":
        return (not change.votes(roles.review) and view.state != "wip"
                and now - change.updated >= timedelta(days=WAYWARD_DAYS))
    return view.state == BUCKET_STATES[key]


def build_report(
    specs: Sequence[SpecSource],
    reviews: ReviewInput | None,
    meetings: MeetingsStatus | None,
    now: datetime,
    group: str = "",
    stale_days: int = STALE_DAYS,
) -> StatusReport:
    """Every spec with its metadata, History, changes, pending move, open items and mentions; the rest."""
    from archwg.gerrit.config import LabelMap
    from archwg.gerrit.session import missing_notice
    from archwg.report import build_status, query_url

    ordered = sorted(specs, key=lambda spec: spec.slug)
    config = reviews.config if reviews else None
    snapshot = reviews.snapshot if reviews else None
    roles = reviews.roles if reviews else LabelMap()
    review = build_status([source.as_spec() for source in ordered], snapshot, config, now, stale_days)
    server = getattr(config, "url", None)
    project = getattr(config, "project", None)

    spec_statuses = []
    for source, status in zip(ordered, review.specs):
        spec_statuses.append(SpecStatus(
            slug=source.slug,
            path=source.path,
            title=source.title or source.slug,
            kind=status.kind,
            status=status.status,
            champions=status.champions,
            created=(source.field("Created") or "").strip() or None,
            topic=(source.field("Topic") or "").strip() or None,
            reviews=status.reviews,
            history=source.history,
            changes=status.changes,
            pending=status.pending,
            open_items=meetings.items_naming(source.slug) if meetings else (),
            mentions=meetings.mentions_of(source.slug) if meetings else (),
            problems=source.problems,
        ))

    buckets: list[Bucket] = []
    merged: list = []
    if snapshot is not None:
        ours = {view.number: view for spec in spec_statuses for view in spec.changes}
        unique = sorted(ours.values(), key=lambda view: (view.change.updated, view.number))
        for key, title, description, query in BUCKETS:
            scoped = f"project:{project} {query}" if project else query
            members = tuple(view for view in unique if _in_bucket(key, view, roles, now))
            buckets.append(Bucket(key, title, description, scoped, query_url(server, scoped), members))
        merged = sorted((view for view in unique if view.state == "merged"),
                        key=lambda view: view.change.updated, reverse=True)

    notices = ()
    if snapshot is None:
        notices = (reviews.notices if reviews else ()) or (missing_notice(config),)

    changes_over_time = sorted(
        (StatusChange(row.date, spec.slug, spec.title, row.status, row.note)
         for spec in spec_statuses for row in spec.history if row.date),
        key=lambda entry: (entry.date, entry.slug),
    )
    return StatusReport(
        review=review,
        roles=roles,
        group=group,
        generated=now,
        gerrit_url=server,
        snapshot_digest=reviews.digest if reviews else None,
        specs=tuple(spec_statuses),
        queries=review.queries,
        buckets=tuple(buckets),
        meetings=meetings,
        status_changes=tuple(changes_over_time),
        merged=tuple(merged),
        review_notices=tuple(notices),
    )


# --- JSON: one document for `archwg status --format json`, status.json and archwg.json -----------


def report_json(report: StatusReport) -> dict:
    """``status_json``'s document (archwg/report.py), with what the site adds around it."""
    from archwg.report import status_json

    data = status_json(report.review, report.roles)
    data["group"] = report.group
    data["gerrit"] = report.gerrit_url
    if data["snapshot"] is not None:
        data["snapshot"]["sha256"] = report.snapshot_digest
    for entry, spec in zip(data["specs"], report.specs):
        entry.update({
            "path": spec.path,
            "created": spec.created,
            "topic": spec.topic,
            "history": [{"date": row.date, "status": row.status, "note": row.note} for row in spec.history],
            "open_items": [{"owners": list(item.owners), "text": item.text, "since": item.since,
                            "carried_through": item.carried_through, "stuck": item.stuck}
                           for item in spec.open_items],
            "last_mentioned": spec.last_mentioned.isoformat() if spec.last_mentioned else None,
            "mentioned": [{"date": mention.date.isoformat(), "source": mention.source} for mention in spec.mentions],
            "problems": list(spec.problems),
        })
    data["buckets"] = [{"key": bucket.key, "title": bucket.title, "query": bucket.query, "url": bucket.url,
                        "changes": [view.number for view in bucket.changes]} for bucket in report.buckets]
    data["meetings"] = meetings_json(report.meetings)
    data["status_changes"] = [{"date": entry.date, "slug": entry.slug, "status": entry.status, "note": entry.note}
                              for entry in report.status_changes]
    return data
