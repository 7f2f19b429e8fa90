"""When a meeting series meets: the rules of yaml2ical (OpenStack's irc-meetings), as pure functions.

A schedule entry names a weekday, a UTC time and a frequency. The frequencies
follow yaml2ical's recurrence.py exactly, including its choice to tie
alternating meetings to the parity of the ISO week number rather than to a
start date: ``biweekly-even`` meets in even ISO weeks. In a year with an ISO
week 53 this means a ``biweekly-odd`` series meets two weeks running (weeks 53
and 1) and a ``biweekly-even`` one waits three weeks (52 to 2); that is what
irc-meetings publishes, so it is what the group's chair announces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from archwg.dates import WEEKDAY_NAMES
from archwg.meetings.description import MeetingDescription, Schedule

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(weeks=1)

# quadweekly variants: the ISO week number modulo 4 the meeting falls on.
QUADWEEKLY_WEEK = {
    "quadweekly": 0,
    "quadweekly-week-1": 1,
    "quadweekly-week-2": 2,
    "quadweekly-week-3": 3,
    "quadweekly-alternate": 2,
}


def next_meeting(schedule: Schedule, on_or_after: date) -> date | None:
    """The first meeting day of *schedule* on or after *on_or_after*; None for adhoc meetings.

    Days before the schedule's ``start_date`` and its ``skip_dates`` never hold a meeting.
    """
    candidate = scheduled_day(schedule, on_or_after)
    skipped = set(schedule.skip_dates)
    while candidate is not None and candidate in skipped:
        candidate = scheduled_day(schedule, candidate + ONE_DAY)
    return candidate


def following(schedule: Schedule, after: date) -> date | None:
    """The first meeting day strictly after *after* (the meeting after the one on *after*)."""
    return next_meeting(schedule, after + ONE_DAY)


def scheduled_day(schedule: Schedule, on_or_after: date) -> date | None:
    """The first day the frequency rule names on or after *on_or_after*, skip_dates not applied.

    iCalendar needs this one: its DTSTART is the rule's first day, and a
    skipped day is an EXDATE of the rule rather than a different start.
    """
    frequency = schedule.frequency
    if frequency == "adhoc":
        return None
    if schedule.start_date is not None and schedule.start_date > on_or_after:
        on_or_after = schedule.start_date
    weekday = WEEKDAY_NAMES.index(schedule.day)
    candidate = on_or_after + timedelta(days=(weekday - on_or_after.weekday()) % 7)

    if frequency == "weekly":
        return candidate
    if frequency in ("biweekly-even", "biweekly-odd"):
        parity = 0 if frequency == "biweekly-even" else 1
        while iso_week(candidate) % 2 != parity:
            candidate += ONE_WEEK
        return candidate
    if frequency in QUADWEEKLY_WEEK:
        while iso_week(candidate) % 4 != QUADWEEKLY_WEEK[frequency]:
            candidate += ONE_WEEK
        return candidate
    if frequency.startswith("first-"):
        # The first <weekday> of a month is one of its first seven days.
        while candidate.day > 7:
            candidate += ONE_WEEK
        return candidate
    raise ValueError(f"unknown frequency {frequency!r}")  # load_description rejects these first


def iso_week(day: date) -> int:
    return day.isocalendar()[1]


def meeting_time(schedule: Schedule) -> time:
    return time(int(schedule.time[:2]), int(schedule.time[2:]))


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a series: when (UTC, naive) and under which schedule entry."""

    start: datetime
    schedule: Schedule

    @property
    def date(self) -> date:
        return self.start.date()


def next_occurrence(description: MeetingDescription, on_or_after: date) -> Occurrence | None:
    """The series' first meeting on or after a day, over all its schedule entries.

    Series such as the group's own once alternated two times of day, one
    entry each; the meeting that comes first wins. None when every entry is adhoc.
    """
    found = []
    for schedule in description.schedules:
        day = next_meeting(schedule, on_or_after)
        if day is not None:
            found.append(Occurrence(datetime.combine(day, meeting_time(schedule)), schedule))
    return min(found, key=lambda occurrence: occurrence.start, default=None)


def occurrence_after(description: MeetingDescription, current: Occurrence) -> Occurrence | None:
    """The series' meeting after *current*: a later time the same day counts, else a later day."""
    found = []
    for schedule in description.schedules:
        day = next_meeting(schedule, current.date)
        if day is not None and datetime.combine(day, meeting_time(schedule)) <= current.start:
            day = following(schedule, current.date)
        if day is not None:
            found.append(Occurrence(datetime.combine(day, meeting_time(schedule)), schedule))
    return min(found, key=lambda occurrence: occurrence.start, default=None)


# Longer than any gap between two meetings of a schedule (quadweekly, monthly, with skip dates).
LOOK_BACK = timedelta(days=120)


def occurrence_before(description: MeetingDescription, day: date) -> Occurrence | None:
    """The series' last scheduled meeting before *day*; None when none falls in the LOOK_BACK before it."""
    found = None
    current = next_occurrence(description, day - LOOK_BACK)
    while current is not None and current.date < day:
        found = current
        current = occurrence_after(description, current)
    return found
