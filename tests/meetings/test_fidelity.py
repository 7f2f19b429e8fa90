"""What real logs from other communities showed (issue 6): MeetBot's own rules, followed exactly.

The logs under tests/data/meetings/retitled are written as MeetBot writes
them: a chair who starts every meeting with a new title ("Storage Sync
7/10/2018") in a channel whose files MeetBot names ``storagesync.*``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from archwg.errors import BadInput, UsageError
from archwg.meetings.carry import carry
from archwg.meetings.description import parse_description
from archwg.meetings.load import read_meetings
from archwg.meetings.meeting import meeting_name, meetings_from_lines
from archwg.meetings.minutes import build_minutes, render_html, render_rst, render_text
from archwg.meetings.readers.irclog import read_irc_lines
from archwg.meetings.series import select_named_series, select_series, series_by_file_names

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


# -- a series whose chair retitles every meeting ------------------------------------------

TITLES = ["Storage Sync 6/12/2018", "Storage Sync 6/19/2018", "storage-sync 6/26/2018", "jul-3 storage chat",
          "Storage Sync 7/10/2018"]
OPEN = [("jdoe write the sync design doc", "2018-06-12"), ("mkim draft the quota proposal", "2018-07-03")]
CLOSED = [("mkim benchmark rsync against syncthing", "2018-06-19"), ("jdoe ask infra for a test bucket", "2018-06-26"),
          ("pchen review the retention policy", "2018-07-10")]
DESCRIPTION = """\
meeting_id: storagesync
project: Storage
schedule:
  - time: '1330'
    day: Tuesday
    irc: storagesync
    frequency: weekly
