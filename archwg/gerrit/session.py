"""What the commands ask of Gerrit, each in one call: sync, read the review data, answer `reviews`.

These gather configuration, specs, the snapshot and the client at the
edge, then hand values to the pure core (model, query, report). Notices
for people (the data's age, its absence, a fallback to the snapshot) come
back as values; the front ends print them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Mapping

from archwg.errors import UsageError
from archwg.gerrit.client import GerritError, client_for, parse_body
from archwg.gerrit.config import URL_VARIABLE, GerritConfig, LabelMap, gerrit_config
from archwg.gerrit.model import Change, changes_from_body
from archwg.gerrit.snapshot import (
    OPTIONS,
    SUBMIT_REQUIREMENTS,
    Fetcher,
    Snapshot,
    SnapshotError,
    SyncResult,
    describe_age,
    load_snapshot,
    supports_submit_requirements,
    sync,
)

NO_DATA = "no review data: run `archwg gerrit sync`"
# Without a [gerrit] table `archwg gerrit sync` cannot run: say what it needs instead.
NO_SERVER = "no Gerrit server configured: add a [gerrit] table to archwg.toml"
OLD_AFTER = timedelta(days=1)


def missing_notice(gerrit: GerritConfig | None) -> str:
    """Why there is no review data and what to do about it: what every front end says."""
    return NO_SERVER if gerrit is None else NO_DATA


@dataclass(frozen=True)
class ReviewData:
    config: GerritConfig | None
    snapshot: Snapshot | None
    notices: tuple[str, ...]
    damaged: bool = False  # a snapshot file is there but cannot be read (the first notice says why)

    @property
    def roles(self) -> LabelMap:
        return self.config.labels if self.config else LabelMap()


@dataclass(frozen=True)
class ReviewsAnswer:
    changes: tuple[Change, ...]
    roles: LabelMap
    notices: tuple[str, ...]


def required_config(config, environ: Mapping[str, str]) -> GerritConfig:
    """The Gerrit server of *config* (archwg's Config), or a usage error saying how to name one."""
    found = gerrit_config(config, environ)
    if found is None:
        raise UsageError(f"no Gerrit server: add a [gerrit] table with url to archwg.toml or set {URL_VARIABLE}")
    return found


def sync_repository(config, now: datetime, full: bool = False, environ: Mapping[str, str] = os.environ,
                    progress: Callable[[int], None] | None = None) -> SyncResult:
    """``archwg gerrit sync``: refresh the snapshot of *config*'s repository from its server."""
    from archwg.specs.store import load_specs

    gerrit = required_config(config, environ)
    specs = load_specs(config.root, warn=lambda message: None)  # `archwg check` reports broken specs
    return sync(gerrit, specs, gerrit.snapshot_path(config.root), now, client=client_for(gerrit, environ),
                full=full, progress=progress)


def age_notice(snapshot: Snapshot, now: datetime) -> str | None:
    age = snapshot.age(now)
    if age <= OLD_AFTER:
        return None
    return (f"review data is {describe_age(age)} (synced {snapshot.fetched:%Y-%m-%d %H:%M} UTC): "
            "run `archwg gerrit sync`")


def read_review_data(config, now: datetime, environ: Mapping[str, str] = os.environ) -> ReviewData:
    """The Gerrit configuration and snapshot of *config* (archwg's Config), with what people should be told."""
    gerrit = gerrit_config(config, environ)
    root = config.root if config is not None else None
    if gerrit is None:
        return ReviewData(gerrit, None, (missing_notice(gerrit),))
    if root is None and not Path(gerrit.snapshot).is_absolute():
        return ReviewData(gerrit, None, (NO_DATA,))
    try:
        snapshot = load_snapshot(gerrit.snapshot_path(root), gerrit.labels)
    except SnapshotError as error:
        return ReviewData(gerrit, None, (f"{error}", NO_DATA), damaged=True)
    if snapshot is None:
        return ReviewData(gerrit, None, (NO_DATA,))
    if snapshot.server.rstrip("/") != gerrit.url.rstrip("/"):
        # Another server's changes would be shown as this one's, with its numbers and URLs.
        return ReviewData(gerrit, None, (f"the snapshot is from {snapshot.server}, not {gerrit.url}: "
                                         "run `archwg gerrit sync`",))
    notice = age_notice(snapshot, now)
    return ReviewData(gerrit, snapshot, (notice,) if notice else ())


def status_report(config, now: datetime, stale_days: int, environ: Mapping[str, str] = os.environ, *,
                  warn: Callable[[str], None]):
    """``archwg status``: the StatusReport of *config*'s repository and the notices about its data.

    A spec that cannot be read is left out and reported through *warn*.
    """
    from archwg.report import build_status
    from archwg.specs.store import load_specs

    data = read_review_data(config, now, environ)
    specs = load_specs(config.root, warn=warn)
    return build_status(specs, data.snapshot, data.config, now, stale_days), data


def read_body(source: str, stdin=None) -> str:
    if source == "-":
        return (stdin or sys.stdin).read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{source}: not a text file") from None


def reviews(config, now: datetime, *, slug: str | None = None, query: str | None = None,
            numbers: tuple[int, ...] = (), body_from: str | None = None,
            environ: Mapping[str, str] = os.environ, stdin=None) -> ReviewsAnswer:
    """``archwg reviews``: changes and their states from a saved body, the server, or the snapshot."""
    if sum(bool(x) for x in (slug, query is not None, numbers, body_from)) > 1:
        raise UsageError("give one of SLUG, --query, --change or --from")
    if query is not None and not query.strip():
        # An empty query is no filter: it would list the whole snapshot as if it were the answer.
        raise UsageError("--query needs a Gerrit query, such as 'status:open project:openstack/arch-wg'")
    root = config.root if config is not None else None
    if body_from is not None:
        gerrit = gerrit_config(config, environ)
        roles = gerrit.labels if gerrit else LabelMap()
        try:
            data = parse_body(read_body(body_from, stdin), body_from)
        except GerritError as error:
            raise UsageError(str(error)) from None
        changes = changes_from_body(data, gerrit.url if gerrit else None, roles)
        return ReviewsAnswer(tuple(sorted(changes, key=lambda c: c.number)), roles, ())

    if query or numbers:
        gerrit = required_config(config, environ)
        asked = query or " OR ".join(f"change:{n}" for n in numbers)
        known = read_review_data(config, now, environ).snapshot
        version = known.server_version if known is not None and known.server == gerrit.url else None
        options = OPTIONS + ((SUBMIT_REQUIREMENTS,) if supports_submit_requirements(version) else ())
        try:
            raw = Fetcher(client_for(gerrit, environ), options)(asked)
            changes = changes_from_body(raw, gerrit.url, gerrit.labels)
            return ReviewsAnswer(tuple(sorted(changes, key=lambda c: c.number)), gerrit.labels, ())
        except GerritError as error:
            data = read_review_data(config, now, environ)
            fallen = _from_snapshot(data, query, numbers, error)
            return ReviewsAnswer(fallen, data.roles, (f"cannot reach Gerrit ({error}): showing the snapshot",
                                                      *data.notices))

    spec = None
    if slug:
        from archwg.specs.store import find_spec

        # The spec first: an unknown slug is a mistake to point out whether or not there is review data.
        if root is None:
            raise UsageError("SLUG needs a spec repository (or use --from FILE)")
        spec = find_spec(root, slug)
    data = read_review_data(config, now, environ)
    if data.snapshot is None:
        return ReviewsAnswer((), data.roles, data.notices)
    changes = data.snapshot.changes
    if spec is not None:
        from archwg.gerrit.query import belongs

        changes = tuple(c for c in changes if belongs(c, spec, data.config.project if data.config else None))
    return ReviewsAnswer(tuple(sorted(changes, key=lambda c: c.number)), data.roles, data.notices)


def _from_snapshot(data: ReviewData, query: str | None, numbers: tuple[int, ...], error: GerritError):
    if data.snapshot is None:
        raise GerritError(f"{error}; {NO_DATA}")
    if numbers:
        return tuple(c for c in data.snapshot.changes if c.number in numbers)
    for answer in data.snapshot.queries:
        if answer.query == query:
            return tuple(c for c in data.snapshot.changes if c.number in answer.numbers)
    raise GerritError(f"{error}; the snapshot holds no answer to that query (only to tracked ones)")


@dataclass(frozen=True)
class ItemReviews:
    """Review notes of action items (keyed by the item's text) and what to tell about the data."""

    notes: tuple[tuple[str, tuple], ...]  # (item text, tuple[ReviewNote, ...])
    notices: tuple[str, ...]

    def for_item(self, item) -> tuple:
        return next((notes for text, notes in self.notes if text == item.text), ())


def item_reviews(config, items, now: datetime, environ: Mapping[str, str] = os.environ) -> ItemReviews | None:
    """Notes for *items* naming a spec slug, a change number or a change URL; None when no Gerrit is set up."""
    from archwg.gerrit.annotate import annotations
    from archwg.specs.store import load_specs

    if gerrit_config(config, environ) is None:
        return None
    data = read_review_data(config, now, environ)
    if data.snapshot is None:  # no review data: nothing to annotate, so no spec need be parsed
        return ItemReviews((), data.notices)
    specs = load_specs(config.root, warn=lambda message: None) if config.root is not None else []
    notes = tuple((item.text, annotations(item.text, specs, data.snapshot, now, data.config)) for item in items)
    return ItemReviews(tuple((text, found) for text, found in notes if found), data.notices)


def agenda_checkin(config, specs, now: datetime, environ: Mapping[str, str] = os.environ):
    """The agenda's check-in entries from the snapshot, and the notices about it: ((), ()) without Gerrit."""
    from archwg.gerrit.annotate import checkin

    if config is None or config.root is None or gerrit_config(config, environ) is None:
        return (), ()
    data = read_review_data(config, now, environ)
    return checkin(specs, data.snapshot, data.config, now), data.notices
