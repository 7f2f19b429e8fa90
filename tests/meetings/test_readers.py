"""Every log shape archwg reads gives the same Meetings (archwg/meetings/load.py, readers/)."""

from __future__ import annotations

import html
import io
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archwg.errors import BadInput
from archwg.meetings.load import read_meetings
from archwg.meetings.readers.detect import detect_format

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_000 = DATA / "000_29a86aef99d720fa.txt"
SEED_003 = DATA / "003_ebe5458bd5ed8fa6.txt"
SEED_004 = DATA / "004_e985c2a4edb05927.txt"
FEDORA = DATA / "realworld" / "fedora"
MAGAZINE = "magazine.2020-06-10-12.02"
MAGAZINE_ACTIONS = [
    "sysoplab to edit #184 and #188",
    'bcotton to add "push your new image to the git repo" to the image docs :-)',
    "gregbartholomew to edit #181",
    "bcotton to edit #175",
    "bcotton to create magazine sub-topic in Project Conversations (or whatever that topic in discussion.fp.o "
    "is called)",
    "asamalik to finalize the success criteria",
    "asamalik to email the list to let everyone know we're pushing back the discourse trial by a week",
    "bcotton to make a first pass of stats, etc for the infographic and then share to the mailing list for review",
]
MAGAZINE_LINES_SAID = {
    "bcotton": 136, "sysoplab": 52, "asamalik": 33, "gregbartholomew": 26, "zodbot": 11, "jakfrost": 9,
    "cverna": 3, "misc": 0, "rwaltr": 0, "ryanlerch": 0, "stickster": 0, "sub_pop": 0,
}

# A short meeting in seed 000's words, written in each format below.
SHORT = [
    ("20:01:06", "SpamapS", "#startmeeting arch_wg", False),
    ("20:01:08", "openstack", "Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.", False),
    ("20:02:06", "SpamapS", "#topic previous meeting action items", False),
    ("20:03:12", "SpamapS", "* rocky_g Send email regarding implementation bleed-through", False),
    ("20:04:32", "rockyg", "HAHAHAHAHA!", False),
    ("20:06:41", "SpamapS", "#action rocky_g Send email regarding implementation bleed-through", False),
    ("20:33:34", "cdent", "'s got nothin'", True),
    ("20:39:42", "SpamapS", "#endmeeting", False),
]


def log_txt(lines=SHORT) -> str:
    return "".join(
        f"{time}  * {nick} {text}\n" if action else f"{time} <{nick}> {text}\n" for time, nick, text, action in lines
    )


def check_short(meeting, with_bot=True):
    assert meeting.name == "arch_wg"
    assert meeting.start == datetime(2017, 3, 9, 20, 1, 6)
    assert [(item.kind, item.text, item.topic) for item in meeting.items] == [
        ("topic", "previous meeting action items", "previous meeting action items"),
        ("action", "rocky_g Send email regarding implementation bleed-through", "previous meeting action items"),
    ]
    expected = {"SpamapS": 5, "rockyg": 1, "cdent": 1}
    if with_bot:
        expected["openstack"] = 1
        assert meeting.bot == "openstack"
    assert dict(meeting.lines_said) == expected
    assert meeting.people == frozenset({"SpamapS", "rockyg", "cdent"})
    assert [line.text for line in meeting.chair_lines] == [
        "* rocky_g Send email regarding implementation bleed-through"
    ]
    assert meeting.ended


def read_one(path, **kwargs):
    meetings = list(read_meetings([str(path)], **kwargs))
    assert len(meetings) == 1
    return meetings[0]


# -- MeetBot .log.txt ------------------------------------------------------------------


def test_log_txt(tmp_path):
    path = tmp_path / "x.log.txt"
    path.write_text(log_txt())
    check_short(read_one(path))
    assert detect_format(log_txt()) == "log-txt"


def test_spamaps_star_line_is_said_by_spamaps_not_a_me_action_by_rocky_g(tmp_path):
    path = tmp_path / "x.log.txt"
    path.write_text(log_txt())
    meeting = read_one(path)
    assert "rocky_g" not in dict(meeting.lines_said)
    assert "rocky_g" not in meeting.people


def test_real_fedora_log_txt_matches_meetbot_data():
    meeting = read_one(FEDORA / f"{MAGAZINE}.log.txt")
    assert meeting.name == "magazine"  # renamed by #meetingname
    assert meeting.start == datetime(2020, 6, 10, 12, 2, 26)
    assert [item.text for item in meeting.actions] == MAGAZINE_ACTIONS
    assert dict(meeting.lines_said) == MAGAZINE_LINES_SAID
    assert meeting.bot == "zodbot" and "zodbot" not in meeting.people
    assert set(meeting.chairs) == {"bcotton", "stickster", "ryanlerch", "cverna", "asamalik", "sub_pop",
                                   "gregbartholomew", "jakfrost", "misc", "rwaltr"}


# -- MeetBot .log.html, both markups ------------------------------------------------------------


def log_html(newer: bool, lines=SHORT) -> str:
    rows = []
    for number, (time, nick, text, action) in enumerate(lines, start=1):
        if newer:
            stamp = f'<a href="#l-{number}" name="l-{number}"><span class="tm">{time}</span></a>'
        else:
            stamp = f'<a name="l-{number}"></a><span class="tm">{time}</span>'
        if action:
            rows.append(f'{stamp}<span class="nka">* {nick}</span> <span class="ac">{html.escape(text)}</span>')
        elif text.startswith("#"):
            command, _, rest = text.partition(" ")
            rows.append(f'{stamp}<span class="nk"> &lt;{nick}&gt;</span> <span class="cmd">{command} </span>'
                        f'<span class="cmdline">{html.escape(rest)}</span>')
        else:
            rows.append(f'{stamp}<span class="nk"> &lt;{nick}&gt;</span> {html.escape(text)}')
    body = "\n".join(rows)
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n'
        "<title>#openstack-meeting-alt log</title>\n<style>pre { white-space: pre-wrap; }</style></head>\n"
        f"<body>\n<pre>{body}</pre>\n</body></html>\n"
    )


