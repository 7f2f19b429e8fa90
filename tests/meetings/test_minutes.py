"""archwg minutes: MeetBot-compatible content, checked against MeetBot's own minutes as data."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from archwg.meetings.load import read_meetings
from archwg.meetings.minutes import build_minutes, render_html, render_rst, render_text
from archwg.meetings.readers.minutes import parse_minutes
from archwg.serialize import minutes_json

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_000 = DATA / "000_29a86aef99d720fa.txt"
FEDORA = DATA / "realworld" / "fedora"
REAL_MEETINGS = ["magazine.2020-06-10-12.02", "fedora_iot_working_group_meeting.2020-06-10-14.10"]


def minutes_of(path: Path):
    (meeting,) = read_meetings([str(path)])
    return build_minutes(meeting)


def assigned_groups(by_person):
    # MeetBot's HTML leaves out an empty UNASSIGNED group, its text shows it as "(none)".
    return [(nick, list(texts)) for nick, texts in by_person if texts or nick != "UNASSIGNED"]


@pytest.mark.parametrize("stem", REAL_MEETINGS)
@pytest.mark.parametrize("meetbot_suffix", [".txt", ".html"])
@pytest.mark.parametrize("log_suffix", [".log.txt", ".log.html"])
def test_minutes_of_real_logs_equal_meetbots(stem, meetbot_suffix, log_suffix):
    ours = minutes_of(FEDORA / f"{stem}{log_suffix}")
    fmt = "minutes-html" if meetbot_suffix == ".html" else "minutes-txt"
    theirs = parse_minutes((FEDORA / f"{stem}{meetbot_suffix}").read_text(encoding="utf-8"), fmt)
    assert list(ours.actions) == list(theirs.action_list)
    assert [item.text for item in theirs.items if item.kind == "action"] == list(ours.actions)
    assert assigned_groups(ours.by_person) == assigned_groups(theirs.by_person)
    assert dict(ours.people) == dict(theirs.lines_said)
    # Most lines first, equal counts in MeetBot's own order (its Python 2 dict's): the
    # iot meeting lists pwhalen (0) before jsmith (0), the magazine five nicks of 0.
    assert list(ours.people) == list(theirs.lines_said)
    summary = [(item.kind, item.text, item.nick, item.time)
               for block in ours.summary for item in ((block.topic,) if block.topic else ()) + block.items]
    assert summary == [(item.kind, item.text, item.nick, item.time) for item in theirs.items]


def test_magazine_minutes_drop_the_proposed_action_and_the_undone_one():
    minutes = minutes_of(FEDORA / "magazine.2020-06-10-12.02.log.txt")
    raw = (FEDORA / "magazine.2020-06-10-12.02.log.txt").read_text(encoding="utf-8")
    assert raw.count("#action") == 11
    assert len(minutes.actions) == 8
    assert not any(text.startswith("proposed") for text in minutes.actions)


def test_unassigned_is_always_shown():
    minutes = minutes_of(FEDORA / "fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt")
    assert minutes.by_person == (("UNASSIGNED", ()),)
    text = render_text(minutes)
    assert "* **UNASSIGNED**\n  * (none)\n" in text
    assert "<b>UNASSIGNED</b> <ol>\n    <li>(none)</li>" in render_html(minutes)


def test_text_minutes_of_seed_000():
    text = render_text(minutes_of(SEED_000))
    assert text.startswith("================\nMeeting: arch_wg\n================\n")
    assert "* previous meeting action items  (SpamapS, 20:02:06)\n" in text
    # Wrapped at 72 columns as MeetBot wraps, continuation indented under the bullet.
    assert (
        "  * ACTION: SpamapS submit analysis for nova-compute-api as patch to\n"
        "    nova-compute-api work stream.  (SpamapS, 20:37:12)\n"
    ) in text
    assert all(len(line) <= 72 or " " not in line.strip() for line in text.splitlines())
    # As MeetBot files them: rocky_g was not in the meeting (rockyg was), so nobody's.
    assert "* **UNASSIGNED**\n  * rocky_g Send email regarding" in text
    assert "* rocky_g\n" not in text
    assert "People present (lines said)\n---------------------------\n\n* SpamapS (95)\n* rockyg (28)\n" in text


@pytest.mark.parametrize("render, fmt", [(render_text, "minutes-txt"), (render_html, "minutes-html")])
def test_archwg_minutes_read_back_as_the_same_meeting(render, fmt):
    (meeting,) = read_meetings([str(SEED_000)])
    document = parse_minutes(render(build_minutes(meeting)), fmt)
    assert [item.text for item in document.items if item.kind == "action"] == [item.text for item in meeting.actions]
    assert [(item.kind, item.text) for item in document.items] == [(item.kind, item.text) for item in meeting.items]
    assert dict(document.lines_said) == dict(meeting.lines_said)
    assert document.start_time == "20:01:06" and document.start_day == "2017-03-09"


def test_html_escapes_everything_it_quotes(tmp_path):
    log = tmp_path / "evil.2020-01-02-10.00.log.txt"
    log.write_text(
        "10:00:00 <mal<lory> #startmeeting evil\n"
        "10:00:01 <mal<lory> #topic <script>alert('topic')</script>\n"
        "10:00:02 <mal<lory> #action bob fix <script>alert(1)</script> & more\n"
        "10:00:03 <bob> #link javascript:alert(2) http://example.org/?a=<b>\n"
        "10:00:04 <mal<lory> #endmeeting\n"
    )
    page = render_html(minutes_of(log))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "&lt;script&gt;alert(&#39;topic&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "mal&lt;lory" in page


def test_rst_minutes_are_valid_restructuredtext():
    from docutils.core import publish_doctree
    from docutils.utils import Reporter

    text = render_rst(minutes_of(SEED_000))
    messages = []
    doctree = publish_doctree(text, settings_overrides={"report_level": Reporter.SEVERE_LEVEL + 1,
                                                         "halt_level": Reporter.SEVERE_LEVEL + 1,
                                                         "warning_stream": False})
    for node in doctree.findall():
        if node.tagname == "system_message":
            messages.append(node.astext())
    assert messages == []
    assert "rocky\\_g Send email" in text


def test_rst_minutes_with_an_empty_topic_are_valid_restructuredtext(tmp_path):
    from docutils.core import publish_doctree
    from docutils.utils import Reporter

    log = tmp_path / "t.2017-03-16-16.00.log.txt"
    log.write_text("16:00:03 <elmiko> #startmeeting t\n16:00:05 <elmiko> #topic\n16:00:06 <elmiko> #info x\n"
                   "16:00:40 <elmiko> #endmeeting\n")
    text = render_rst(minutes_of(log))
    doctree = publish_doctree(text, settings_overrides={"report_level": Reporter.SEVERE_LEVEL + 1,
                                                         "halt_level": Reporter.SEVERE_LEVEL + 1,
                                                         "warning_stream": False})
    assert [node.astext() for node in doctree.findall() if node.tagname == "system_message"] == []
    assert "* ** **  (elmiko, 16:00:05)" in text  # as MeetBot's items.py writes an empty topic


def test_rst_minutes_with_meetbots_channel_title_are_valid_restructuredtext():
    from docutils.core import publish_doctree
    from docutils.utils import Reporter

    text = render_rst(minutes_of(FEDORA / "magazine.2020-06-10-12.02.log.html"))
    doctree = publish_doctree(text, settings_overrides={"report_level": Reporter.SEVERE_LEVEL + 1,
                                                         "halt_level": Reporter.SEVERE_LEVEL + 1,
                                                         "warning_stream": False})
    assert [node.astext() for node in doctree.findall() if node.tagname == "system_message"] == []
    assert doctree["title"] == "#fedora-meeting: Magazine editorial board"


def test_rst_minutes_of_a_meeting_with_a_wide_character_title_are_valid_restructuredtext():
    import dataclasses

    from docutils.core import publish_doctree
    from docutils.utils import Reporter

    title = "#openstack-meeting: \u67b6\u6784\u5de5\u4f5c\u7ec4 Arch WG"  # five CJK characters: ten columns
    minutes = dataclasses.replace(minutes_of(SEED_000), title=title)
    text = render_rst(minutes)
    doctree = publish_doctree(text, settings_overrides={"report_level": Reporter.SEVERE_LEVEL + 1,
                                                         "halt_level": Reporter.SEVERE_LEVEL + 1,
                                                         "warning_stream": False})
    assert [node.astext() for node in doctree.findall() if node.tagname == "system_message"] == []
    assert doctree["title"] == title
    assert text.startswith(f"{'=' * 38}\n{title}\n{'=' * 38}\n")
    assert render_text(minutes).startswith(f"{'=' * 38}\n{title}\n{'=' * 38}\n")


def test_json_shape():
    data = minutes_json(minutes_of(SEED_000))
    assert list(data) == ["meeting", "summary", "actions", "actions_by_person", "people", "warnings"]
    assert data["meeting"] == {"id": "arch_wg", "date": "2017-03-09", "start": "2017-03-09T20:01:06",
                               "source": str(SEED_000), "chairs": ["SpamapS"], "ended": True}
    assert data["summary"][0]["topic"] is None  # the #link before the first #topic
    assert data["summary"][1]["topic"]["text"] == "previous meeting action items"
    assert data["actions_by_person"][-1] == {"nick": "UNASSIGNED", "actions": [
        "rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) "
        "(Carried since Feb 9 2017)",
        "rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG "
        "(Carried since Feb 9 2017)"]}
    assert data["people"][0] == {"nick": "SpamapS", "lines": 95}


# -- the command ---------------------------------------------------------------------


def test_cli_minutes_text(run_cli, tmp_path):
    result = run_cli("minutes", str(SEED_000), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == render_text(minutes_of(SEED_000))


def test_cli_minutes_json_outside_any_repository(run_cli, tmp_path):
    result = run_cli("minutes", str(FEDORA / "magazine.2020-06-10-12.02.log.txt"), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["meeting"]["id"] == "magazine"
    assert len(data["actions"]) == 8


def test_cli_minutes_of_a_folder_takes_the_newest_and_says_so(run_cli, tmp_path):
    result = run_cli("minutes", str(FEDORA), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["meeting"]["id"] == "fedora_iot_working_group_meeting"
    assert ("archwg: warning: read only meeting series fedora_iot_working_group_meeting; skipped the meetings "
            "of magazine (1)") in result.stderr


def test_cli_minutes_of_a_series_says_it_took_the_newest(run_cli, tmp_path):
    text = SEED_000.read_text()
    (tmp_path / "arch_wg.2017-03-09-20.01.log.txt").write_text(text)
    (tmp_path / "arch_wg.2017-03-23-20.00.log.txt").write_text(text.replace("Mar  9 20:01:06", "Mar 23 20:00:06"))
    result = run_cli("minutes", str(tmp_path), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meeting"]["date"] == "2017-03-23"
    assert result.stderr == "archwg: warning: 2 meetings of arch_wg read; minutes of the newest, of 2017-03-23\n"


def test_cli_minutes_meeting_option_is_case_insensitive_as_for_carry_actions(run_cli, tmp_path):
    for spelling in ("MAGAZINE", "Magazine"):
        result = run_cli("minutes", str(FEDORA), "--meeting", spelling, "--format", "json", cwd=tmp_path)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["meeting"]["id"] == "magazine"


def test_cli_minutes_meeting_option_picks_the_series(run_cli, tmp_path):
    result = run_cli("minutes", str(FEDORA), "--meeting", "magazine", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["meeting"]["start"] == datetime(2020, 6, 10, 12, 2, 26).isoformat()


def test_cli_minutes_unknown_series(run_cli, tmp_path):
    result = run_cli("minutes", str(SEED_000), "--meeting", "nova", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "archwg: error: no meeting of series 'nova' in the logs read (series found: arch_wg)\n"


def test_cli_minutes_uses_the_description_aliases(run_cli, tmp_path):
    description = tmp_path / "arch_wg.yaml"
    description.write_text(
        "project: Architecture WG\nmeeting_id: arch_wg\nchair: SpamapS\ndescription: x\nagenda_url: ''\n"
        "schedule:\n  - time: '2000'\n    day: Thursday\n    irc: openstack-meeting-alt\n    frequency: biweekly-odd\n"
        "aliases:\n  rockyg: [rocky_g]\n"
    )
    result = run_cli("minutes", str(SEED_000), "--meeting-file", str(description), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    groups = {group["nick"]: group["actions"] for group in json.loads(result.stdout)["actions_by_person"]}
    assert "rocky_g" not in groups
    assert len(groups["rockyg"]) == 2


NICKS_LOG = """\
16:00:03 <elmiko> #startmeeting nicks
16:00:04 <openstack> Meeting started Thu Mar 16 16:00:03 2017 UTC and is due to finish in 60 minutes.  The chair is elmiko.
16:00:10 <jdoe[m]> hi
16:00:12 <bar|away> hi
16:00:13 <[baz]> hi
16:00:14 <qux_> hi
16:00:15 <José> hola
16:00:16 <a-b> hi
16:00:17 <Bob> hi
16:00:18 <bob> hi again
16:00:20 <elmiko> #action jdoe[m] to review the spec
16:00:22 <elmiko> #action bar|away to ping people
16:00:23 <elmiko> #action [baz] to test
16:00:24 <elmiko> #action qux to do the thing
16:00:25 <elmiko> #action José to translate
16:00:27 <elmiko> #action a-b and a to fix
16:00:28 <elmiko> #action ask openstack infra about it
16:00:29 <elmiko> #action bob to review the spec
16:00:31 <elmiko> #action ELMIKO to follow up
16:00:40 <elmiko> #endmeeting
"""


def test_minutes_file_items_by_person_as_meetbots_writer_does(run_cli, tmp_path):
    # ircmeeting/writers.py: every attendee, the bot too, whose nick is between two \b (Python 2's
    # ASCII words), ignoring case, in case-insensitive order; worked out by hand from that rule.
    log = tmp_path / "nicks.2017-03-16-16.00.log.txt"
    log.write_text(NICKS_LOG)
    result = run_cli("minutes", str(log), "--no-cache", "--format", "json", cwd=tmp_path)
    groups = [(group["nick"], group["actions"]) for group in json.loads(result.stdout)["actions_by_person"]]
    assert groups == [
        ("a-b", ["a-b and a to fix"]),
        ("bar|away", ["bar|away to ping people"]),
        ("Bob", ["bob to review the spec"]),  # both: nicks that differ in case, in MeetBot's dict order
        ("bob", ["bob to review the spec"]),
        ("elmiko", ["ELMIKO to follow up"]),
        ("openstack", ["ask openstack infra about it"]),  # the bot is an attendee
        ("UNASSIGNED", ["jdoe[m] to review the spec", "[baz] to test", "qux to do the thing", "José to translate"]),
    ]


def test_carrying_reads_owners_as_a_person_would(run_cli, tmp_path):
    # Where MeetBot's rule misses a nick that ends in a non-word character, or is not ASCII, carrying does not.
    log = tmp_path / "nicks.2017-03-16-16.00.log.txt"
    log.write_text(NICKS_LOG)
    result = run_cli("carry-actions", str(log), "--no-cache", "--format", "json", cwd=tmp_path)
    owners = {item["text"]: item["owners"] for item in json.loads(result.stdout)["open"]}
    assert owners["jdoe[m] to review the spec"] == ["jdoe[m]"]
    assert owners["José to translate"] == ["José"]
    assert owners["ask openstack infra about it"] == []


# The summary of MeetBot's text minutes (writers.py, Text.format) for a meeting whose chair said
# an #info and a #link before the first #topic: written unindented, as topics are, but with no
# blank line before the first topic (every later topic has one, and a topic's items are indented).
MEETBOT_TEXT_BEFORE_ANY_TOPIC = """\
=====================
#openstack-meeting: arch_wg
=====================


