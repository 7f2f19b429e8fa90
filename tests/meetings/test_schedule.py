"""Next meeting dates for every yaml2ical frequency, skip dates, start dates and year boundaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archwg.dates import WEEKDAY_NAMES as WEEKDAYS
from archwg.meetings.description import FREQUENCIES, MeetingDescription, Schedule
from archwg.meetings.schedule import (
    following,
    next_meeting,
    next_occurrence,
    occurrence_after,
    scheduled_day,
)


def thursday(frequency: str, **extra) -> Schedule:
    return Schedule(time="2000", day="Thursday", irc="openstack-meeting-alt", frequency=frequency, **extra)


def test_the_groups_meetings_of_march_2017():
    arch_wg = thursday("biweekly-even")
    assert next_meeting(arch_wg, date(2017, 3, 9)) == date(2017, 3, 9)
    assert following(arch_wg, date(2017, 3, 9)) == date(2017, 3, 23)
    # From the day after a meeting, the next one is two weeks on.
    assert next_meeting(arch_wg, date(2017, 3, 10)) == date(2017, 3, 23)
    assert next_meeting(thursday("biweekly-odd"), date(2017, 3, 9)) == date(2017, 3, 16)


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        # yaml2ical's own test: from Sunday 5 Oct 2014 (ISO week 40) to a Wednesday meeting.
        ("weekly", date(2014, 10, 8)),
        ("biweekly-odd", date(2014, 10, 8)),  # week 41
        ("biweekly-even", date(2014, 10, 15)),  # week 42
        ("quadweekly", date(2014, 10, 29)),  # week 44
        ("quadweekly-week-1", date(2014, 10, 8)),
        ("quadweekly-week-2", date(2014, 10, 15)),
        ("quadweekly-alternate", date(2014, 10, 15)),
        ("quadweekly-week-3", date(2014, 10, 22)),
        ("first-wednesday", date(2014, 11, 5)),
    ],
)
def test_every_frequency_matches_yaml2ical(frequency, expected):
    schedule = Schedule(time="0247", day="Wednesday", irc="x", frequency=frequency)
    assert next_meeting(schedule, date(2014, 10, 5)) == expected


def test_adhoc_has_no_next_meeting():
    assert next_meeting(thursday("adhoc"), date(2017, 3, 9)) is None
    assert following(thursday("adhoc"), date(2017, 3, 9)) is None


def test_first_weekday_of_the_month():
    monthly = thursday("first-thursday")
    assert next_meeting(monthly, date(2017, 3, 1)) == date(2017, 3, 2)
    assert next_meeting(monthly, date(2017, 3, 2)) == date(2017, 3, 2)
    assert following(monthly, date(2017, 3, 2)) == date(2017, 4, 6)
    # Across a year: the first Thursday of January 2018 is the 4th.
    assert next_meeting(monthly, date(2017, 12, 8)) == date(2018, 1, 4)


def test_skip_dates_move_to_the_next_meeting():
    arch_wg = thursday("biweekly-even", skip_dates=(date(2017, 3, 23), date(2017, 4, 6)))
    assert next_meeting(arch_wg, date(2017, 3, 10)) == date(2017, 4, 20)
    assert following(arch_wg, date(2017, 3, 9)) == date(2017, 4, 20)
    # The skipped days still define the rule: the meeting after them keeps the parity.
    assert scheduled_day(arch_wg, date(2017, 3, 10)) == date(2017, 3, 23)


def test_no_meeting_before_the_start_date():
    starts = thursday("weekly", start_date=date(2017, 5, 1))
    assert next_meeting(starts, date(2017, 3, 9)) == date(2017, 5, 4)
    assert next_meeting(starts, date(2017, 6, 2)) == date(2017, 6, 8)
    # A start date that is not itself a meeting day starts at the first one after it
    # that fits the rule: 3 Nov 2016 is in ISO week 44 (even), 10 Nov in week 45.
    even_from_november = thursday("biweekly-even", start_date=date(2016, 11, 1))
    assert next_meeting(even_from_november, date(2016, 1, 1)) == date(2016, 11, 3)
    odd_from_november = thursday("biweekly-odd", start_date=date(2016, 11, 1))
    assert next_meeting(odd_from_november, date(2016, 1, 1)) == date(2016, 11, 10)


def test_iso_week_53_biweekly_odd_meets_two_weeks_running():
    # 31 Dec 2020 is in ISO week 53, 7 Jan 2021 in week 1: both odd, as yaml2ical computes.
    odd = thursday("biweekly-odd")
    assert next_meeting(odd, date(2020, 12, 25)) == date(2020, 12, 31)
    assert following(odd, date(2020, 12, 31)) == date(2021, 1, 7)
    assert following(odd, date(2021, 1, 7)) == date(2021, 1, 21)


def test_iso_week_53_biweekly_even_waits_three_weeks():
    even = thursday("biweekly-even")
    assert following(even, date(2020, 12, 24)) == date(2021, 1, 14)  # weeks 52 -> 2


def test_year_boundary_without_week_53():
    # 2016 has 52 ISO weeks: 29 Dec 2016 is week 52, 12 Jan 2017 week 2.
    even = thursday("biweekly-even")
    assert following(even, date(2016, 12, 29)) == date(2017, 1, 12)
    assert next_meeting(thursday("weekly"), date(2016, 12, 30)) == date(2017, 1, 5)
    # quadweekly (week % 4 == 0): week 52 of 2020, then weeks 53 (1), 1, 2, 3 do not fit, week 4 does.
    assert following(thursday("quadweekly"), date(2020, 12, 24)) == date(2021, 1, 28)


def test_a_series_with_two_schedules_takes_the_earliest():
    # The group once alternated 2000 UTC (even weeks) with 0100 UTC (odd weeks).
    description = MeetingDescription(
        meeting_id="arch_wg",
        schedules=(thursday("biweekly-even"), Schedule("0100", "Thursday", "x", "biweekly-odd")),
    )
    first = next_occurrence(description, date(2017, 3, 9))
    assert first.start == datetime(2017, 3, 9, 20, 0)
    second = occurrence_after(description, first)
    assert second.start == datetime(2017, 3, 16, 1, 0)
    assert second.schedule.frequency == "biweekly-odd"
    assert occurrence_after(description, second).start == datetime(2017, 3, 23, 20, 0)


def test_two_meetings_on_the_same_day():
    description = MeetingDescription(
        meeting_id="twice",
        schedules=(Schedule("0900", "Monday", "x", "weekly"), Schedule("1700", "Monday", "x", "weekly")),
    )
    morning = next_occurrence(description, date(2017, 3, 6))
    assert morning.start == datetime(2017, 3, 6, 9, 0)
    assert occurrence_after(description, morning).start == datetime(2017, 3, 6, 17, 0)
    evening = occurrence_after(description, morning)
    assert occurrence_after(description, evening).start == datetime(2017, 3, 13, 9, 0)


def test_an_adhoc_series_has_no_occurrence():
    description = MeetingDescription(meeting_id="adhoc", schedules=(thursday("adhoc"),))
    assert next_occurrence(description, date(2017, 3, 9)) is None


REGULAR = [frequency for frequency in FREQUENCIES if frequency != "adhoc"]


@st.composite
def schedules(draw):
    day = draw(st.sampled_from(WEEKDAYS))
    frequency = draw(st.sampled_from([f for f in REGULAR if not f.startswith("first-")] + [f"first-{day.lower()}"]))
    skips = draw(st.lists(st.dates(date(2015, 1, 1), date(2030, 12, 31)), max_size=4))
    # Skip dates are meeting weekdays, as load_description insists.
    skips = tuple(d + timedelta(days=(WEEKDAYS.index(day) - d.weekday()) % 7) for d in skips)
    return Schedule("1200", day, "x", frequency, skip_dates=skips)


@given(schedules(), st.dates(date(2015, 1, 1), date(2030, 12, 31)))
def test_the_next_meeting_is_the_first_scheduled_day(schedule, start):
    found = next_meeting(schedule, start)
    assert found >= start
    assert WEEKDAYS[found.weekday()] == schedule.day
    assert found not in schedule.skip_dates
    # No day between start and the found one is a meeting: the rule returns each day to itself.
    day = start
    while day < found:
        assert scheduled_day(schedule, day) != day or day in schedule.skip_dates
        day += timedelta(days=1)
    assert scheduled_day(schedule, found) == found
    assert following(schedule, found) > found