@pytest.mark.parametrize("newer", [False, True], ids=["old-markup", "new-markup"])
def test_log_html_both_markups(tmp_path, newer):
    path = tmp_path / "x.log.html"
    path.write_text(log_html(newer))
    assert detect_format(log_html(newer)) == "log-html"
    check_short(read_one(path))


def test_log_html_entities_are_decoded(tmp_path):
    lines = [*SHORT[:3], ("20:05:00", "SpamapS", "#action cdent fix <b> & \"quotes\"", False), SHORT[-1]]
    path = tmp_path / "x.log.html"
    path.write_text(log_html(True, lines))
    (action,) = read_one(path).actions
    assert action.text == 'cdent fix <b> & "quotes"'


def test_real_fedora_log_html_equals_its_log_txt():
    from_html = read_one(FEDORA / f"{MAGAZINE}.log.html")
    from_txt = read_one(FEDORA / f"{MAGAZINE}.log.txt")
    assert from_html.items == from_txt.items
    assert from_html.lines_said == from_txt.lines_said
    assert from_html.chair_lines == from_txt.chair_lines


# -- irssi and weechat --------------------------------------------------------------------


def test_irssi(tmp_path):
    text = "--- Log opened Thu Mar 09 19:55:02 2017\n19:58 -!- cdent [~cdent@host] has joined #openstack-meeting-alt\n"
    text += "".join(
        f"{time[:5]}  * {nick} {said}\n" if action else f"{time[:5]} <@{nick}> {said}\n"
        for time, nick, said, action in SHORT
        if nick != "openstack"
    )
    path = tmp_path / "openstack-meeting-alt.log"
    path.write_text(text)
    assert detect_format(text) == "irssi"
    meeting = read_one(path)
    # No bot greeting: the date comes from irssi's header, the time from #startmeeting.
    assert meeting.start == datetime(2017, 3, 9, 20, 1)
    assert dict(meeting.lines_said) == {"SpamapS": 5, "rockyg": 1, "cdent": 1}
    assert [item.kind for item in meeting.items] == ["topic", "action"]


def test_weechat(tmp_path):
    text = "2017-03-09 19:59:00\t-->\tcdent (~cdent@host) has joined #openstack-meeting-alt\n"
    for time, nick, said, action in SHORT:
        if action:
            text += f"2017-03-09 {time}\t *\t{nick} {said}\n"
        else:
            text += f"2017-03-09 {time}\t{nick}\t{said}\n"
    path = tmp_path / "irc.freenode.#openstack-meeting-alt.weechatlog"
    path.write_text(text)
    assert detect_format(text) == "weechat"
    check_short(read_one(path))


# -- minutes ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_real_fedora_minutes_give_the_meeting(suffix):
    meeting = read_one(FEDORA / f"{MAGAZINE}{suffix}")
    assert meeting.name == "magazine"
    assert meeting.start == datetime(2020, 6, 10, 12, 2, 26)
    assert [item.text for item in meeting.actions] == MAGAZINE_ACTIONS
    assert dict(meeting.lines_said) == MAGAZINE_LINES_SAID
    assert meeting.chairs == ("bcotton",)
    topics = [item.text for item in meeting.items if item.kind == "topic"]
    assert topics[:3] == ["Roll call", "Agenda", "1/ Last week's stats"]
    assert len(topics) == 12


OPENSTACK_TEXT_MINUTES = """\
===================================
#openstack-meeting-alt: arch_wg
===================================


Meeting started by SpamapS at 20:01:06 UTC.  The full logs are available
at http://eavesdrop.openstack.org/meetings/arch_wg/2017/arch_wg.2017-03-09-20.01.log.html
.



Meeting summary
---------------
* LINK: https://wiki.openstack.org/wiki/Meetings/Arch-WG#Agenda
  (SpamapS, 20:01:10)

* previous meeting action items  (SpamapS, 20:02:06)
  * LINK: http://eavesdrop.openstack.org/meetings/arch_wg/2017/
    (SpamapS, 20:02:14)
  * ACTION: rocky_g Send email regarding implementation bleed-through
    (stretch: submit as raw proposal) (Carried since Feb 9 2017)
    (SpamapS, 20:06:41)

* Active workstreams  (SpamapS, 20:33:33)
  * ACTION: SpamapS submit analysis for nova-compute-api as patch to
    nova-compute-api work stream.  (SpamapS, 20:37:12)

Meeting ended at 20:39:42 UTC.




Action items, by person
-----------------------
* rocky_g
  * rocky_g Send email regarding implementation bleed-through (stretch:
    submit as raw proposal) (Carried since Feb 9 2017)
* SpamapS
  * SpamapS submit analysis for nova-compute-api as patch to
    nova-compute-api work stream.




People present (lines said)
---------------------------
* SpamapS (95)
* rockyg (28)
* harlowja (25)
* cdent (11)
* openstack (4)




Generated by `MeetBot`_ 0.1.4

.. _`MeetBot`: http://wiki.openstack.org/wiki/Meetings/MeetBot
"""


