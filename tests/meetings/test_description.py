"""Meeting description files: the group's real file, and one clear message per invalid field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from archwg.errors import BadInput
from archwg.meetings.description import Schedule, load_description

PROJECT_ROOT = Path(__file__).resolve().parents[2]

VALID = """\
project: Example Team
meeting_id: example
chair: Jane (jdoe)
description: >
  Weekly meeting
  of the example team.
schedule:
  - time: '1500'
    day: tuesday
    irc: '#openstack-meeting'
    frequency: weekly
    start_date: 20170103
    skip_dates:
      - skip_date: 20170418
        reason: Summit
      - 20170110
"""


def write(tmp_path: Path, text: str, name: str = "example.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_groups_own_description_file():
    description = load_description(PROJECT_ROOT / "meetings" / "arch_wg.yaml")

    assert description.meeting_id == "arch_wg"
    assert description.project == "Architecture Working Group"
    assert description.chair == "SpamapS"
    assert description.agenda_url == "https://wiki.openstack.org/wiki/Meetings/Arch-WG"
    assert description.schedules == (
        Schedule(
            time="2000",
            day="Thursday",
            irc="openstack-meeting-alt",
            frequency="biweekly-even",
            start_date=date(2016, 11, 1),
        ),
    )
    # The nick list of the courtesy ping line of the meeting of 9 March 2017, in its order.
    assert description.courtesy_ping == (
        "nikhil", "harlowja", "dstanek", "kragniz", "auggy", "rockyg", "rocky_g",
        "kgiusti", "thingee", "denaitre", "bastafidli",
    )
    assert description.canonical("rocky_g") == "rockyg"
    assert description.canonical("Rocky_G") == "rockyg"
    assert description.canonical("SpamapS") == "SpamapS"


def test_a_valid_file_is_normalised(tmp_path):
    description = load_description(write(tmp_path, VALID))

    assert description.description == "Weekly meeting of the example team."
    (schedule,) = description.schedules
    assert schedule.day == "Tuesday"
    assert schedule.irc == "openstack-meeting"  # irc-meetings writes channels without '#'
    assert schedule.start_date == date(2017, 1, 3)
    assert schedule.skip_dates == (date(2017, 1, 10), date(2017, 4, 18))
    assert description.courtesy_ping == ()
    assert description.aliases == ()
    assert description.path == str(tmp_path / "example.yaml")


def test_a_real_irc_meetings_file_loads(tmp_path):
    # The shape of openstack-infra/irc-meetings' own arch-working-group-meeting.yaml.
    text = (
        "project: Architecture Working Group\n"
        "meeting_id: arch_wg\n"
        "agenda_url: https://wiki.openstack.org/wiki/Meetings/Arch-WG#Agenda\n"
        "schedule:\n"
        "  - time:       '2000'\n    day:        Thursday\n    irc:        openstack-meeting-alt\n"
        "    frequency:  biweekly-even\n    start_date: 20161101\n"
        "  - time:       '0100'\n    day:        Thursday\n    irc:        openstack-meeting-alt\n"
        "    frequency:  biweekly-odd\n    start_date: 20161006\n"
        "chair: Clint Byrum (SpamapS)\n"
        "description:  >\n  Discussion and coordination of efforts to document and improve\n"
        "  OpenStack's architecture.\n"
    )
    description = load_description(write(tmp_path, text))
    assert [(s.time, s.frequency) for s in description.schedules] == [
        ("2000", "biweekly-even"),
        ("0100", "biweekly-odd"),
    ]


def test_aliases_map_every_variant_to_its_canonical_nick(tmp_path):
    text = VALID + "aliases:\n  rockyg: [rocky_g, RockyG_]\n  SpamapS: clint\n"
    description = load_description(write(tmp_path, text))
    assert description.aliases == (("rocky_g", "rockyg"), ("rockyg_", "rockyg"), ("clint", "SpamapS"))
    assert description.canonical("ROCKYG_") == "rockyg"


def replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


INVALID = [
    (replace("meeting_id: example\n", ""), "meeting_id: missing"),
    (replace("meeting_id: example", "meeting_id: 'two words'"), "meeting_id: 'two words' is not a MeetBot meeting name"),
    (replace("project: Example Team\n", ""), "project: missing"),
    (replace("project: Example Team", "project: [a, b]"), "project: must be a non-empty string, got ['a', 'b']"),
    (replace("chair: Jane (jdoe)", "chair: 42"), "chair: must be a string, got 42"),
    (replace("schedule:", "schedules:"), "schedule: missing"),
    (replace("time: '1500'", "time: '2500'"), "schedule[0].time: '2500' is not a UTC time HHMM between 0000 and 2359"),
    (replace("time: '1500'", "time: '1575'"), "schedule[0].time: '1575' is not a UTC time HHMM"),
    (replace("time: '1500'", "time: 1500"), "schedule[0].time: must be a quoted 'HHMM' string such as '2000', got 1500"),
    (replace("  - time: '1500'\n    day: tuesday", "  - day: tuesday"), "schedule[0].time: missing"),
    (replace("day: tuesday", "day: Funday"), "schedule[0].day: 'Funday' is not a day of the week"),
    (replace("irc: '#openstack-meeting'", "irc: 'two words'"), "schedule[0].irc: 'two words' is not an IRC channel name"),
    (replace("frequency: weekly", "frequency: fortnightly"), "schedule[0].frequency: unknown frequency 'fortnightly'"),
    (replace("frequency: weekly", "frequency: first-monday"), "schedule[0].frequency: first-monday does not fall on the schedule's day Tuesday"),
    (replace("start_date: 20170103", "start_date: 20171303"), "schedule[0].start_date: 20171303 is not a date YYYYMMDD"),
    (replace("start_date: 20170103", "start_date: soon"), "schedule[0].start_date: 'soon' is not a date YYYYMMDD"),
    (replace("skip_date: 20170418", "skip_date: 20170419"), "schedule[0].skip_dates[0]: 2017-04-19 is a Wednesday, the meeting is on Tuesday"),
    (replace("      - skip_date: 20170418\n        reason: Summit\n", "      - reason: Summit\n"), "schedule[0].skip_dates[0]: missing skip_date"),
    (replace("      - 20170110", "      - 2017011"), "schedule[0].skip_dates[1]: 2017011 is not a date YYYYMMDD"),
    (VALID + "courtesy_ping: nikhil harlowja\n", "courtesy_ping: must be a list of nicks"),
    (VALID + "courtesy_ping: [nikhil, 'two words']\n", "courtesy_ping[1]: 'two words' is not an IRC nick"),
    (VALID + "aliases: [rocky_g]\n", "aliases: must be a mapping of nick: [other nicks of the same person]"),
    (VALID + "aliases:\n  rockyg: [rocky_g]\n  rocky: [Rocky_G]\n", "aliases.rocky: Rocky_G is already an alias of rockyg"),
]


@pytest.mark.parametrize(("text", "message"), INVALID, ids=[message.split(":")[0] for _, message in INVALID])
def test_each_invalid_field_is_named(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(BadInput) as caught:
        load_description(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_an_empty_schedule_is_rejected(tmp_path):
    path = write(tmp_path, "project: P\nmeeting_id: p\nschedule: []\n")
    with pytest.raises(BadInput, match=r": schedule: must be a non-empty list"):
        load_description(path)


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "project: P\nmeeting_id: p\nschedule:\n  - time: '2000\n    day: Thursday\n")
    with pytest.raises(BadInput) as caught:
        load_description(path)
    assert str(caught.value).startswith(f"{path}:6: not valid YAML: ")


def test_a_file_that_is_not_a_mapping(tmp_path):
    path = write(tmp_path, "- just\n- a list\n")
    with pytest.raises(BadInput) as caught:
        load_description(path)
    assert str(caught.value) == (
        f"{path}: not a meeting description (expected a mapping with meeting_id, project, schedule)"
    )


def test_a_missing_file_and_bad_bytes(tmp_path):
    with pytest.raises(BadInput, match=r"missing\.yaml: no such meeting description file$"):
        load_description(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"project: \xff\xfe\n")
    with pytest.raises(BadInput, match=r"binary\.yaml: not UTF-8 text \(byte 9\)$"):
        load_description(binary)