"""


def carried(report):
    return ([(item.text, item.since.iso()) for item in report.open],
            [(item.text, item.closed.isoformat()) for item in report.closed])


def test_the_retitled_meetings_bear_five_names_and_one_file_name_series():
    meetings = list(read_meetings([str(RETITLED)], detail="actions"))
    assert [meeting.name for meeting in meetings] == [meeting_name(title) for title in TITLES]
    assert {meeting.file_series for meeting in meetings} == {"storagesync"}


@pytest.mark.parametrize("meeting_id", [None, "storagesync", "StorageSync"])
def test_carrying_a_retitled_series_reads_every_meeting(meeting_id):
    told = []
    series = select_series(read_meetings([str(RETITLED)], detail="actions"), meeting_id, warn=told.append)
    assert [meeting.date.isoformat() for meeting in series] == [
        "2018-06-12", "2018-06-19", "2018-06-26", "2018-07-03", "2018-07-10"]
    # Carried as one series, under the name MeetBot files it under.
    assert {meeting.name for meeting in series} == {"storagesync"}
    report = carry(series)
    assert (report.series, report.meetings, report.date.isoformat()) == ("storagesync", 5, "2018-07-10")
    assert carried(report) == (OPEN, CLOSED)
    assert told == []


def test_a_recorded_name_picks_only_the_meetings_recorded_under_it():
    series = select_series(read_meetings([str(RETITLED)], detail="actions"), "storage_sync_7_10_2018")
    assert [meeting.date.isoformat() for meeting in series] == ["2018-07-10"]


def test_file_names_choose_the_retitled_series_before_reading():
    paths = sorted(str(path) for path in RETITLED.glob("*.log.txt"))
    choice = series_by_file_names(paths + ["other/api_wg.2018-07-05-16.00.log.txt"])
    assert choice.series == "storagesync"
    told = []
    series = select_named_series(read_meetings(paths, detail="actions"), choice,
                                 unread=["other/api_wg.2018-07-05-16.00.log.txt"], warn=told.append)
    # Titles no file is named for bear the file names out: no need to read everything.
    assert series is not None and len(series) == 5
    assert carried(carry(series)) == (OPEN, CLOSED)
    assert told == ["read only meeting series storagesync; skipped the meetings of api_wg (1)"]


def test_a_description_names_the_titles_when_the_files_have_no_meetbot_names(tmp_path):
    for number, path in enumerate(sorted(RETITLED.glob("*.log.txt")), 1):
        (tmp_path / f"week{number}.txt").write_text(path.read_text())
    description = parse_description(DESCRIPTION + "names:\n" + "".join(f"  - {title}\n" for title in TITLES), "x")
    assert description.names == tuple(TITLES)
    meetings = list(read_meetings([str(tmp_path)], detail="actions"))
    series = select_series(meetings, "storagesync", names=description.names)
    report = carry(series)
    assert (report.series, report.meetings) == ("storagesync", 5)
    assert carried(report) == (OPEN, CLOSED)
    with pytest.raises(UsageError, match="no meeting of series 'storagesync'"):
        select_series(meetings, "storagesync")


@pytest.mark.parametrize("names, error", [
    ("storagesync", "x: names: must be a list of the other names the meeting was started under"),
    ("['']", "x: names[0]: '' is not a meeting name"),
    ("[[a]]", "x: names[0]: ['a'] is not a meeting name"),
])
def test_description_names_are_validated(names, error):
    with pytest.raises(BadInput) as raised:
        parse_description(DESCRIPTION + f"names: {names}\n", "x")
    assert str(raised.value) == error


# -- the same through carry-actions -----------------------------------------------------------


def test_cli_carries_a_retitled_folder_without_opening_other_series(run_cli, tmp_path):
    logs = tmp_path / "logs"
    shutil.copytree(RETITLED, logs)
    # Another series' file, unreadable: had it been opened, a warning would say so.
    (logs / "api_wg.2018-07-05-16.00.log.txt").write_bytes(b"\x00\x01\x02\xff" * 1024)
    for args in ((), ("--meeting", "storagesync")):
        result = run_cli("carry-actions", str(logs), "--format", "json", *args, cwd=tmp_path)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["meeting"] == {"id": "storagesync", "date": "2018-07-10",
                                   "source": str(logs / "storagesync.2018-07-10-13.33.log.txt")}
        assert [(item["text"], item["since"]) for item in data["open"]] == OPEN
        assert [(item["text"], item["closed"]) for item in data["closed"]] == CLOSED
        assert data["warnings"] == ["read only meeting series storagesync; skipped the meetings of api_wg (1)"]


def test_cli_carries_by_the_names_a_description_lists(run_cli, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    for number, path in enumerate(sorted(RETITLED.glob("*.log.txt")), 1):
        (logs / f"week{number}.txt").write_text(path.read_text())
    described = tmp_path / "storagesync.yaml"
    described.write_text(DESCRIPTION + "names:\n" + "".join(f"  - {title}\n" for title in TITLES))
    result = run_cli("carry-actions", str(logs), "--meeting", "storagesync", "--meeting-file", str(described),
                     "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meeting"] == {"id": "storagesync", "date": "2018-07-10", "source": str(logs / "week5.txt")}
    assert [(item["text"], item["closed"]) for item in data["closed"]] == CLOSED
    assert data["warnings"] == []
    # Without the names, the description's id is no name any meeting was recorded under.
    described.write_text(DESCRIPTION)
    result = run_cli("carry-actions", str(logs), "--meeting", "storagesync", "--meeting-file", str(described),
                     cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("archwg: error: no meeting of series 'storagesync' in the logs read")


# -- minutes text ---------------------------------------------------------------------------

FEDORA = DATA / "realworld" / "fedora"
FEDORA_MEETINGS = ["magazine.2020-06-10-12.02", "fedora_iot_working_group_meeting.2020-06-10-14.10"]


def minutes_of(path: Path):
    (meeting,) = read_meetings([str(path)])
    return build_minutes(meeting)


def meetbot_text(stem: str) -> list[str]:
    return (FEDORA / f"{stem}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("stem", FEDORA_MEETINGS)
def test_the_end_sentence_gives_the_endmeeting_time_as_meetbot_does(stem):
    (theirs,) = [line for line in meetbot_text(stem) if line.startswith("Meeting ended")]
    minutes = minutes_of(FEDORA / f"{stem}.log.txt")
    assert theirs in render_text(minutes).splitlines()
    assert f"\n{theirs}\n" in render_rst(minutes)
    assert f'<p class="details">{theirs}</p>' in render_html(minutes)


def test_a_meeting_cut_off_before_endmeeting_says_so():
    text = (RETITLED / "storagesync.2018-07-10-13.33.log.txt").read_text().replace("<jdoe> #endmeeting", "<jdoe> bye")
    (meeting,) = meetings_of(text)
    assert "Meeting not ended: the log has no #endmeeting (cut off?)." in render_text(build_minutes(meeting))


@pytest.mark.parametrize("stem", FEDORA_MEETINGS)
@pytest.mark.parametrize("suffix", [".log.html", ".txt", ".html"])
def test_the_title_names_the_channel_when_the_file_tells_it(stem, suffix):
    # MeetBot's HTML log names the channel in its <title>; its minutes in their title.
    theirs = meetbot_text(stem)[1]  # under the line of "="
    assert theirs.startswith("#fedora-meeting: ")
    minutes = minutes_of(FEDORA / f"{stem}{suffix}")
    assert minutes.title == theirs
    assert render_text(minutes).splitlines()[:3] == meetbot_text(stem)[:3]
    assert f"<h1>{theirs}</h1>" in render_html(minutes)


def test_the_title_names_the_meeting_when_the_log_does_not_tell_the_channel():
    # A MeetBot .log.txt never names its channel.
    assert minutes_of(FEDORA / "magazine.2020-06-10-12.02.log.txt").title == "Meeting: magazine"


def test_meetingtopic_retitles_and_none_unsets_it_as_in_meetbot():
    from archwg.meetings.minutes import minutes_title

    (meeting,) = meetings_of("13:33:20 <jdoe> #startmeeting Storage Sync 7/10/2018\n" + GREETING
                             + "13:34:00 <mkim> #meetingtopic not a chair\n13:40:00 <jdoe> #endmeeting\n")
    assert minutes_title(replace(meeting, channel="#storagesync")) == "#storagesync: Storage Sync 7/10/2018"
    (meeting,) = meetings_of("13:33:20 <jdoe> #startmeeting Storage Sync 7/10/2018\n" + GREETING
                             + "13:34:00 <jdoe> #meetingtopic none\n13:40:00 <jdoe> #endmeeting\n")
    assert minutes_title(replace(meeting, channel="#storagesync")) == "#storagesync Meeting"


def test_a_long_log_path_or_url_is_never_broken_across_lines(tmp_path):
    folder = tmp_path / "meeting-logs-of-the-storage-sync-working-group-kept-for-the-record-since-2018"
    folder.mkdir()
    log = folder / "storagesync.2018-07-10-13.33.log.txt"
    url = "https://etherpad.example.org/p/storage-sync-notes-for-the-meeting-of-the-tenth-of-july-2018-final"
    log.write_text((RETITLED / "storagesync.2018-07-10-13.33.log.txt").read_text().replace(
        "<mkim> nothing from me", f"<mkim> #link {url}"))
    text = render_text(minutes_of(log))
    lines = text.splitlines()
    assert str(log) in lines  # longer than a line: alone on its own line, whole
    assert f"    {url}" in lines
    assert "Meeting started by jdoe at 13:33:20 UTC on 2018-07-10. The full logs are" in lines


@pytest.mark.parametrize("stem", FEDORA_MEETINGS)
def test_people_present_come_in_meetbots_order(stem):
    theirs = meetbot_text(stem)
    start = theirs.index("People Present (lines said)") + 2
    people = theirs[start:theirs.index("", start)]
    ours = render_text(minutes_of(FEDORA / f"{stem}.log.txt")).splitlines()
    start = ours.index("People present (lines said)") + 3
    assert ours[start:start + len(people)] == people
    assert ours[start + len(people)] == ""


def test_equal_counts_follow_python2_dict_order_not_the_alphabet():
    from archwg.meetings.minutes import meetbot_people_order

    # MeetBot's own minutes list pwhalen before jsmith, both with 0 lines.
    said = [("pbrobinson", 8), ("zodbot", 7), ("pwhalen", 0), ("bcotton", 5), ("jsmith", 0), ("kushal", 1),
            ("laubersm", 2)]
    assert [nick for nick, _ in meetbot_people_order(said)] == [
        "pbrobinson", "zodbot", "bcotton", "laubersm", "kushal", "pwhalen", "jsmith"]


def test_a_channels_files_holding_several_series_go_by_the_names_inside(run_cli, tmp_path):
    # MeetBot's default names files for the channel: here arch_wg (4 meetings)
    # and api_wg (2) share #openstack-meeting-alt, each started under its own name.
    series = DATA / "meetings" / "series"
    logs = tmp_path / "logs"
    logs.mkdir()
    for path in series.glob("*.log.txt"):
        (logs / ("openstack-meeting-alt." + path.name.split(".", 1)[1])).write_text(path.read_text())
    told = []
    chosen = select_series(read_meetings([str(logs)], detail="actions"), warn=told.append)
    assert [(meeting.name, meeting.date.isoformat()) for meeting in chosen] == [
        ("api_wg", "2017-03-16"), ("api_wg", "2017-03-30")]
    assert told == ["read only meeting series api_wg; skipped the meetings of arch_wg (4)"]
    chosen = select_series(read_meetings([str(logs)], detail="actions"), "arch_wg")
    assert len(chosen) == 4 and {meeting.name for meeting in chosen} == {"arch_wg"}
    result = run_cli("carry-actions", str(logs), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meeting"]["id"] == "api_wg" and data["meeting"]["date"] == "2017-03-30"


def test_cli_minutes_of_a_retitled_series_by_its_file_name_series(run_cli, tmp_path):
    result = run_cli("minutes", str(RETITLED), "--meeting", "storagesync", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The newest meeting, whole, under the name it was started under.
    assert (data["meeting"]["id"], data["meeting"]["date"]) == ("storage_sync_7_10_2018", "2018-07-10")
    assert result.stderr.startswith("archwg: warning: 5 meetings of ")


def test_a_meeting_started_without_a_name_is_named_for_its_channel():
    # MeetBot's do_startmeeting sets a name only when one is given; its files
    # are then named for the channel: "#Storage-Sync" -> storage-sync.
    log = "13:33:20 <jdoe> #startmeeting\n" + GREETING + "13:40:00 <jdoe> #endmeeting\n"
    (meeting,) = meetings_from_lines(read_irc_lines(log.splitlines()), "pasted.txt", channel="#Storage-Sync")
    assert meeting.name == "storage-sync"
    (meeting,) = meetings_from_lines(read_irc_lines(log.splitlines()), "pasted.txt")
    assert meeting.name == "pasted"  # no channel known: as before


@pytest.mark.parametrize("client_log", ["#storagesync.log", "irc.oftc.#storagesync.weechatlog"])
def test_irssi_and_weechat_logs_tell_the_channel_for_the_title(client_log):
    # The same meeting as storagesync.2018-07-10-13.33.log.txt, logged by a chair's own client.
    ours = minutes_of(DATA / "meetings" / client_log)
    meetbots = minutes_of(RETITLED / "storagesync.2018-07-10-13.33.log.txt")
    assert ours.title == "#storagesync: Storage Sync 7/10/2018"
    assert ours.meeting.name == meetbots.meeting.name == "storage_sync_7_10_2018"
    assert (ours.actions, ours.by_person, ours.people) == (meetbots.actions, meetbots.by_person, meetbots.people)


def test_description_names_match_as_meetbot_spells_them_and_as_a_channel_name():
    log = "13:33:20 <jdoe> #startmeeting {}\n" + GREETING + "13:40:00 <jdoe> #endmeeting\n"
    titled = meetings_of(log.format("Storage Sync 7/10/2018"), source="week5.txt")
    unnamed = list(meetings_from_lines(read_irc_lines(log.format("").splitlines()), "week6.txt",
                                       channel="#storage-sync"))
    assert unnamed[0].name == "storage-sync"  # MeetBot names it for the channel, "-" and all
    chosen = select_series(titled + unnamed, "storagesync", names=("Storage Sync 7/10/2018", "storage-sync"))
    assert [meeting.source for meeting in chosen] == ["week5.txt", "week6.txt"]


@pytest.fixture
def retitled_repo(spec_repo):
    """A spec repository whose one meeting lists the titles it was started under; its logs have no MeetBot names."""
    (spec_repo / "meetings").mkdir()
    (spec_repo / "meetings" / "storagesync.yaml").write_text(
        DESCRIPTION + "names:\n" + "".join(f"  - {title}\n" for title in TITLES))
    logs = spec_repo / "meetings" / "logs" / "storagesync"
    logs.mkdir(parents=True)
    for number, path in enumerate(sorted(RETITLED.glob("*.log.txt")), 1):
        (logs / f"week{number}.txt").write_text(path.read_text())
    return spec_repo


def test_carry_actions_and_agenda_read_the_same_retitled_series_in_a_repository(run_cli, retitled_repo):
    carried = run_cli("carry-actions", "--format", "json", cwd=retitled_repo)
    assert carried.exit_code == 0, carried.output
    data = json.loads(carried.stdout)
    assert data["meeting"]["id"] == "storagesync"
    assert [(item["text"], item["since"]) for item in data["open"]] == OPEN
    assert [(item["text"], item["closed"]) for item in data["closed"]] == CLOSED
    planned = run_cli("agenda", "--for", "2018-07-11", "--format", "json", cwd=retitled_repo)
    assert planned.exit_code == 0, planned.output
    agenda_items = [(item["text"], item["carried_since"]) for item in json.loads(planned.stdout)["action_items"]]
    assert agenda_items == [(text, since) for text, since in OPEN]


def test_a_meeting_file_without_meeting_selects_its_series_with_its_names(run_cli, retitled_repo, outside):
    logs = retitled_repo / "meetings" / "logs" / "storagesync"
    described = retitled_repo / "meetings" / "storagesync.yaml"
    result = run_cli("carry-actions", str(logs), "--meeting-file", str(described), "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["meeting"]["id"], data["meeting"]["source"]) == ("storagesync", str(logs / "week5.txt"))
    assert [(item["text"], item["closed"]) for item in data["closed"]] == CLOSED


# -- a second #startmeeting --------------------------------------------------------------

IRSSI_REFUSED = """\
--- Log opened Thu Mar 16 15:59:00 2017
16:00 < elmiko> #startmeeting api_wg
16:00 < openstack> Meeting started Thu Mar 16 16:00:03 2017 UTC and is due to finish in 60 minutes.  The chair is elmiko.
16:01 < elmiko> #topic guidelines
16:01 < elmiko> #action cdent to review
16:02 < cdent> #startmeeting oops
16:02 < openstack> cdent: Error: Can't start another meeting, one is in progress.
16:03 < elmiko> #action edleafe to write
16:03 < cdent> sorry
16:04 < elmiko> #endmeeting
"""

BOT_RESTARTED = """\
20:00:01 <elmiko> #startmeeting api_wg
20:00:02 <openstack> Meeting started Thu Mar 16 20:00:01 2017 UTC and is due to finish in 60 minutes.  The chair is elmiko.
20:01:00 <elmiko> #action cdent to review
20:20:00 <elmiko> #startmeeting api_wg
20:20:01 <openstack> Meeting started Thu Mar 16 20:20:00 2017 UTC and is due to finish in 60 minutes.  The chair is elmiko.
20:21:00 <elmiko> #action edleafe to write
20:30:00 <elmiko> #endmeeting
"""


def both_readers(text: str, source: str, tmp_path) -> list:
    """The meetings of *text* by the line-by-line reader and by the fast one (which must agree)."""
    slow = list(meetings_from_lines(read_irc_lines(text.splitlines()), source))
    path = tmp_path / source
    path.write_text(text)
    fast = list(read_meetings([str(path)]))
    assert [replace(meeting, source=source, warnings=tuple(warning.replace(str(path), source)
                                                           for warning in meeting.warnings))
            for meeting in fast] == slow
    return slow


def test_a_startmeeting_meetbot_refuses_leaves_the_meeting_whole(tmp_path):
    # MeetBot answers "Can't start another meeting, one is in progress." and leaves the line out.
    (meeting,) = both_readers(IRSSI_REFUSED, "openstack-meeting.log", tmp_path)
    assert meeting.name == "api_wg" and meeting.ended
    assert [item.text for item in meeting.actions] == ["cdent to review", "edleafe to write"]
    assert dict(meeting.lines_said)["cdent"] == 1  # "sorry"; the refused line is not counted


def test_a_startmeeting_the_restarted_bot_greets_begins_a_new_meeting(tmp_path):
    first, second = both_readers(BOT_RESTARTED, "api_wg.2017-03-16-20.00.log.txt", tmp_path)
    assert [item.text for item in first.actions] == ["cdent to review"] and not first.ended
    assert [item.text for item in second.actions] == ["edleafe to write"] and second.ended
    assert second.start == datetime(2017, 3, 16, 20, 20)


BOT_SAYS_COMMANDS = """\
20:00:00 <elmiko> #startmeeting api_wg
20:00:01 <openstack> Meeting started Thu Mar 16 20:00:00 2017 UTC and is due to finish in 60 minutes.  The chair is elmiko.
20:01:00 <elmiko> #action cdent to review
20:01:05 <openstack> #action openstack to write the minutes
20:01:06 <openstack> #info the bot says so
20:01:07 <openstack> https://review.openstack.org/1234
20:01:08 <openstack> #undo
20:01:09 <openstack> #endmeeting
20:02:00 <elmiko> #link https://review.openstack.org/5678
20:30:00 <elmiko> #endmeeting
"""


@pytest.mark.parametrize("detail", ["full", "actions"])
def test_the_bots_own_lines_are_never_commands_nor_links(tmp_path, detail):
    # MeetBot logs its own lines "bypassing command execution" (addrawline): they are only lines said.
    (meeting,) = both_readers(BOT_SAYS_COMMANDS, "api_wg.2017-03-16-20.00.log.txt", tmp_path)
    assert meeting.ended and meeting.ended_at == "20:30:00"
    assert [(item.kind, item.text) for item in meeting.items] == [
        ("action", "cdent to review"), ("link", "https://review.openstack.org/5678")]
    assert dict(meeting.lines_said)["openstack"] == 6  # the greeting and five lines more, all counted
    (read,) = read_meetings([str(tmp_path / "api_wg.2017-03-16-20.00.log.txt")], detail=detail)
    assert [item.text for item in read.actions] == ["cdent to review"]