def test_openstack_text_minutes_without_a_flat_action_list(tmp_path):
    from archwg.meetings.readers.minutes import parse_minutes

    path = tmp_path / "arch_wg.2017-03-09-20.01.txt"
    path.write_text(OPENSTACK_TEXT_MINUTES)
    assert detect_format(OPENSTACK_TEXT_MINUTES) == "minutes-txt"
    meeting = read_one(path)
    assert meeting.name == "arch_wg"
    assert meeting.start == datetime(2017, 3, 9, 20, 1, 6)
    # Wrapped at 72 columns in the file, whole again here.
    assert [item.text for item in meeting.actions] == [
        "rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) "
        "(Carried since Feb 9 2017)",
        "SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream.",
    ]
    assert meeting.actions[0].topic == "previous meeting action items"
    assert meeting.items[0].kind == "link" and meeting.items[0].topic is None
    assert dict(meeting.lines_said)["SpamapS"] == 95
    document = parse_minutes(OPENSTACK_TEXT_MINUTES, "minutes-txt")
    assert document.action_list is None
    assert [nick for nick, _ in document.by_person] == ["rocky_g", "SpamapS"]


def test_minutes_date_comes_from_the_log_link_when_the_file_name_has_none(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(OPENSTACK_TEXT_MINUTES)
    assert read_one(path).start == datetime(2017, 3, 9, 20, 1, 6)


# -- run together (seed 004) ---------------------------------------------------------------


def test_seed_004_run_together():
    assert detect_format(SEED_004.read_text()[:65536]) == "run-together"
    meeting = read_one(SEED_004)
    assert meeting.name == "glance"
    assert meeting.start == datetime(2013, 4, 10, 19, 1)
    assert meeting.ended
    assert [(item.kind, item.time, item.text) for item in meeting.items if item.kind != "link"] == [
        ("topic", "19:03:31", "review and bug squashing days"),
        ("agreed", "19:06:59", "have a shared review/bug squashing day during the week after the summit"),
        ("action", "19:08:20", "markwash schedule a squash day during the week after the summit"),
        ("topic", "19:09:22", "glance caching"),
        ("topic", "19:34:22", "glance summit sessions"),
        ("action", "19:57:24", "markwash finish scheduling the summit sessions asap"),
        ("topic", "19:57:42", "open discussion"),
    ]
    # The bot's greeting names the chair, the only person a nick-less log knows.
    assert meeting.chairs == ("markwash",)
    assert "markwash" in meeting.people


def test_run_together_read_in_small_chunks_gives_the_same_lines(monkeypatch):
    from archwg.meetings.readers import textio

    whole = read_one(SEED_004)
    monkeypatch.setattr(textio, "CHUNK", 7)
    monkeypatch.setattr(textio, "HEAD", 64 * 1024)
    assert read_one(SEED_004).items == whole.items


def test_run_together_ignores_a_time_said_inside_a_message(tmp_path):
    text = ("19:01:00 #startmeeting glance 19:01:01 Meeting started Wed Apr 10 19:01:00 2013 UTC. "
            "19:02:00 we could meet at 18:30:00 tomorrow 19:03:00 #action markwash book 09:00:00 slot "
            "19:04:00 ok 19:05:00 #endmeeting")
    path = tmp_path / "paste.txt"
    path.write_text(text)
    meeting = read_one(path)
    assert [item.text for item in meeting.actions] == ["markwash book 09:00:00 slot"]


# -- other seeds, several meetings, directories, stdin ------------------------------------


def test_seed_003_has_no_actions():
    meeting = read_one(SEED_003)
    assert meeting.name == "containers"
    assert meeting.start == datetime(2014, 10, 1, 16, 1, 58)
    assert meeting.actions == ()
    assert meeting.bot == "openstack"


def test_several_meetings_in_one_file_and_meetingname(tmp_path):
    second = [(t.replace("20:", "21:", 1), n, x, a) for t, n, x, a in SHORT]
    second[1] = ("21:01:08", "openstack", "Meeting started Thu Mar  9 21:01:06 2017 UTC.", False)
    second.insert(2, ("21:01:09", "SpamapS", "#MeetingName Arch WG Extra", False))
    path = tmp_path / "channel.log"
    path.write_text(log_txt() + "20:50:00 <cdent> chat between meetings\n" + log_txt(second))
    first, later = read_meetings([str(path)])
    assert first.name == "arch_wg" and later.name == "arch_wg_extra"
    assert later.start == datetime(2017, 3, 9, 21, 1, 6)
    assert "cdent" not in dict(first.lines_said) or dict(first.lines_said)["cdent"] == 1


def test_folder_reads_each_meeting_once_preferring_the_raw_log():
    meetings = list(read_meetings([str(FEDORA)]))
    assert [(meeting.name, Path(meeting.source).name) for meeting in meetings] == [
        ("fedora_iot_working_group_meeting", "fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt"),
        ("magazine", f"{MAGAZINE}.log.txt"),
    ]


def test_folder_warns_of_a_meeting_cut_off_after_its_startmeeting(tmp_path):
    # Only a #startmeeting line and no log of another series beside it: not MeetBot's rename stub,
    # a meeting cut off (the newest, maybe): said, so the user knows the file holds nothing.
    shutil.copy(SEED_000, tmp_path / "arch_wg.2017-03-09-20.01.log.txt")
    cut = tmp_path / "arch_wg.2017-03-23-20.00.log.txt"
    cut.write_text("20:00:04 <SpamapS> #startmeeting arch_wg\n", encoding="utf-8")
    warnings = []
    meetings = list(read_meetings([str(tmp_path)], warn=warnings.append))
    assert [Path(meeting.source).name for meeting in meetings] == ["arch_wg.2017-03-09-20.01.log.txt"]
    assert warnings == [f"{cut}: only a #startmeeting line (the stub MeetBot leaves after #meetingname); skipped"]


def test_folder_skips_the_meetingname_stub_and_says_nothing():
    # MeetBot leaves one beside every meeting renamed with #meetingname: a warning each
    # drowned a folder of years of Fedora logs (named on the command line, it is said: test_bad_input).
    warnings = []
    meetings = list(read_meetings([str(FEDORA)], warn=warnings.append))
    assert warnings == []
    assert "magazine_editorial_board" not in {meeting.name for meeting in meetings}


def test_folder_is_read_recursively_and_skips_files_that_are_not_logs(tmp_path):
    (tmp_path / "2017").mkdir()
    (tmp_path / "2017" / "arch_wg.2017-03-09-20.01.log.txt").write_bytes(SEED_000.read_bytes())
    (tmp_path / "README.md").write_text("# Logs of the group\n\nSee the files.\n")
    warnings = []
    (meeting,) = read_meetings([str(tmp_path)], warn=warnings.append)
    assert meeting.name == "arch_wg"
    assert warnings == [f"{tmp_path / 'README.md'}: not a meeting log (no MeetBot, irssi or weechat lines, "
                        "no MeetBot minutes); skipped"]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED_000.read_bytes())))
    (meeting,) = read_meetings(["-"])
    assert meeting.name == "arch_wg"
    assert meeting.source == "<stdin>"
    assert len(meeting.actions) == 3


