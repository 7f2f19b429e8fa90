"""``archwg ical``: a meeting's schedule as an iCalendar file, the way yaml2ical writes irc-meetings'.

One VEVENT per schedule entry: DTSTART at the first meeting of the rule, an
RRULE for the frequency, EXDATEs for ``skip_dates``, one hour long, all in
UTC. UIDs are derived from the
meeting id and the entry's position, so a calendar that subscribes to the
file sees an edited time as the same event moved, not a new one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import click

from archwg.commands.common import repo_option, repository_or_none
from archwg.fileutil import atomic_write
from archwg.meetings.description import MeetingDescription, Schedule

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
        first = scheduled_day(schedule, first_day(schedule, today))
        start = datetime.combine(first, meeting_time(schedule), tzinfo=timezone.utc)
        event = Event()
        event.add("uid", f"{description.meeting_id}-{index}@archwg")
        event.add("dtstamp", stamp.astimezone(timezone.utc))
        event.add("summary", description.project or description.meeting_id)
        event.add("location", f"#{schedule.irc}")
        event.add("description", event_description(description))
        event.add("dtstart", start)
        event.add("duration", MEETING_LENGTH)
        event.add("rrule", recurrence_rule(schedule))
        skipped = [
            datetime.combine(day, meeting_time(schedule), tzinfo=timezone.utc) for day in schedule.skip_dates
        ]
        if skipped:
            event.add("exdate", skipped)
        calendar.add_component(event)
    return calendar.to_ical()


def first_day(schedule: Schedule, today: date) -> date:
    """Where the calendar's rule starts counting.

    An RRULE counts weeks from DTSTART, while irc-meetings ties alternating
    meetings to the parity of the ISO week number; after a year with an ISO
    week 53 the two part ways (yaml2ical's calendars do). So alternating
    rules start after the latest week-53 year before *today*: the calendar
    is right until the next one (2026, then 2032), when running ``archwg
    ical`` again re-anchors it. Other rules start at ``start_date``.
    """
    start = schedule.start_date or today
    if schedule.frequency == "weekly" or schedule.frequency.startswith("first-"):
        return start
    year = today.isocalendar()[0] - 1
    while date(year, 12, 28).isocalendar()[1] != 53:  # 28 December is always in the last ISO week
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


@click.command("ical")
@click.option("--meeting", "meeting_id", default=None, metavar="ID",
              help="The meeting series (default: the repository's one series).")
@click.option("--meeting-file", type=click.Path(dir_okay=False), default=None,
              help="The meeting description file (default: meetings/<ID>.yaml of the repository).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the calendar to this file (default: standard output).")
@repo_option
@click.pass_context
def ical(ctx: click.Context, meeting_id: str | None, meeting_file: str | None, output: str | None,
         repo: str | None) -> None:
    """A meeting's schedule as an iCalendar file."""
    from archwg.commands.agenda import described_meeting

    description = described_meeting(repository_or_none(ctx, repo), meeting_id, meeting_file)
    now = datetime.now(timezone.utc)
    text = schedule_calendar(description, now.date(), now).decode("utf-8")
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
