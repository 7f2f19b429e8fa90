"""The meetings part of the status report: pure, from a carried series to what the site shows.

From the meetings of one series (oldest first), the result of carrying their
action items and the specs' slugs: the open items by person with how many
meetings each has been carried through, the open-item count after each
meeting (opened, closed, carried), the meetings that mentioned each spec, and
the next meeting. No I/O and no clock: the caller passes the next meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Sequence

from archwg.meetings.carry import CarryReport
from archwg.meetings.model import ActionItem, Meeting
from archwg.meetings.owners import UNASSIGNED
from archwg.specs.links import slugs_named


@dataclass(frozen=True)
class OpenItem:
    owners: tuple[str, ...]
    text: str
    since: str | None  # ISO date (or YYYY-MM) the group first wrote it
    recorded: date | None  # the first meeting of the series that recorded it
    carried_through: int  # ActionItem.carried_through: meetings that recorded it again
    links: tuple[str, ...]  # slugs of the specs it names
    stuck: bool = False  # ActionItem.stuck


@dataclass(frozen=True)
class MeetingPoint:
    """The open action items after one meeting of the series."""

    date: date
    source: str
    opened: int  # first recorded at this meeting
    closed: int  # closed at this meeting
    carried: int  # open before it and still open after it
    open: int  # opened + carried


@dataclass(frozen=True)
class Mention:
    date: date
    source: str


@dataclass(frozen=True)
class MeetingsStatus:
    series: str
    points: tuple[MeetingPoint, ...]
    open_items: tuple[OpenItem, ...]
    by_person: tuple[tuple[str, tuple[OpenItem, ...]], ...]  # UNASSIGNED last, only people with items
    mentions: tuple[tuple[str, tuple[Mention, ...]], ...]  # slug -> meetings that named it, oldest first
    next_meeting: datetime | None  # UTC, naive, as the schedule gives it
    warnings: tuple[str, ...] = ()

    def items_naming(self, slug: str) -> tuple[OpenItem, ...]:
        return tuple(item for item in self.open_items if slug in item.links)

    def mentions_of(self, slug: str) -> tuple[Mention, ...]:
        return dict(self.mentions).get(slug, ())


def _slugs_named(text: str, slugs: Sequence[str]) -> tuple[str, ...]:
    """archwg/specs/links.py's rule, asked only about the slugs the text holds at all (most hold none)."""
    lowered = text.lower()
    return slugs_named(text, [slug for slug in slugs if slug.lower() in lowered])


def _first_recorded(item: ActionItem) -> date | None:
    if item.recorded:
        return item.recorded[0]
    return item.since.date if item.since else None


def meetings_status(
    meetings: Sequence[Meeting],
    carried: CarryReport,
    slugs: Sequence[str],
    next_meeting: datetime | None,
) -> MeetingsStatus:
    """The meetings part of the report. *meetings*: the series oldest first, with every item kept."""
    every = (*carried.open, *carried.closed)

    points = []
    for meeting in meetings:
        day = meeting.date
        opened = closed = carried_count = 0
        for item in every:
            first = _first_recorded(item)
            if first is None:
                continue
            if item.closed == day:
                closed += 1
            if first > day or (item.closed is not None and item.closed <= day):
                continue
            if first == day:
                opened += 1
            else:
                carried_count += 1
        points.append(MeetingPoint(day, meeting.source, opened, closed, carried_count, opened + carried_count))

    open_items = []
    for item in carried.open:
        open_items.append(OpenItem(
            owners=item.owners,
            text=item.text,
            since=item.since.iso() if item.since else None,
            recorded=item.recorded[0] if item.recorded else None,
            carried_through=item.carried_through,
            links=_slugs_named(item.text, slugs),
            stuck=item.stuck,
        ))

    groups: dict[str, tuple[str, list[OpenItem]]] = {}
    unassigned: list[OpenItem] = []
    for item in open_items:
        if not item.owners:
            unassigned.append(item)
        for owner in item.owners:
            groups.setdefault(owner.lower(), (owner, []))[1].append(item)
    by_person = [(nick, tuple(items)) for nick, items in groups.values()]
    if unassigned:
        by_person.append((UNASSIGNED, tuple(unassigned)))

    mentions: dict[str, list[Mention]] = {}
    for meeting in meetings:
        texts = [item.text for item in meeting.items] + [line.text for line in meeting.chair_lines]
        text = "\n".join(texts)
        for slug in _slugs_named(text, slugs):
            mentions.setdefault(slug, []).append(Mention(meeting.date, meeting.source))

    return MeetingsStatus(
        series=carried.series,
        points=tuple(points),
        open_items=tuple(open_items),
        by_person=tuple(by_person),
        mentions=tuple(sorted((slug, tuple(found)) for slug, found in mentions.items())),
        next_meeting=next_meeting,
        warnings=carried.warnings,
    )


def meetings_json(status: MeetingsStatus | None) -> dict | None:
    if status is None:
        return None

    def item(entry: OpenItem) -> dict:
        return {
            "owners": list(entry.owners),
            "text": entry.text,
            "since": entry.since,
            "recorded": entry.recorded.isoformat() if entry.recorded else None,
            "carried_through": entry.carried_through,
            "stuck": entry.stuck,
            "links": list(entry.links),
        }

    return {
        "series": status.series,
        "next_meeting": status.next_meeting.isoformat() + "Z" if status.next_meeting else None,
        "after_each_meeting": [
            {"date": point.date.isoformat(), "source": point.source, "opened": point.opened,
             "closed": point.closed, "carried": point.carried, "open": point.open}
            for point in status.points
        ],
        "open_items": [item(entry) for entry in status.open_items],
        "by_person": [{"nick": nick, "items": [item(entry) for entry in items]} for nick, items in status.by_person],
        "warnings": list(status.warnings),
    }
