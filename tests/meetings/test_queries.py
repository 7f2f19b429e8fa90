"""The meeting questions front ends ask, through the core: a Config in, a frozen answer with its warnings out."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from archwg.config import load_config
from archwg.errors import UsageError
from archwg.meetings.calendar import meeting_calendar
from archwg.meetings.queries import meeting_minutes, open_actions, plan_agenda
from archwg.meetings.series import Reading, carry_series, load_series

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERIES = Path(__file__).resolve().parents[1] / "data" / "meetings" / "series"
ARCH_WG_YAML = PROJECT_ROOT / "meetings" / "arch_wg.yaml"
SKIPPED = "read only meeting series arch_wg; skipped the meetings of api_wg (2)"


@pytest.fixture
def group(tmp_path):
    """A spec repository with the group's description, the arch_wg logs and two specs the items name."""
    root = tmp_path / "wg"
    for folder in ("specs", "workstreams", "meetings/logs"):
        (root / folder).mkdir(parents=True)
    shutil.copy(ARCH_WG_YAML, root / "meetings" / "arch_wg.yaml")
    shutil.copytree(SERIES, root / "meetings" / "logs" / "arch_wg", ignore=shutil.ignore_patterns("api_wg.*"))
    shutil.copy(PROJECT_ROOT / "workstreams" / "base-services.rst", root / "workstreams")
    shutil.copy(PROJECT_ROOT / "specs" / "nova-compute-api.rst", root / "specs")
    return root


def test_carry_series_returns_its_warnings_and_prints_nothing(capsys):
    run = carry_series(load_config(None), Reading([str(SERIES)], meeting_id="arch_wg"))

    assert (run.report.series, run.report.date, run.report.meetings) == ("arch_wg", date(2017, 3, 23), 4)
    assert run.description is None  # outside a repository, no description unless --meeting-file
    assert run.warnings[0] == SKIPPED
    assert capsys.readouterr() == ("", "")


def test_inside_a_repository_the_series_defaults_to_its_logs_and_description(group):
    series = load_series(load_config(group))

    assert [meeting.date for meeting in series.meetings] == [
        date(2017, 2, 9), date(2017, 2, 23), date(2017, 3, 9), date(2017, 3, 23)
    ]
    assert series.description.meeting_id == "arch_wg"
    assert series.warnings == ()


def test_without_logs_outside_a_repository_the_caller_must_name_them():
    with pytest.raises(UsageError, match="no LOG given and not inside a spec repository"):
        load_series(load_config(None))


def test_open_actions_link_the_specs_items_name_and_filter_by_owner(group):
    everyone = open_actions(load_config(group))
    review = next(item for item in everyone.items if "base-services" in item.text)
    assert review.links == ("base-services",)
    assert dict(everyone.specs)["base-services"] == "workstreams/base-services.rst"

    dtroyer = open_actions(load_config(group), owner="dtroyer")
    assert dtroyer.items and all("dtroyer" in item.owners for item in dtroyer.items)
    assert set(dtroyer.items) < set(everyone.items)


def test_meeting_minutes_are_the_newest_meetings(group):
    run = meeting_minutes(load_config(group), Reading(meeting_id="ARCH_WG"))

    assert run.minutes.meeting.date == date(2017, 3, 23)
    assert "4 meetings of arch_wg read; minutes of the newest, of 2017-03-23" in run.warnings


def test_plan_agenda_plans_the_meeting_after_one_whose_log_is_in(group, capsys):
    held = plan_agenda(load_config(group), date(2017, 3, 23))
    before = plan_agenda(load_config(group), date(2017, 3, 22))

    assert held.agenda.day == date(2017, 4, 6)
    assert before.agenda.day == date(2017, 3, 23)
    # The agenda of 23 March reviews what was open before it, not what that meeting recorded.
    recorded_on_23_march = "nikhil to draft the messaging patterns proposal"
    assert recorded_on_23_march in [item.text for item in held.agenda.items]
    assert recorded_on_23_march not in [item.text for item in before.agenda.items]
    assert before.warnings == ("the meeting arch_wg 2017-03-09 did not review 2 open action items, still open: "
                               "cdent propose a spec for the placement extraction; "
                               "dtroyer and SpamapS review the base-services workstream",)
    assert [spec.slug for spec in before.agenda.proposals] == ["nova-compute-api"]
    assert capsys.readouterr() == ("", "")


def test_meeting_calendar_depends_on_the_window_not_the_day_it_runs(group):
    text = meeting_calendar(load_config(group), None, date(2017, 3, 1))

    assert text.startswith("BEGIN:VCALENDAR")
    assert "DTSTART:20170309T200000Z" in text  # the first biweekly-even Thursday from 1 March
    assert meeting_calendar(load_config(group), "ARCH_WG", date(2017, 3, 1)) == text
