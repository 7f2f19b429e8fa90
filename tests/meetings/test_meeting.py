"""MeetBot's rules: Line stream -> Meetings (archwg/meetings/meeting.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archwg.errors import BadInput
from archwg.meetings.load import read_meetings
from archwg.meetings.meeting import meetings_from_lines
from archwg.meetings.readers.irclog import read_irc_lines

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_000 = DATA / "000_29a86aef99d720fa.txt"


def meetings_of(text: str, source: str = "test.2017-03-09-20.01.log.txt", **kwargs):
    return list(meetings_from_lines(read_irc_lines(text.splitlines()), source, **kwargs))


def one_meeting(text: str, **kwargs):
    found = meetings_of(text, **kwargs)
    assert len(found) == 1
    return found[0]


def test_seed_000_is_one_arch_wg_meeting():
    (meeting,) = list(read_meetings([str(SEED_000)]))
    assert meeting.name == "arch_wg"
    assert meeting.start == datetime(2017, 3, 9, 20, 1, 6)
    assert meeting.ended
    assert meeting.chairs == ("SpamapS",)
    assert meeting.bot == "openstack"
    assert meeting.source == str(SEED_000)


def test_seed_000_actions_are_the_three_recorded():
    (meeting,) = list(read_meetings([str(SEED_000)]))
    assert [(item.nick, item.time, item.line, item.topic, item.text) for item in meeting.actions] == [
        ("SpamapS", "20:06:41", 21, "previous meeting action items",
         "rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) "
         "(Carried since Feb 9 2017)"),
        ("SpamapS", "20:10:32", 35, "previous meeting action items",
         "rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG "
         "(Carried since Feb 9 2017)"),
        ("SpamapS", "20:37:12", 154, "Active workstreams",
         "SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream."),
    ]


def test_seed_000_topics_links_and_info():
    (meeting,) = list(read_meetings([str(SEED_000)]))
    topics = [item.text for item in meeting.items if item.kind == "topic"]
    assert topics == [
        "previous meeting action items",
        "PTG Recap",
        "OpenStack Specs check-in",
        "Proposal Process Review",
        "Proposals for work",
        "Active workstreams",
        "Open Discussion",
    ]
    links = [item.text for item in meeting.items if item.kind == "link"]
    # rockyg's "and also quotas:  #link ..." is not a command: #link is not at the start.
    assert len(links) == 7
    assert "https://review.openstack.org/435555" in links
    assert not any("hierarchical-quota" in link for link in links)
    (info,) = [item for item in meeting.items if item.kind == "info"]
    assert info.text == "next meeting will be in 2 weeks on March 23"
    assert info.topic == "Open Discussion"


def test_seed_000_people_and_lines_said():
    (meeting,) = list(read_meetings([str(SEED_000)]))
    assert dict(meeting.lines_said) == {"SpamapS": 95, "openstack": 4, "cdent": 11, "rockyg": 28, "harlowja": 25}
    # The bot is counted in lines said, as MeetBot does, but is nobody to assign work to.
    assert meeting.people == frozenset({"SpamapS", "cdent", "rockyg", "harlowja"})


def test_seed_000_chair_lines_hold_the_review_under_its_topic():
    (meeting,) = list(read_meetings([str(SEED_000)]))
    reviewed = [line for line in meeting.chair_lines if line.text.startswith("* ")]
    assert [(line.nick, line.topic, line.text) for line in reviewed[:4]] == [
        ("SpamapS", "previous meeting action items",
         "* rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal)"),
        ("SpamapS", "previous meeting action items",
         "* SpamapS to move nova-compute-api to active status and add structure (Carried from Jan 2017)"),
        ("SpamapS", "previous meeting action items",
         "* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG"),
        ("SpamapS", "previous meeting action items",
         "* SpamapS talk to PTG organizers and confirm what space is dedicated, what is shared, and create a "
         "general schedule based on that."),
    ]
    # cdent's /me line is not a chair line, and nobody else's talk is either.
    assert {line.nick for line in meeting.chair_lines} == {"SpamapS"}
    assert all(not line.text.startswith("#") for line in meeting.chair_lines)


START = (
    "20:01:06 <SpamapS> #startmeeting arch_wg\n"
    "20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.\n"
)
END = "20:39:42 <SpamapS> #endmeeting\n"


def meeting_with(body: str):
    return one_meeting(START + body + END)


def test_command_names_are_case_insensitive():
    meeting = meeting_with("20:02:00 <SpamapS> #ACTION cdent write it up\n20:02:01 <SpamapS> #Info noted\n")
    assert [(item.kind, item.text) for item in meeting.items] == [("action", "cdent write it up"), ("info", "noted")]


def test_a_command_counts_only_at_the_start_of_a_message():
    meeting = meeting_with(
        "20:02:00 <cdent> proposed #action cdent write it up\n"
        "20:02:01 <SpamapS> see #184 for that\n"
        "20:02:02 <SpamapS> #184 is done\n"
        "20:02:03 <SpamapS>  #info a leading space still starts the message\n"
    )
    assert [(item.kind, item.text) for item in meeting.items] == [
        ("info", "a leading space still starts the message")
    ]


def test_undo_removes_the_last_item_whatever_its_kind():
    meeting = meeting_with(
        "20:02:00 <SpamapS> #action cdent one\n"
        "20:02:01 <SpamapS> #link http://example.org\n"
        "20:02:02 <SpamapS> #undo\n"
        "20:02:03 <SpamapS> #action cdent two\n"
        "20:02:04 <SpamapS> #action cdent three\n"
        "20:02:05 <SpamapS> #undo\n"
    )
    assert [item.text for item in meeting.items] == ["cdent one", "cdent two"]


def test_chair_commands_from_non_chairs_are_ignored_like_meetbot():
    meeting = meeting_with(
        "20:02:00 <cdent> #topic cdent's topic\n"
        "20:02:01 <cdent> #agreed nothing\n"
        "20:02:02 <cdent> #undo\n"
        "20:02:03 <cdent> #action cdent anyone may record an action\n"
        "20:02:04 <SpamapS> #chair cdent, rockyg\n"
        "20:02:05 <cdent> #topic now a chair\n"
        "20:02:06 <SpamapS> #unchair rockyg SpamapS\n"
        "20:02:07 <rockyg> #topic no longer a chair\n"
    )
    assert [(item.kind, item.text) for item in meeting.items] == [
        ("action", "cdent anyone may record an action"),
        ("topic", "now a chair"),
    ]
    # The nick that started the meeting cannot be unchaired.
    assert meeting.chairs == ("SpamapS", "cdent")


def test_people_are_speakers_chairs_and_nicks_but_never_the_bot():
    meeting = meeting_with(
        "20:02:00 <SpamapS> #chair ttx\n"
        "20:02:01 <SpamapS> #nick nikhil, dstanek\n"
        "20:02:02 <openstack> Current chairs: SpamapS ttx\n"
    )
    assert meeting.people == frozenset({"SpamapS", "ttx", "nikhil", "dstanek"})
    assert dict(meeting.lines_said) == {"SpamapS": 4, "openstack": 2, "ttx": 0, "nikhil": 0, "dstanek": 0}
    assert meeting.bot == "openstack"


def test_recorded_kinds_and_bare_links():
    meeting = meeting_with(
        "20:02:00 <SpamapS> #topic Kinds\n"
        "20:02:01 <SpamapS> #idea an idea\n"
        "20:02:02 <SpamapS> #agreed agreed\n"
        "20:02:03 <SpamapS> #accepted accepted\n"
        "20:02:04 <SpamapS> #rejected rejected\n"
        "20:02:05 <cdent> #help help wanted\n"
        "20:02:06 <cdent> #halp fedora's spelling\n"
        "20:02:07 <cdent> https://review.openstack.org/435555 hasn't been +A'd yet\n"
        "20:02:08 <cdent> the link http://example.org in the middle is not\n"
        "20:02:09 <SpamapS> #startvote Carry it? yes, no\n"
        "20:02:10 <cdent> #vote yes\n"
        "20:02:11 <SpamapS> #endvote\n"
    )
    assert [(item.kind, item.text, item.topic) for item in meeting.items] == [
        ("topic", "Kinds", "Kinds"),
        ("idea", "an idea", "Kinds"),
        ("agreed", "agreed", "Kinds"),
        ("accepted", "accepted", "Kinds"),
        ("rejected", "rejected", "Kinds"),
        ("help", "help wanted", "Kinds"),
        ("help", "fedora's spelling", "Kinds"),
        ("link", "https://review.openstack.org/435555 hasn't been +A'd yet", "Kinds"),
        ("vote", "Carry it? yes, no", "Kinds"),
        ("vote", "cdent votes yes", "Kinds"),
        ("vote", "vote ended", "Kinds"),
    ]


def test_a_me_line_is_never_a_command_and_never_a_chair_line():
    meeting = meeting_with("20:02:00  * SpamapS #action waves\n")
    assert meeting.items == ()
    assert meeting.chair_lines == ()
    assert dict(meeting.lines_said)["SpamapS"] == 3


def test_lines_outside_meetings_do_not_count():
    meetings = meetings_of(
        "19:59:00 <cdent> early\n" + START + "20:02:00 <cdent> during\n" + END + "20:40:00 <cdent> late\n"
    )
    assert dict(meetings[0].lines_said)["cdent"] == 1


def test_meetingname_renames_and_startmeeting_without_name_takes_the_bots():
    renamed = meeting_with("20:02:00 <SpamapS> #meetingname Arch  WG  Extra\n")
    assert renamed.name == "arch_wg_extra"
    unnamed = one_meeting(
        "20:01:06 <SpamapS> #startmeeting\n"
        "20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC.\n"
        "20:01:09 <openstack> The meeting name has been set to 'openstack_meeting_alt'\n" + END
    )
    assert unnamed.name == "openstack_meeting_alt"


def test_a_second_startmeeting_cuts_the_first_meeting():
    first, second = meetings_of(START + "20:02:00 <SpamapS> #action cdent one\n" + START.replace("20:01", "21:01")
                                + END)
    assert not first.ended and first.warnings
    assert [item.text for item in first.actions] == ["cdent one"]
    assert second.ended and second.start == datetime(2017, 3, 9, 21, 1, 6)


def test_date_from_the_bot_beats_the_file_name():
    meeting = one_meeting(START + END, source="arch_wg.2016-01-01-10.00.log.txt")
    assert meeting.date == date(2017, 3, 9)


def test_no_date_is_a_clear_error():
    with pytest.raises(BadInput, match="no date for meeting arch_wg"):
        meetings_of("20:01:06 <SpamapS> #startmeeting arch_wg\n" + END, source="pasted.txt")


@settings(max_examples=300, deadline=None)
@given(
    month=st.sampled_from(["Mar", "mar", "MAR", "Foo", "Sept"]),
    day=st.sampled_from(["0", "9", "09", "29", "31", "٣"]),
    clock=st.sampled_from(["20:01:06", "24:00:00", "23:60:00", "23:59:60", "23:59:61", "٢0:01:06"]),
    year=st.sampled_from(["2017", "2016", "0017"]),
)
def test_the_bot_greeting_time_is_read_as_strptime_reads_it(month, day, clock, year):
    from archwg.meetings.meeting import _greeting_time

    try:
        expected = datetime.strptime(f"{month} {day} {year} {clock}", "%b %d %Y %H:%M:%S")
    except ValueError:
        expected = None
    assert _greeting_time(month, day, clock, year) == expected