def test_forced_format_overrides_detection(tmp_path):
    path = tmp_path / "x.log.txt"
    path.write_text(log_txt())
    with pytest.raises(BadInput, match="no #startmeeting found"):
        list(read_meetings([str(path)], input_format="weechat"))


def test_date_from_file_name_then_log_date(tmp_path):
    no_bot = [line for line in SHORT if line[1] != "openstack"]
    named = tmp_path / "arch_wg.2017-03-09-20.01.log.txt"
    named.write_text(log_txt(no_bot))
    assert read_one(named).start == datetime(2017, 3, 9, 20, 1, 6)
    plain = tmp_path / "pasted.txt"
    plain.write_text(log_txt(no_bot))
    assert read_one(plain, log_date=date(2017, 3, 9)).start == datetime(2017, 3, 9, 20, 1, 6)
    with pytest.raises(BadInput) as error:
        read_one(plain)
    assert str(error.value) == (
        f"{plain}: no date for meeting arch_wg: no 'Meeting started' line from the bot and no date in the "
        "file name; give it with --date YYYY-MM-DD"
    )


# -- the fast path agrees with the line-by-line path ---------------------------------------


def slow_meetings(path: Path):
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.irclog import read_irc_lines
    from archwg.meetings.readers.textio import ByteSource, iter_text_lines

    with open(path, "rb") as stream:
        return list(meetings_from_lines(read_irc_lines(iter_text_lines(ByteSource(stream, str(path)))), str(path)))


@pytest.mark.parametrize("small_blocks", [False, True])
def test_fast_reader_gives_the_same_meetings_as_the_line_reader(tmp_path, monkeypatch, small_blocks):
    from archwg.meetings.readers import textio

    irssi = "--- Log opened Thu Mar 09 19:55:02 2017\n" + "".join(
        f"{t[:5]}  * {n} {x}\n" if a else f"{t[:5]} <@{n}> {x}\n" for t, n, x, a in SHORT if n != "openstack"
    )
    text = (
        "19:00:00 <cdent> chat before, with a -> #fake and http://x\n"
        + SEED_000.read_text(encoding="utf-8") + "\n"
        + (FEDORA / f"{MAGAZINE}.log.txt").read_text(encoding="utf-8") + "\n"
        + "21:00:00 <SpamapS> #startmeeting second\n21:00:01 <SpamapS> #chair cdent\n"
        + "21:00:02 <cdent> talk -> #not a command\n21:00:03 <cdent> #ACTION cdent do it\n"
        + "21:00:04  * SpamapS waves\n21:00:05 <SpamapS> cut off here"
    )
    path = tmp_path / "arch_wg.2017-03-09-20.01.log.txt"
    path.write_text(text)
    irssi_path = tmp_path / "arch_wg.2017-03-09-20.01.irssi.log"
    irssi_path.write_text(irssi)
    if small_blocks:
        monkeypatch.setattr(textio, "CHUNK", 97)
    for log in (path, irssi_path):
        fast = list(read_meetings([str(log)]))
        assert len(fast) >= 1
        assert fast == slow_meetings(log)


def fast_and_slow(text: str, review_only: bool = False):
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.fastlog import meetings_from_blocks
    from archwg.meetings.readers.irclog import read_irc_lines

    source = "arch_wg.2017-03-09-20.01.log.txt"
    fast = list(meetings_from_blocks([text.encode()], source, review_only=review_only))
    slow = list(meetings_from_lines(read_irc_lines(text.split("\n")), source, review_only=review_only))
    return fast, slow


def agreed_readings(text: str):
    """The fast reader's meetings of *text*, in full and for carrying, each checked against the line reader's."""
    for review_only in (False, True):
        fast, slow = fast_and_slow(text, review_only=review_only)
        assert fast == slow
        yield fast


# Lines the fast reader once counted differently from the line reader.
@pytest.mark.parametrize(
    "odd_line, said",
    [
        ("1234 <cdent> a time MeetBot never writes", {"SpamapS": 2}),
        ("20:01:07 <foo bar> a nick with a space", {"SpamapS": 2, "foo bar": 1}),
        ("20:01:07 <  SpamapS> spaces inside the brackets", {"SpamapS": 3}),
        ("20:01:07 <cdent no closing bracket", {"SpamapS": 2}),
        ("[20:01:07]  * cdent waves", {"SpamapS": 2, "cdent": 1}),
        ("20:01:07 *   a*b waves", {"SpamapS": 2, "a*b": 1}),
        ("20:01:07 <@> a mode sign alone is the nick", {"SpamapS": 2, "@": 1}),
        ("20:01:07 <+ spaced > a mode sign and spaces", {"SpamapS": 2, "spaced": 1}),
        ("20:01:07 < > nothing but a space", {"SpamapS": 2, "": 1}),
    ],
)
def test_fast_reader_counts_odd_lines_as_the_line_reader(odd_line, said):
    text = f"20:01:06 <SpamapS> #startmeeting arch_wg\n{odd_line}\n20:02:00 <SpamapS> #endmeeting\n"
    (fast,), (slow,) = fast_and_slow(text)
    assert fast == slow
    assert dict(fast.lines_said) == said


