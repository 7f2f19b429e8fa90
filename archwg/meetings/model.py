"""The data every meeting flow shares. Pure: no I/O, no clock.

Readers turn a file into ``Line`` values; ``meeting.py`` turns a Line stream
into ``Meeting`` values (minutes files, which have no lines, are read straight
into Meetings); ``carry.py`` carries ``ActionItem`` values over a series.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from archwg.dates import MONTH_ABBREVIATIONS

# Precision of a date as the group wrote it: "Feb 9 2017" is a day, "Jan 2017" a month.
DAY = "day"
MONTH = "month"


# Slotted: a long log makes millions of Lines and Items. A Line lives only from
# its reader to the MeetingBuilder, so it is not frozen: a frozen dataclass sets
# each field through object.__setattr__, 10% of the fast reader's time.
@dataclass(slots=True)
class Line:
    """One message of a log. ``nick`` is None where the copy lost it (seed 004)."""

    number: int  # 1-based line number in the source file (0 when unknown)
    time: str | None  # "HH:MM:SS" or "HH:MM" as written
    nick: str | None
    text: str
    is_action: bool = False  # a /me line: "HH:MM:SS  * nick text"
    date: date | None = None  # only formats that write it per line (weechat)


@dataclass(frozen=True, slots=True)
class Item:
    """One thing MeetBot recorded: ``#topic``, ``#action``, ``#info``, a bare link..."""

    kind: str  # topic, action, info, idea, agreed, accepted, rejected, help, link, vote
    text: str
    nick: str | None
    time: str | None
    line: int
    topic: str | None = None  # the topic in force when it was recorded


@dataclass(frozen=True)
class Meeting:
    """One meeting, from #startmeeting to #endmeeting (or the end of the file)."""

    name: str  # the meeting id / series (after #meetingname)
    start: datetime  # UTC, naive
    source: str  # the file it came from
    chairs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    # Nick -> lines said, in order of first line, the bot included (MeetBot does the same).
    lines_said: tuple[tuple[str, int], ...] = ()
    # Everybody who counts as present for owner matching: spoke, #chair'ed or #nick'ed.
    people: frozenset[str] = frozenset()
    bot: str | None = None  # the meeting bot's nick, when known
    # What the chairs said that is not a command and may read out last
    # meeting's action items (meeting.is_review_line), with the topic in force.
    # Only those: a channel log's years of chair talk would fill memory.
    chair_lines: tuple[Item, ...] = ()
    ended: bool = True
    warnings: tuple[str, ...] = ()
    # The series its MeetBot file name gives, as written ("storagesync" of
    # storagesync.2018-07-10-13.33.log.txt); None for a file without such a name.
    file_series: str | None = None
    ended_at: str | None = None  # the time of the #endmeeting line, as written
    # MeetBot's meeting topic: the #startmeeting text as written (or #meetingtopic's), for the minutes' title.
    meeting_topic: str | None = None
    channel: str | None = None  # "#fedora-meeting", when the log tells it

    @property
    def date(self) -> date:
        return self.start.date()

    @property
    def actions(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.kind == "action")


@dataclass(frozen=True)
class Since:
    """When an action item was first recorded, at the precision the group wrote."""

    date: date
    precision: str = DAY  # DAY or MONTH

    def iso(self) -> str:
        return self.date.isoformat() if self.precision == DAY else f"{self.date.year:04d}-{self.date.month:02d}"

    def human(self) -> str:
        # The group's own spelling: "Feb 9 2017" / "Jan 2017".
        if self.precision == DAY:
            return f"{MONTH_ABBREVIATIONS[self.date.month - 1]} {self.date.day} {self.date.year}"
        return f"{MONTH_ABBREVIATIONS[self.date.month - 1]} {self.date.year}"


def last_day_of(since: Since) -> date:
    """The last day *since* may stand for: "Jan 2017" is counted from the month's end, never overcounted."""
    if since.precision == DAY:
        return since.date
    following = date(since.date.year + since.date.month // 12, since.date.month % 12 + 1, 1)
    return following - timedelta(days=1)


# Carried through this many meetings or more, an item is "stuck".
STUCK_MEETINGS = 3


@dataclass(frozen=True)
class ActionItem:
    owners: tuple[str, ...]  # empty: UNASSIGNED
    text: str  # as written after #action, without the carried suffix
    # None only for an item known from a meeting's read-out alone, with no date written.
    since: Since | None
    recorded: tuple[date, ...] = ()  # every meeting that recorded it, oldest first
    reviewed: bool = True  # False when the latest meeting never mentioned it
    closed: date | None = None
    meeting: str = ""  # series id
    links: tuple[str, ...] = field(default=())  # spec slugs the text mentions
    # Its first recording in the series already bore a carried suffix ("[carried over]"):
    # carried before, even when that suffix names no date earlier than the meeting.
    marked_carried: bool = False
    # The meetings it stayed open through after the one that first wrote it (its since date), up
    # to the newest meeting read: the description's scheduled meetings and those logged
    # (archwg.meetings.carry.with_schedule). None: no schedule known, the recordings tell.
    open_through: tuple[date, ...] | None = None

    @property
    def carried_through(self) -> int:
        """How many meetings carried it: those after the one that first wrote it, "(Carried since
        Jan 26 2017)" included, up to the newest meeting read. Without a schedule, the meetings
        that recorded it after its since date (its first recording when it has none)."""
        if self.open_through is not None:
            return len(self.open_through)
        if self.since is None:
            return max(len(self.recorded) - 1, 0)
        return sum(1 for day in self.recorded if day > last_day_of(self.since))

    @property
    def stuck(self) -> bool:
        """Carried through STUCK_MEETINGS meetings or more: the chair should ask why."""
        return self.carried_through >= STUCK_MEETINGS


@dataclass(frozen=True)
class CarryReport:
    """What carrying a series gives (``carry.py``): its open and closed items after the newest meeting."""

    series: str
    date: date | None  # the newest meeting's
    source: str
    open: tuple[ActionItem, ...]
    closed: tuple[ActionItem, ...]
    warnings: tuple[str, ...] = ()
    meetings: int = 0
