"""What real logs from other communities showed (issue 6): MeetBot's own rules, followed exactly.

The logs under tests/data/meetings/retitled are written as MeetBot writes
them: a chair who starts every meeting with a new title ("Storage Sync
7/10/2018") in a channel whose files MeetBot names ``storagesync.*``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archwg.meetings.load import read_meetings
from archwg.meetings.meeting import meeting_name, meetings_from_lines
from archwg.meetings.readers.irclog import read_irc_lines

DATA = Path(__file__).resolve().parent.parent / "data"
RETITLED = DATA / "meetings" / "retitled"
RETITLED_FILES = sorted(path.name for path in RETITLED.glob("storagesync.*.log.txt"))


def meetings_of(text: str, source: str = "storagesync.2018-07-10-13.33.log.txt"):
    return list(meetings_from_lines(read_irc_lines(text.splitlines()), source))


GREETING = ("13:33:21 <openstack> Meeting started Tue Jul 10 13:33:20 2018 UTC and is due to finish in 60 "
            "minutes.  The chair is jdoe.\n")


# -- meeting names ---------------------------------------------------------------------


@pytest.mark.parametrize("written, name", [
    ("Storage Sync 5/29/2018", "storage_sync_5_29_2018"),
    ("jun-7 storage chat", "jun_7_storage_chat"),
    ("  Arch  WG  ", "arch_wg"),
    ("arch_wg", "arch_wg"),
    ("nova.api (weekly)", "nova_api__weekly_"),
    ("Réunion du lundi", "r_union_du_lundi"),
])
def test_meeting_names_are_spelled_as_meetbot_spells_them(written, name):
    assert meeting_name(written) == name
    (started,) = meetings_of(f"13:33:20 <jdoe> #startmeeting {written}\n" + GREETING + "13:40:00 <jdoe> #endmeeting\n")
    assert started.name == name
    (renamed,) = meetings_of("13:33:20 <jdoe> #startmeeting x\n" + GREETING + f"13:34:00 <jdoe> #meetingname {written}\n"
                             "13:40:00 <jdoe> #endmeeting\n")
    assert renamed.name == name


def test_a_retitled_meeting_is_named_as_the_bot_said():
    # The bot states the name it gave; archwg must agree with it on every file of the series.
    for file_name in RETITLED_FILES:
        (meeting,) = read_meetings([str(RETITLED / file_name)])
        said = next(line for line in (RETITLED / file_name).read_text().splitlines() if "name has been set" in line)
        assert said.endswith(f"'{meeting.name}'")
        assert meeting.file_series == "storagesync"


def test_an_empty_meetingname_unsets_the_name_as_in_meetbot():
    # The meeting is then named as MeetBot names its file: here, by the file's series.
    (meeting,) = meetings_of("13:33:20 <jdoe> #startmeeting Storage Sync 7/10/2018\n" + GREETING
                             + "13:34:00 <jdoe> #meetingname\n13:40:00 <jdoe> #endmeeting\n")
    assert meeting.name == "storagesync"


# -- the file name's date against the bot's greeting --------------------------------------


def test_a_file_date_that_disagrees_with_the_greeting_is_warned_about_once():
    log = ("13:33:20 <jdoe> #startmeeting storagesync\n" + GREETING + "13:40:00 <jdoe> #endmeeting\n"
           "14:33:20 <jdoe> #startmeeting storagesync\n"
           "14:33:21 <openstack> Meeting started Wed Jul 11 14:33:20 2018 UTC.\n14:40:00 <jdoe> #endmeeting\n")
    first, second = meetings_of(log, source="logs/storagesync.2018-07-03-13.33.log.txt")
    assert first.date.isoformat() == "2018-07-10"  # the greeting's date, as before
    assert first.warnings == ("logs/storagesync.2018-07-03-13.33.log.txt: the file name says 2018-07-03, the bot's "
                              "greeting says 2018-07-10; the greeting's date is used",)
    # The file is named for its first meeting only: a second meeting's own date is no disagreement.
    assert second.warnings == ()


def test_a_file_date_that_agrees_with_the_greeting_says_nothing():
    for file_name in RETITLED_FILES:
        (meeting,) = read_meetings([str(RETITLED / file_name)])
        assert meeting.warnings == ()


def test_the_date_warning_reaches_the_minutes_command(run_cli, tmp_path):
    log = tmp_path / "storagesync.2018-07-03-13.33.log.txt"
    log.write_text((RETITLED / "storagesync.2018-07-10-13.33.log.txt").read_text())
    result = run_cli("minutes", str(log), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"archwg: warning: {log}: the file name says 2018-07-03, the bot's greeting says "
                             "2018-07-10; the greeting's date is used\n")