def test_a_chair_line_with_spaces_in_its_brackets_is_a_chair_line_on_both_paths():
    text = "20:01:06 <SpamapS> #startmeeting arch_wg\n20:01:07 < SpamapS > * rocky_g to write\n"
    (fast,), (slow,) = fast_and_slow(text)
    assert fast == slow
    assert [line.text for line in fast.chair_lines] == ["* rocky_g to write"]


def test_a_greeting_said_mid_line_before_the_bot_makes_the_speaker_the_bot_on_both_paths():
    text = (
        "20:01:06 <SpamapS> #startmeeting arch_wg\n"
        "20:01:07 <cdent> pasted: Meeting started Thu Mar  9 20:01:06 2017 UTC\n"
    )
    (fast,), (slow,) = fast_and_slow(text)
    assert fast == slow
    assert fast.bot == "cdent"


def test_a_meeting_the_bot_restarts_under_a_topic_looks_for_read_outs_as_a_new_meeting_on_both_paths():
    # The chair starts again while the bot runs; the bot, restarted, greets the new meeting, which has no
    # topic yet: a chair's "* ..." line reads out an item there, although the old meeting's topic had none.
    text = (
        "20:01:06 <SpamapS> #startmeeting arch_wg\n"
        "20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.\n"
        "20:01:30 <SpamapS> #startmeeting arch_wg\n"
        "20:02:01 <SpamapS> #topic open discussion\n"
        "20:02:03 <openstack> Meeting started Thu Mar  9 20:01:30 2017 UTC and is due to finish in 60 minutes.\n"
        "20:02:04 <SpamapS> * rocky_g Send email (Carried since Feb 9 2017)\n"
    )
    for fast in agreed_readings(text):
        assert [[line.text for line in meeting.chair_lines] for meeting in fast] == [
            [], ["* rocky_g Send email (Carried since Feb 9 2017)"]
        ]


def test_a_command_name_is_ascii_as_in_meetbot_on_both_paths():
    # MeetBot's command_RE ran without re.UNICODE: "#nic\u212a" (a Kelvin sign, whose lower() is "k") is talk,
    # and "#actioné" is an #action of what follows "#action".
    text = (
        "20:01:06 <SpamapS> #startmeeting arch_wg\n"
        "20:01:09 <SpamapS> #nic\u212a rocky_g\n"
        "20:01:10 <SpamapS> #actioné cdent to review\n"
        "20:02:00 <SpamapS> #endmeeting\n"
    )
    for (fast,) in agreed_readings(text):
        assert fast.people == {"SpamapS"}
        assert [(item.kind, item.text) for item in fast.items] == [("action", "é cdent to review")]


def test_a_refused_startmeeting_keeps_the_order_of_first_lines_on_both_paths():
    # MeetBot refuses b's #startmeeting and the line is taken back: b first spoke after c.
    text = (
        "20:01:06 <a> #startmeeting\n"
        "20:01:07 <bot> Meeting started Thu Mar  9 20:01:06 2017 UTC.\n"
        "20:01:08 <b> #startmeeting\n"
        "20:01:09 <bot> Can't start another meeting, one is in progress.\n"
        "20:01:10 <c> hi\n"
        "20:01:11 <b> #action x\n"
    )
    for (fast,) in agreed_readings(text):
        assert fast.lines_said == (("a", 1), ("bot", 2), ("c", 1), ("b", 1))


@pytest.mark.parametrize("me_line", ["20:01:09  * bot waves", "20:01:09  * bot Meeting started Thu Mar  9 20:01:08 2017 UTC."])
def test_a_bot_s_me_line_is_not_its_answer_to_a_startmeeting_on_both_paths(me_line):
    # Only a message of the bot answers a #startmeeting said in its meeting: here its greeting after the /me.
    text = (
        "20:01:06 <a> #startmeeting\n"
        "20:01:07 <bot> Meeting started Thu Mar  9 20:01:06 2017 UTC.\n"
        "20:01:08 <a> #startmeeting\n"
        f"{me_line}\n"
        "20:01:10 <bot> Meeting started Thu Mar  9 20:01:08 2017 UTC.\n"
    )
    for fast in agreed_readings(text):
        assert [(meeting.start.time().isoformat(), meeting.ended) for meeting in fast] == [
            ("20:01:06", False), ("20:01:08", False)
        ]
        assert dict(fast[0].lines_said) == {"a": 1, "bot": 2}


@pytest.mark.parametrize("topic, read_out", [
    ("previous meeting ACTION items", ["* rocky_g Send email", "chat under it"]),
    ("Act\u0131on items", ["* rocky_g Send email", "chat under it"]),  # a dotless i: IGNORECASE takes it
    ("reactions", []),  # "act" in a word that is not about action items: read, and no read-out topic
    ("", ["* rocky_g Send email"]),  # an empty topic: "* ..." lines read items out again
    (" \u3000", ["* rocky_g Send email"]),
    ("next steps", []),
])
def test_a_topic_after_one_that_is_not_about_action_items_on_both_paths(topic, read_out):
    # Carrying skips the #topic lines that cannot change which chair lines may read items out.
    text = (
        "20:01:06 <SpamapS> #startmeeting arch_wg\n"
        "20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.\n"
        "20:02:00 <SpamapS> #topic open discussion\n"
        "20:02:01 <SpamapS> #topic specs\n"
        f"20:02:02 <SpamapS> #topic {topic}\n"
        "20:02:03 <SpamapS> * rocky_g Send email\n"
        "20:02:04 <SpamapS> chat under it\n"
        "20:02:05 <SpamapS> #action cdent to review\n"
        "20:02:06 <SpamapS> #topic more\n"
        "20:02:07 <SpamapS> #undo\n"
        "20:02:08 <SpamapS> * cdent not read out here\n"
    )
    (full,), (slow_full,) = fast_and_slow(text)
    (for_actions,), (slow_for_actions,) = fast_and_slow(text, review_only=True)
    assert full == slow_full and for_actions == slow_for_actions
    assert [line.text for line in for_actions.chair_lines] == read_out
    assert [(item.text, item.topic) for item in for_actions.items] == [("cdent to review", None)]
    assert [item.topic for item in full.actions] == [topic.strip() or ""]
    assert dict(for_actions.people and full.lines_said)["SpamapS"] == 10


