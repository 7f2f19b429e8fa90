"""MeetBot's rules: Line stream -> Meetings (archwg/meetings/meeting.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

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
