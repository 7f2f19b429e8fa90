"""``archwg ical``: the schedule as iCalendar, parsed back with the icalendar package."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from archwg.meetings.calendar import first_day, schedule_calendar
from archwg.meetings.description import MeetingDescription, Schedule, load_description

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARCH_WG = PROJECT_ROOT / "meetings" / "arch_wg.yaml"


def events(data: bytes) -> list:
    from icalendar import Calendar

    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_the_groups_calendar():
    data = schedule_calendar(load_description(ARCH_WG))
    event = events(data)[0]

    # It runs until the ISO week 53 of 2020, where counting two weeks parts from ISO week parity.
    assert event["rrule"].to_ical() == b"FREQ=WEEKLY;UNTIL=20210103T235959Z;INTERVAL=2;BYDAY=TH"
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, start.utcoffset()) == (20, 0, timedelta(0))
    # start_date 20161101; 3 Nov 2016 is the first Thursday of an even ISO week (44).
    assert start.date() == date(2016, 11, 3)
    assert event.decoded("duration") == timedelta(hours=1)
    assert str(event["summary"]) == "Architecture Working Group"
    assert str(event["location"]) == "#openstack-meeting-alt"
    assert str(event["uid"]) == "arch_wg-0@archwg"
    assert event.decoded("dtstamp") == datetime(2016, 11, 1, tzinfo=timezone.utc)  # the first day, not now
    assert str(event["description"]) == (
        "Project:  Architecture Working Group\n"
        "Chair:  SpamapS\n"
        "Description:  Discussion and coordination of efforts to document and improve OpenStack's architecture.\n"
        "Agenda URL:  https://wiki.openstack.org/wiki/Meetings/Arch-WG"
    )
    assert b"DTSTART:20161103T200000Z" in data


def test_the_rule_lands_on_the_meetings_of_march_2017():
    from dateutil.rrule import rrulestr

    event = events(schedule_calendar(load_description(ARCH_WG)))[0]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart"))
    after = datetime(2017, 3, 1, tzinfo=timezone.utc)
    assert rule.after(after) == datetime(2017, 3, 9, 20, 0, tzinfo=timezone.utc)
    assert rule.after(rule.after(after)) == datetime(2017, 3, 23, 20, 0, tzinfo=timezone.utc)


def thursday(frequency: str, **extra) -> Schedule:
    return Schedule(time="0100", day="Thursday", irc="openstack-meeting", frequency=frequency, **extra)


def calendar_of(*schedules: Schedule, today: date | None = date(2017, 3, 1), until: date | None = None) -> bytes:
    description = MeetingDescription(meeting_id="wg", project="WG", chair="chair", schedules=schedules)
    return schedule_calendar(description, today, until)


@pytest.mark.parametrize(
    ("frequency", "rule"),
    [
        ("weekly", b"FREQ=WEEKLY;BYDAY=TH"),
        ("biweekly-odd", b"FREQ=WEEKLY;UNTIL=20210103T235959Z;INTERVAL=2;BYDAY=TH"),
        ("quadweekly-week-3", b"FREQ=WEEKLY;UNTIL=20210103T235959Z;INTERVAL=4;BYDAY=TH"),
        ("first-thursday", b"FREQ=MONTHLY;BYDAY=1TH"),
    ],
)
def test_each_frequency_has_its_rule(frequency, rule):
    event = events(calendar_of(thursday(frequency)))[0]
    assert event["rrule"].to_ical() == rule


def test_skip_dates_are_exdates_at_the_meeting_time():
    (event,) = events(calendar_of(thursday("weekly", skip_dates=(date(2017, 3, 9), date(2017, 4, 13)))))
    excluded = [when.dt for when in event["exdate"].dts]
    assert excluded == [
        datetime(2017, 3, 9, 1, 0, tzinfo=timezone.utc),
        datetime(2017, 4, 13, 1, 0, tzinfo=timezone.utc),
    ]


def test_one_event_per_schedule_and_none_for_adhoc():
    found = events(calendar_of(thursday("weekly"), thursday("adhoc"), thursday("first-thursday")))
    assert [str(event["uid"]) for event in found] == ["wg-0@archwg", "wg-2@archwg"]
    assert [event.decoded("dtstart").date() for event in found] == [date(2017, 3, 2), date(2017, 3, 2)]  # a Thursday, the first of March


def test_alternating_rules_are_cut_at_each_iso_week_53():
    found = events(calendar_of(thursday("biweekly-even"), thursday("biweekly-odd")))
    firsts = [(str(event["uid"]), event.decoded("dtstart").date()) for event in found]
    # Runs are cut up to HORIZON_YEARS (30) after --from: at the weeks 53 of 2020, 2026, 2032...
    assert firsts[:4] == [
        ("wg-0@archwg", date(2017, 3, 9)),  # ISO week 10
        ("wg-0-2021@archwg", date(2021, 1, 14)),  # after 2020's week 53: week 2
        ("wg-0-2027@archwg", date(2027, 1, 14)),
        ("wg-0-2033@archwg", date(2033, 1, 13)),
    ]
    assert ("wg-1@archwg", date(2017, 3, 2)) in firsts  # ISO week 9
    assert found[2]["rrule"].to_ical() == b"FREQ=WEEKLY;UNTIL=20330102T235959Z;INTERVAL=2;BYDAY=TH"
    last = [event for event in found if str(event["uid"]).startswith("wg-0")][-1]
    assert str(last["uid"]) == "wg-0-2044@archwg"  # after 2043's week 53, the last one within 30 years of 2017
    assert b"UNTIL" not in last["rrule"].to_ical()  # the last run has no end


@pytest.mark.parametrize("frequency", ["biweekly-even", "biweekly-odd", "quadweekly", "quadweekly-alternate"])
def test_the_calendar_gives_exactly_the_schedules_meetings_for_years(frequency):
    from dateutil.rrule import rrulestr

    from archwg.meetings.schedule import next_meeting

    schedule = thursday(frequency, skip_dates=(date(2026, 12, 31), date(2027, 1, 14), date(2027, 1, 7)))
    calendar_days = set()
    for event in events(calendar_of(schedule, today=date(2017, 3, 1))):
        rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart"))
        excluded = {when.dt for when in event["exdate"].dts} if "exdate" in event else set()
        calendar_days |= {when.date() for when in rule.between(
            datetime(2017, 3, 1, tzinfo=timezone.utc), datetime(2031, 1, 1, tzinfo=timezone.utc)
        ) if when not in excluded}

    expected, day = set(), next_meeting(schedule, date(2017, 3, 1))
    while day < date(2031, 1, 1):
        expected.add(day)
        day = next_meeting(schedule, day + timedelta(days=1))
    assert calendar_days == expected


def test_the_same_input_gives_the_same_file():
    assert calendar_of(thursday("weekly")) == calendar_of(thursday("weekly"))


def test_the_window_starts_at_from_but_never_before_start_date():
    even = thursday("biweekly-even", start_date=date(2016, 11, 1))
    assert first_day(even, date(2021, 1, 4)) == date(2021, 1, 4)
    assert first_day(even, date(2010, 1, 1)) == date(2016, 11, 1)
    assert first_day(even, None) == date(2016, 11, 1)
    event = events(calendar_of(even, today=date(2021, 1, 4)))[0]
    assert event.decoded("dtstart").date() == date(2021, 1, 14)  # ISO week 2


def test_until_closes_the_last_rule():
    found = events(calendar_of(thursday("biweekly-even", start_date=date(2016, 11, 1)), today=None,
                               until=date(2022, 6, 30)))
    assert [event["rrule"].to_ical() for event in found] == [
        b"FREQ=WEEKLY;UNTIL=20210103T235959Z;INTERVAL=2;BYDAY=TH",
        b"FREQ=WEEKLY;UNTIL=20220630T235959Z;INTERVAL=2;BYDAY=TH",
    ]
    weekly = events(calendar_of(thursday("weekly"), until=date(2017, 4, 1)))[0]
    assert weekly["rrule"].to_ical() == b"FREQ=WEEKLY;UNTIL=20170401T235959Z;BYDAY=TH"


def test_a_schedule_without_start_date_needs_from():
    from archwg.errors import UsageError

    with pytest.raises(UsageError, match=r"wg: schedule\[0\] has no start_date: pass --from DATE"):
        calendar_of(thursday("weekly"), today=None)


def test_ical_output_does_not_depend_on_the_day_it_runs(spec_repo, run_cli):
    """Defect 9: it started in 2021 (the year after the last week 53 before 'today') although start_date is 2016."""
    (spec_repo / "meetings").mkdir()
    shutil.copy(ARCH_WG, spec_repo / "meetings" / "arch_wg.yaml")
    first = run_cli("ical", cwd=spec_repo)
    assert first.exit_code == 0, first.output
    assert "DTSTART:20161103T200000Z" in first.stdout
    assert "DTSTAMP:20161101T000000Z" in first.stdout
    assert run_cli("ical", cwd=spec_repo).stdout == first.stdout
    windowed = run_cli("ical", "--from", "2021-01-01", "--until", "2021-12-31", cwd=spec_repo)
    assert "DTSTART:20210114T200000Z" in windowed.stdout
    assert "UNTIL=20211231T235959Z" in windowed.stdout


def test_ical_into_a_missing_folder_is_an_error(spec_repo, run_cli, tmp_path):
    """Defect 4: -o /nonexistent/dir/x.ics silently created the folder."""
    (spec_repo / "meetings").mkdir()
    shutil.copy(ARCH_WG, spec_repo / "meetings" / "arch_wg.yaml")
    target = tmp_path / "nonexistent" / "dir" / "x.ics"
    result = run_cli("ical", "-o", str(target), cwd=spec_repo)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {target}: no such folder {target.parent}\n"
    assert not (tmp_path / "nonexistent").exists()


def test_ical_writes_the_calendar_to_a_file(spec_repo, run_cli):
    (spec_repo / "meetings").mkdir()
    shutil.copy(ARCH_WG, spec_repo / "meetings" / "arch_wg.yaml")
    result = run_cli("ical", "-o", "arch_wg.ics", cwd=spec_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    event = events((spec_repo / "arch_wg.ics").read_bytes())[0]
    assert event["rrule"].to_ical().startswith(b"FREQ=WEEKLY;UNTIL=")
    assert event["rrule"].to_ical().endswith(b";INTERVAL=2;BYDAY=TH")
    assert [path.name for path in spec_repo.iterdir() if path.name.startswith(".arch_wg.ics")] == []


def test_ical_to_standard_output_with_a_meeting_file(run_cli, tmp_path):
    result = run_cli("ical", "--meeting-file", str(ARCH_WG), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    event = events(result.stdout.encode())[0]
    assert str(event["location"]) == "#openstack-meeting-alt"


def test_ical_outside_a_repository_without_a_description(run_cli, tmp_path):
    result = run_cli("ical", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: not inside a spec repository: name the meeting description with --meeting-file PATH\n"
    )


def test_ical_with_an_invalid_description(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(ARCH_WG.read_text().replace("'2000'", "'2500'"))
    result = run_cli("ical", "--meeting-file", str(bad), "-o", str(tmp_path / "out.ics"), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: {bad}: schedule[0].time: '2500' is not a UTC time HHMM between 0000 and 2359\n"
    )
    assert not (tmp_path / "out.ics").exists()


def test_until_before_the_schedule_starts_is_a_one_line_error(run_cli, tmp_path):
    """--until 1999-01-01 printed an empty calendar and exited 0."""
    result = run_cli("ical", "--meeting-file", str(ARCH_WG), "--until", "1999-01-01", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == ("archwg: error: --until 1999-01-01 is before the schedule's first meeting day "
                             "2016-11-01: the calendar would be empty\n")
    assert result.stdout == ""