REVIEW_LINES = [
    "20:01:06 <SpamapS> #startmeeting arch_wg\n",
    "20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.\n",
    "20:01:09 <cdent> quoting: Meeting started Thu Mar  9 20:01:06 2017\n",
    "20:02:00 <SpamapS> #topic previous meeting action items\n",
    "20:02:01 <SpamapS> #topic open discussion\n",
    "20:02:02 <SpamapS> #TOPIC\n",
    "20:02:03 <SpamapS> #chair cdent\n",
    "20:02:04 <SpamapS> * rocky_g Send email (Carried since Feb 9 2017)\n",
    "20:02:05 <cdent>   * cdent to review the spec\n",
    "20:02:06 <@SpamapS> chat between the read-out lines\n",
    "20:02:07 < cdent > chat with spaces\n",
    "20:02:08 <rockyg> * not a chair\n",
    "20:02:09  * SpamapS waves\n",
    "20:02:10 <SpamapS> #action rocky_g Send email\n",
    "20:02:11 <SpamapS> #undo\n",
    "20:02:12 <SpamapS> http://example.org/a-link\n",
    "1234 <SpamapS> * a time MeetBot never writes\n",
    "20:02:13 <SpamapS> #endmeeting\n",
]


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.sampled_from(REVIEW_LINES), max_size=30))
def test_reading_for_actions_keeps_only_the_review_lines(lines):
    from dataclasses import replace

    from archwg.meetings.carry import review_lines

    text = REVIEW_LINES[0] + "".join(lines)  # most lists would otherwise hold no meeting
    try:
        full, slow_full = fast_and_slow(text)
        for_actions, slow_for_actions = fast_and_slow(text, review_only=True)
    except BadInput as error:  # no date: both paths say so
        assert "no date for meeting" in str(error)
        return
    assert full == slow_full
    assert for_actions == slow_for_actions
    # The same meetings, with only the action items (which carrying reads without their topic)
    # and the chair lines that may review them.
    assert for_actions == [
        replace(meeting, items=tuple(replace(item, topic=None) for item in meeting.actions),
                chair_lines=review_lines(meeting))
        for meeting in full
    ]


def test_read_meetings_for_actions_on_seed_000_keeps_the_read_out(tmp_path):
    from dataclasses import replace

    from archwg.meetings.carry import review_lines

    (full,) = read_meetings([str(SEED_000)])
    (for_actions,) = read_meetings([str(SEED_000)], detail="actions")
    # Only the lines that may review items are kept, whatever the detail.
    assert for_actions.chair_lines == full.chair_lines == review_lines(full)
    assert [line.text for line in for_actions.chair_lines if line.text.startswith("* ")][:2] == [
        line.text for line in review_lines(full) if line.text.startswith("* ")
    ][:2]
    assert for_actions.items == tuple(replace(item, topic=None) for item in full.actions)
    assert len(full.items) > len(full.actions) and {item.topic for item in full.actions} != {None}
    # Carrying never reads the lines said: only the people they make.
    assert for_actions.lines_said == () and for_actions.people == full.people


def detect_by_counting_every_shape(head: str) -> str | None:
    """detect_format's line-shape rule written plainly: count every shape, take the most common."""
    import re

    shapes = {
        "log-txt": [r"^\[?\d{1,2}:\d\d:\d\d\]? +(?:<[^>]+>|\* +\S)"],
        "irssi": [r"^\d{1,2}:\d\d +(?:<[^>]+>|\* +\S|-!- )", r"^--- Log opened "],
        "weechat": [r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t"],
    }
    lines = [line for line in head.split("\n")[:-1] or head.split("\n") if line.strip()][:200]
    sample = "\n".join(lines)
    counts = {
        shape: sum(len(re.findall(pattern, sample, re.MULTILINE)) for pattern in patterns)
        for shape, patterns in shapes.items()
    }
    best = max(counts, key=counts.get)
    return best if lines and counts[best] and counts[best] * 3 >= len(lines) else None


SHAPED_LINES = [
    "20:01:06 <SpamapS> #startmeeting arch_wg",
    "[20:01:07]  * cdent waves",
    "20:01 <cdent> irssi talk",
    "20:01 -!- cdent has joined",
    "--- Log opened Thu Mar 09 19:55:02 2017",
    "2017-03-09 20:01:06\tcdent\tweechat talk",
    "20:01:08 <unclosed nick",
    "> quoted>",
    "plain prose",
    "",
]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(SHAPED_LINES), min_size=1, max_size=12))
def test_detect_format_picks_the_most_common_line_shape(lines):
    head = "\n".join(lines) + "\n"
    expected = detect_by_counting_every_shape(head)
    if expected is not None:
        assert detect_format(head) == expected
    else:
        assert detect_format(head) in (None, "run-together")


ORDER_OF_FIRST_LINES = (
    "20:01:06 <SpamapS> #startmeeting arch_wg\n"
    "20:01:07 <rockyg> talk before anybody is chaired\n"
    "20:01:08 <SpamapS> #chair cdent\n"
    "20:01:09 <dtroyer> talk\n"
    "20:01:10 <SpamapS> #nick nikhil\n"
    "20:01:11 <nikhil> talk\n"
    "20:01:12 <ttx> talk\n"
    "20:01:13 <cdent> http://example.org a link from a new speaker\n"
    "20:01:14 <harlowja> talk\n"
    "20:01:15 <SpamapS> #endmeeting\n"
    "20:01:16 <rockyg> after the meeting\n"
)


