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

from archwg.errors import UsageError
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

# Without --until, how many years after the calendar's first day alternating rules are cut at
# ISO weeks 53 (see rule_runs); after that their last rule runs on.
HORIZON_YEARS = 30


def meeting_calendar(config: Config, meeting_id: str | None, start: date | None = None,
                     until: date | None = None) -> str:
    """The iCalendar text of the described meeting (``described_meeting``) over the window [*start*, *until*].

    The same description and window always give the same file: nothing here
    depends on the day it runs.
    """
    from archwg.meetings.series import described_meeting

    description = described_meeting(config, meeting_id)
    return schedule_calendar(description, start, until).decode("utf-8")


def recurrence_rule(schedule: Schedule) -> dict:
    byday = schedule.day[:2].upper()
    if schedule.frequency.startswith("first-"):
        return {"freq": "monthly", "byday": f"1{byday}"}
    interval = _INTERVAL[schedule.frequency]
    rule = {"freq": "weekly", "byday": byday}
    if interval > 1:
        rule["interval"] = interval
    return rule


def schedule_calendar(description: MeetingDescription, start: date | None = None, until: date | None = None) -> bytes:
    """The iCalendar file of *description* from *start* (default: each entry's ``start_date``) to *until*
    (default: open-ended).

    Pure and reproducible: DTSTAMP is the calendar's first day at 00:00 UTC,
    not the time it is made. adhoc entries have no dates and are left out.
    """
    from icalendar import Calendar, Event

    from archwg.meetings.schedule import meeting_time, scheduled_day

    if start is not None and until is not None and until < start:
        raise UsageError(f"--until {until.isoformat()} is before --from {start.isoformat()}")
    calendar = Calendar()
    calendar.add("prodid", "-//archwg//meeting schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", description.project or description.meeting_id)

    dated = [(index, schedule) for index, schedule in enumerate(description.schedules) if schedule.frequency != "adhoc"]
    firsts = {index: first_day(schedule, start, f"{description.meeting_id}: schedule[{index}]")
              for index, schedule in dated}
    if until is not None and firsts and until < min(firsts.values()):
        raise UsageError(f"--until {until.isoformat()} is before the schedule's first meeting day "
                         f"{min(firsts.values()).isoformat()}: the calendar would be empty")
    stamp = datetime.combine(min(firsts.values()), time(0), tzinfo=timezone.utc) if firsts else None
    for index, schedule in dated:
        at = meeting_time(schedule)
        for run_number, (run_start, run_end) in enumerate(rule_runs(schedule, firsts[index], until)):
            first = scheduled_day(schedule, run_start)
            if first is None or (run_end is not None and first > run_end):
                continue
            event = Event()
            # The first run keeps the plain UID, so a subscribed calendar sees edits as the same event.
            suffix = "" if run_number == 0 else f"-{first.isocalendar()[0]}"
            event.add("uid", f"{description.meeting_id}-{index}{suffix}@archwg")
            event.add("dtstamp", stamp)
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


def rule_runs(schedule: Schedule, start: date, until: date | None = None) -> list[tuple[date, date | None]]:
    """The stretches of days from *start* to *until* over which one RRULE gives the schedule's meetings:
    (first, last or None).

    An RRULE counts weeks from DTSTART, while irc-meetings ties alternating
    meetings to the parity of the ISO week number; at a year with an ISO week
    53 the two part ways (yaml2ical's calendars drift there). So an alternating
    rule ends with each such week and a new one starts in the next ISO year,
    up to *until* (none: HORIZON_YEARS after *start*, then the last rule runs
    on); weekly and monthly rules are one run.
    """
    if schedule.frequency == "weekly" or schedule.frequency.startswith("first-"):
        return [(start, until)]
    last_year = until.isocalendar()[0] if until is not None else start.year + HORIZON_YEARS
    runs: list[tuple[date, date | None]] = []
    for year in range(start.isocalendar()[0], last_year + 1):
        week_53 = date.fromisocalendar(year, 53, 7) if _has_week_53(year) else None
        if week_53 is not None and (until is None or week_53 < until):
            runs.append((start, week_53))
            start = date.fromisocalendar(year + 1, 1, 1)
    runs.append((start, until))
    return runs


def _has_week_53(year: int) -> bool:
    return date(year, 12, 28).isocalendar()[1] == 53  # 28 December is always in the last ISO week


def first_day(schedule: Schedule, start: date | None, where: str = "schedule") -> date:
    """Where the calendar starts: *start* (``--from``), but never before ``start_date``."""
    candidates = [day for day in (start, schedule.start_date) if day is not None]
    if not candidates:
        raise UsageError(f"{where} has no start_date: pass --from DATE")
    return max(candidates)


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