Meeting started by SpamapS at 20:01:06 UTC. The full logs are available
at http://eavesdrop.openstack.org/meetings/arch_wg/2017/arch_wg.2017-03-09-20.01.log.html
.



Meeting summary
---------------
* the agenda is on the wiki  (SpamapS, 20:01:20)
* LINK: https://wiki.openstack.org/wiki/Meetings/Arch-WG  (SpamapS,
  20:01:21)
* quorum is three of us today, long enough a note to be wrapped over two
  lines  (SpamapS, 20:01:30)
* previous meeting action items  (SpamapS, 20:02:06)
  * ACTION: rockyg send the email  (SpamapS, 20:03:00)

* open discussion  (SpamapS, 20:30:00)

* a topic with nothing said under it  (SpamapS, 20:35:00)

Meeting ended at 20:39:42 UTC.




Action Items
------------
* rockyg send the email




Action Items, by person
-----------------------
* rockyg
  * rockyg send the email
* **UNASSIGNED**
  * (none)




People Present (lines said)
---------------------------
* SpamapS (10)
* rockyg (2)
"""


def test_meetbot_text_minutes_tell_the_items_said_before_any_topic_from_topics():
    document = parse_minutes(MEETBOT_TEXT_BEFORE_ANY_TOPIC, "minutes-txt")
    assert [(item.kind, item.text, item.topic) for item in document.items] == [
        ("info", "the agenda is on the wiki", None),
        ("link", "https://wiki.openstack.org/wiki/Meetings/Arch-WG", None),
        ("info", "quorum is three of us today, long enough a note to be wrapped over two lines", None),
        ("topic", "previous meeting action items", "previous meeting action items"),
        ("action", "rockyg send the email", "previous meeting action items"),
        ("topic", "open discussion", "open discussion"),
        ("topic", "a topic with nothing said under it", "a topic with nothing said under it"),
    ]