@pytest.mark.parametrize("block_lines", [1, 2, 3, 100])
def test_lines_said_keep_the_order_of_first_lines_however_the_file_is_cut_in_blocks(block_lines):
    from archwg.meetings.readers.fastlog import meetings_from_blocks

    lines = ORDER_OF_FIRST_LINES.encode().splitlines(keepends=True)
    blocks = [b"".join(lines[at : at + block_lines]) for at in range(0, len(lines), block_lines)]
    source = "arch_wg.2017-03-09-20.01.log.txt"
    for review_only in (False, True):
        (cut,) = meetings_from_blocks(blocks, source, review_only=review_only)
        (fast,), (slow,) = fast_and_slow(ORDER_OF_FIRST_LINES, review_only=review_only)
        assert cut == fast == slow
        assert fast.lines_said == (
            ("SpamapS", 4), ("rockyg", 1), ("cdent", 1), ("dtroyer", 1), ("nikhil", 1), ("ttx", 1), ("harlowja", 1)
        )


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(SHAPED_LINES), min_size=1, max_size=12))
def test_a_head_of_meetbot_lines_is_what_full_detection_calls_meetbot(lines):
    from archwg.meetings.readers.detect import LOG_TXT, meetbot_shaped

    head = "\n".join(lines) + "\n"
    if meetbot_shaped(head.encode()):
        assert detect_format(head) == LOG_TXT
        assert len([line for line in lines[:10] if line.strip()]) >= 5


def test_every_meetbot_log_of_the_test_data_passes_the_cheap_test():
    from archwg.meetings.readers.detect import LOG_TXT, meetbot_shaped
    from archwg.meetings.readers.textio import HEAD

    logs = sorted(DATA.rglob("*.log.txt"))
    assert len(logs) >= 8
    for log in logs:
        head = log.read_bytes()[:HEAD]
        if detect_format(head.decode("utf-8", "replace")) == LOG_TXT and head.count(b"\n") >= 5:
            assert meetbot_shaped(head), log
        elif meetbot_shaped(head):
            raise AssertionError(f"{log}: passes the cheap test but is no MeetBot log")


UNDO_LINES = [
    "20:01:06 <SpamapS> #startmeeting arch_wg\n",
    "20:01:08 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.\n",
    "20:02:00 <SpamapS> #topic previous meeting action items\n",
    "20:02:01 <SpamapS> * cdent to review the spec\n",
    "20:02:02 <SpamapS> #action cdent to review the spec\n",
    "20:02:03 <SpamapS> #info the spec is in review\n",
    "20:02:04 <cdent> #idea a non-chair's idea is an item too\n",
    "20:02:05 <cdent> #agreed a non-chair cannot agree\n",
    "20:02:06 <SpamapS> #AGREED the chair can\n",
    "20:02:07 <cdent> https://review.openstack.org/12345\n",
    "20:02:08 <cdent> http:\n",
    "20:02:09 <SpamapS> #link https://example.org\n",
    "20:02:10 <SpamapS> #undo\n",
    "20:02:11 <cdent> #UNDO (not a chair)\n",
    "20:02:12 <SpamapS> \u00a0#info after a no-break space\n",
    "20:02:13 <SpamapS>\u2003#action cdent after an em space\n",
    "20:02:14 <SpamapS> #topic open discussion\n",
    "20:02:15 <rockyg> talk\n",
    "20:02:16  * rockyg waves\n",
    "20:02:17 <SpamapS> #endmeeting\n",
]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(UNDO_LINES), max_size=30), cut=st.integers(min_value=0, max_value=30))
def test_undo_removes_the_same_item_when_the_reader_skips_items(lines, cut):
    """#undo reaches back to any item kind: reading for carrying must give what the line reader gives."""
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.fastlog import meetings_from_blocks
    from archwg.meetings.readers.irclog import read_irc_lines

    text = "".join(lines)
    source = "arch_wg.2017-03-09-20.01.log.txt"
    one_block = [text.encode()]
    two_blocks = [block for block in ("".join(lines[:cut]).encode(), "".join(lines[cut:]).encode()) if block]
    for review_only in (False, True):
        slow = list(meetings_from_lines(read_irc_lines(text.split("\n")), source, review_only=review_only))
        assert list(meetings_from_blocks(one_block, source, review_only=review_only)) == slow
        assert list(meetings_from_blocks(two_blocks, source, review_only=review_only)) == slow


@pytest.mark.parametrize("skipped", [5, 6, 8, 9, 10, 11, 14])
@pytest.mark.parametrize("cut", [0, 3, 4, 5])
def test_undo_after_an_item_carrying_does_not_keep_removes_that_item(skipped, cut):
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.fastlog import meetings_from_blocks
    from archwg.meetings.readers.irclog import read_irc_lines

    lines = [UNDO_LINES[0], UNDO_LINES[1], UNDO_LINES[2], UNDO_LINES[4], UNDO_LINES[skipped], UNDO_LINES[12],
             UNDO_LINES[19]]
    text = "".join(lines)
    source = "arch_wg.2017-03-09-20.01.log.txt"
    blocks = [block for block in ("".join(lines[:cut]).encode(), "".join(lines[cut:]).encode()) if block]
    (slow,) = meetings_from_lines(read_irc_lines(text.split("\n")), source, review_only=True)
    (fast,) = meetings_from_blocks(blocks, source, review_only=True)
    assert fast == slow
    assert [item.text for item in fast.actions] == ["cdent to review the spec"]


