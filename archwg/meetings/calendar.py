"""A meeting's schedule as an iCalendar file, the way yaml2ical writes irc-meetings'.

One VEVENT per schedule entry (alternating entries: one per run between ISO
weeks 53, see rule_runs): DTSTART at the first meeting of the rule, an RRULE
for the frequency, EXDATEs for ``skip_dates``, one hour long, all in UTC. UIDs are derived from the
meeting id and the entry's position, so a calendar that subscribes to the
file sees an edited time as the same event moved, not a new one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from archwg.meetings.description import MeetingDescription, Schedule

if TYPE_CHECKING:
    from archwg.config import Config

# yaml2ical's recurrence rules, plus BYDAY so the weekday is explicit.
_INTERVAL = {
    "weekly": 1,
    "biweekly-even": 2,
    "biweekly-odd": 2,
    "quadweekly": 4,
    "quadweekly-week-1": 4,
    "quadweekly-week-2": 4,
    "quadweekly-week-3": 4,
    "quadweekly-alternate": 4,
}

MEETING_LENGTH = timedelta(hours=1)  # yaml2ical's default duration

# How far ahead alternating rules are cut at ISO week 53 (see rule_runs).
HORIZON_YEARS = 15


def meeting_calendar(config: Config, meeting_id: str | None, now: datetime) -> str:
    """The iCalendar text of the described meeting (``described_meeting``) as of *now* (aware, UTC)."""
    from archwg.meetings.series import described_meeting

    description = described_meeting(config, meeting_id)
    now = now.astimezone(timezone.utc)
    return schedule_calendar(description, now.date(), now).decode("utf-8")


def recurrence_rule(schedule: Schedule) -> dict:
    byday = schedule.day[:2].upper()
    if schedule.frequency.startswith("first-"):
        return {"freq": "monthly", "byday": f"1{byday}"}
    interval = _INTERVAL[schedule.frequency]
    rule = {"freq": "weekly", "byday": byday}
    if interval > 1:
        rule["interval"] = interval
    return rule


def schedule_calendar(description: MeetingDescription, today: date, stamp: datetime) -> bytes:
    """The iCalendar file of *description*. Pure: *today* and *stamp* (DTSTAMP) come from the caller.

    adhoc entries have no dates to put in a calendar and are left out.
    """
    from icalendar import Calendar, Event

    from archwg.meetings.schedule import meeting_time, scheduled_day

    calendar = Calendar()
    calendar.add("prodid", "-//archwg//meeting schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", description.project or description.meeting_id)

    for index, schedule in enumerate(description.schedules):
        if schedule.frequency == "adhoc":
            continue
        at = meeting_time(schedule)
        for run_number, (run_start, run_end) in enumerate(rule_runs(schedule, today)):
            first = scheduled_day(schedule, run_start)
            if first is None or (run_end is not None and first > run_end):
                continue
            event = Event()
            # The first run keeps the plain UID, so a subscribed calendar sees edits as the same event.
            suffix = "" if run_number == 0 else f"-{first.isocalendar()[0]}"
            event.add("uid", f"{description.meeting_id}-{index}{suffix}@archwg")
            event.add("dtstamp", stamp.astimezone(timezone.utc))
            event.add("summary", description.project or description.meeting_id)
            event.add("location", f"#{schedule.irc}")
            event.add("description", event_description(description))
            event.add("dtstart", datetime.combine(first, at, tzinfo=timezone.utc))
            event.add("duration", MEETING_LENGTH)
            rule = recurrence_rule(schedule)
            if run_end is not None:
                rule["until"] = datetime.combine(run_end, time(23, 59, 59), tzinfo=timezone.utc)
            event.add("rrule", rule)
            skipped = [
                datetime.combine(day, at, tzinfo=timezone.utc)
                for day in schedule.skip_dates
                if day >= first and (run_end is None or day <= run_end)
            ]
            if skipped:
                event.add("exdate", skipped)
            calendar.add_component(event)
    return calendar.to_ical()


def rule_runs(schedule: Schedule, today: date) -> list[tuple[date, date | None]]:
    """The stretches of days over which one RRULE gives the schedule's meetings: (first, last or None).

    An RRULE counts weeks from DTSTART, while irc-meetings ties alternating
    meetings to the parity of the ISO week number; at a year with an ISO week
    53 the two part ways (yaml2ical's calendars drift there). So an alternating
    rule ends with each such week and a new one starts in the next ISO year,
    for HORIZON_YEARS ahead; weekly and monthly rules are one open-ended run.
    """
    start = first_day(schedule, today)
    if schedule.frequency == "weekly" or schedule.frequency.startswith("first-"):
        return [(start, None)]
    runs: list[tuple[date, date | None]] = []
    for year in range(start.isocalendar()[0], today.year + HORIZON_YEARS + 1):
        if _has_week_53(year):
            runs.append((start, date.fromisocalendar(year, 53, 7)))
            start = date.fromisocalendar(year + 1, 1, 1)
    runs.append((start, None))
    return runs


def _has_week_53(year: int) -> bool:
    return date(year, 12, 28).isocalendar()[1] == 53  # 28 December is always in the last ISO week


def first_day(schedule: Schedule, today: date) -> date:
    """Where the calendar starts: ``start_date``, but no earlier than the ISO year after the
    latest week-53 year before *today* for alternating rules (older runs are history)."""
    start = schedule.start_date or today
    if schedule.frequency == "weekly" or schedule.frequency.startswith("first-"):
        return start
    year = today.isocalendar()[0] - 1
    while not _has_week_53(year):
        year -= 1
    return max(start, date.fromisocalendar(year + 1, 1, 1))


def event_description(description: MeetingDescription) -> str:
    # yaml2ical's layout, so both tools' calendars read alike.
    lines = [f"Project:  {description.project}"]
    if description.chair:
        lines.append(f"Chair:  {description.chair}")
    if description.description:
        lines.append(f"Description:  {description.description}")
    if description.agenda_url:
        lines.append(f"Agenda URL:  {description.agenda_url}")
    return "\n".join(lines)
