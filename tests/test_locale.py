"""Month and weekday names come from archwg.dates, never from the locale."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from locales import compile_german, german_locale

from archwg.bot.text import next_line
from archwg.meetings.meeting import _greeting_time
from archwg.meetings.model import DAY, MONTH, Since
from archwg.meetings.readers.irclog import irssi_day
from archwg.meetings.suffix import parse_since, split_carried_suffix

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    return compile_german(tmp_path_factory.mktemp("locale"))


def test_the_locale_is_german_there(german):
    with german_locale(german):
        assert date(2017, 3, 9).strftime("%A %B") == "Donnerstag März"  # what archwg must not write


def test_carried_dates_with_every_month_spelling_are_read_under_a_german_locale(german):
    with german_locale(german):
        for number, name in enumerate(MONTHS, 1):
            for spelling in (name, name.lower(), name.upper(), name[:3], name[:3].lower()):
                assert parse_since(f"9 {spelling} 2017") == Since(date(2017, number, 9), DAY), spelling
                assert parse_since(f"{spelling} 9, 2017") == Since(date(2017, number, 9), DAY), spelling
                assert parse_since(f"{spelling} 2017") == Since(date(2017, number, 1), MONTH), spelling
        split = split_carried_suffix("rocky_g resurrect the spec (Carried over since 9 February 2017)")
        assert split.since == Since(date(2017, 2, 9), DAY)
        assert parse_since("Sept 2017") is None and parse_since("März 2017") is None


def test_irssi_days_and_meetbot_greetings_are_read_under_a_german_locale(german):
    with german_locale(german):
        for number, name in enumerate(MONTHS, 1):
            line = f"--- Day changed Thu {name[:3]} 09 2017"
            assert irssi_day(line) == date(2017, number, 9), line
            assert _greeting_time(name[:3], "9", "20:01:06", "2017") == datetime(2017, number, 9, 20, 1, 6)
        assert irssi_day("--- Day changed Thu Foo 09 2017") is None


def test_the_bots_next_meeting_names_the_weekday_in_english_under_a_german_locale(german):
    start = datetime(2017, 3, 9, 20, 0, tzinfo=timezone.utc)
    with german_locale(german):
        line = next_line("arch_wg", start, "#openstack-meeting", start.replace(hour=19))
    assert line == "next arch_wg meeting: Thursday 2017-03-09 20:00 UTC in #openstack-meeting (in 1 hour)"