def test_the_fast_readers_whitespace_is_what_str_strip_strips_but_the_newline():
    import re

    from archwg.meetings.readers.fastlog import _WHITESPACE

    whitespace = re.compile(_WHITESPACE)
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates: never in UTF-8 text
        character = chr(code)
        expected = character.isspace() and character != "\n"
        assert (whitespace.fullmatch(character.encode("utf-8")) is not None) == expected, hex(code)


def test_many_files_read_by_other_processes_give_the_same_meetings_and_warnings(tmp_path, monkeypatch):
    from archwg.meetings import load

    folder = tmp_path / "logs"
    folder.mkdir()
    text = (FEDORA / f"{MAGAZINE}.log.txt").read_text(encoding="utf-8")
    for day in range(1, 13):
        (folder / f"magazine.2020-06-{day:02d}-12.02.log.txt").write_text(text, encoding="utf-8")
    latin_1 = b"12:00:00 <x> #startmeeting caf\xe9\n12:00:01 <x> #endmeeting\n"
    (folder / "magazine.2020-06-13-12.02.log.txt").write_bytes(latin_1)
    (folder / "notes.txt").write_text("no meeting here\n", encoding="utf-8")

    def read(detail):
        told: list[str] = []
        meetings = list(read_meetings([str(folder)], warn=told.append, detail=detail))
        return meetings, told

    for detail in ("full", "actions"):
        here = read(detail)
        monkeypatch.setattr(load, "PARALLEL_FROM", 2)
        elsewhere = read(detail)
        monkeypatch.setattr(load, "PARALLEL_FROM", 100)
        assert len(here[0]) == 13
        assert any("latin-1" in message for message in here[1]) and any("notes.txt" in m for m in here[1])
        assert elsewhere == here


def test_an_error_in_another_process_is_the_error_of_a_run_here(tmp_path, monkeypatch):
    from archwg.meetings import load

    logs = []
    for day in range(1, 4):
        log = tmp_path / f"arch_wg.2017-03-{day:02d}-20.00.log.txt"
        log.write_text(log_txt(), encoding="utf-8")
        logs.append(str(log))
    empty = tmp_path / "empty.log.txt"
    empty.write_text("20:00:00 <SpamapS> no meeting\n", encoding="utf-8")
    logs.insert(2, str(empty))
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    read = iter(read_meetings(logs))
    assert [next(read).source, next(read).source] == logs[:2]
    with pytest.raises(BadInput, match="empty.log.txt: no #startmeeting found"):
        next(read)


@pytest.mark.parametrize("text", [line for line in UNDO_LINES if "#startmeeting" not in line])
@pytest.mark.parametrize("chaired", [False, True])
def test_line_effect_says_what_the_builder_does_with_a_line(text, chaired):
    from archwg.meetings.meeting import RECORDS_ITEM, UNDOES, MeetingBuilder, line_effect
    from archwg.meetings.readers.irclog import parse_irc_line

    builder = MeetingBuilder("arch_wg.2017-03-09-20.01.log.txt")
    builder.feed(parse_irc_line("20:01:06 <SpamapS> #startmeeting arch_wg", 1, None))
    if chaired:
        builder.feed(parse_irc_line("20:01:07 <SpamapS> #chair cdent", 2, None))
    builder.feed(parse_irc_line("20:01:08 <SpamapS> #info an item to undo", 3, None))
    line = parse_irc_line(text.rstrip("\n"), 4, None)
    effect = line_effect(line, builder.chairs)
    finished = builder.feed(line)
    meeting = finished or builder.finish()
    items = len(meeting.items)
    assert (effect == RECORDS_ITEM) == (items == 2)
    assert (effect == UNDOES) == (items == 0)


def _big_log(folder, megabytes: float) -> None:
    """A MeetBot log of about *megabytes* MB: one meeting, much talk, one #action."""
    chatter = [f"16:00:{index % 60:02d} <talker> line {index} of a long discussion about the message bus"
               for index in range(int(megabytes * 1024 * 1024 / 70))]
    lines = ["16:00:00 <chair> #startmeeting wg",
             "16:00:01 <openstack> Meeting started Thu Mar 16 16:00:00 2017 UTC and is due to finish in 60 minutes.",
             *chatter, "16:59:00 <chair> #action chair to write it up", "16:59:30 <chair> #endmeeting"]
    (folder / "wg.2017-03-16-16.00.log.txt").write_text("\n".join(lines) + "\n")


def _read_with_bar(folder):
    import io

    from rich.console import Console

    from archwg.meetings.load import read_meetings

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    meetings = list(read_meetings([str(folder)], progress=console))
    return meetings, screen.getvalue()


def test_a_progress_bar_when_reading_more_than_a_few_megabytes(tmp_path):
    _big_log(tmp_path, 5)
    meetings, shown = _read_with_bar(tmp_path)
    assert len(meetings) == 1
    assert "reading logs" in shown


def test_no_progress_bar_for_a_small_read(tmp_path):
    _big_log(tmp_path, 0.5)
    meetings, shown = _read_with_bar(tmp_path)
    assert len(meetings) == 1
    assert shown == ""


def test_meetingtopic_is_read_alike_by_both_readers_when_only_actions_are_read():
    # #meetingtopic titles the minutes (fidelity); the fast reader must not skip it when reading for carrying.
    text = ("20:01:06 <SpamapS> #startmeeting arch_wg\n"
            "20:01:07 <openstack> Meeting started Thu Mar  9 20:01:06 2017 UTC and is due to finish in 60 minutes.\n"
            "20:01:30 <cdent> talk\n"
            "20:02:00 <SpamapS> #meetingtopic Architecture WG weekly\n"
            "20:03:00 <SpamapS> #action cdent to review\n"
            "20:04:00 <SpamapS> #endmeeting\n")
    for review_only in (False, True):
        (fast,), (slow,) = fast_and_slow(text, review_only=review_only)
        assert fast == slow
        assert fast.meeting_topic == "Architecture WG weekly"
