"""What the bot says and records, line by line, with an injected clock and no server."""

from datetime import date, datetime, timedelta

import pytest

from archwg.bot.session import Say, Session, normalised_name, upcoming
from archwg.meetings.description import MeetingDescription, Schedule
from archwg.meetings.load import read_meetings

from botkit import with_config

CHANNEL = "#openstack-meeting-alt"
PING = "Architecture WG courtesy ping for nikhil, harlowja, rockyg, dstanek"


def texts(replies):
    return [reply.text for reply in replies]


def start(session, clock, nick="SpamapS", name="arch_wg"):
    clock.set(datetime(2017, 3, 23, 20, 0, 4))
    return session.heard(nick, CHANNEL, f"#startmeeting {name}")


def test_reminder_once_before_the_meeting(settings, clock):
    session = Session(settings, clock)
    clock.set(datetime(2017, 3, 23, 19, 49, 59))
    assert session.tick() == []
    clock.set(datetime(2017, 3, 23, 19, 50, 0))
    assert session.tick() == [Say(CHANNEL, "arch_wg meeting in 10 minutes in #openstack-meeting-alt: "
                                           "https://wiki.openstack.org/wiki/Meetings/Arch-WG")]
    clock.set(datetime(2017, 3, 23, 19, 55, 0))
    assert session.tick() == []


def test_no_reminder_on_a_skipped_day_nor_when_turned_off(settings, clock):
    session = Session(settings, clock)
    clock.set(datetime(2017, 4, 6, 19, 55))  # skip_dates: the PTG
    assert session.tick() == []
    session = Session(with_config(settings, remind_before=0), clock)
    clock.set(datetime(2017, 3, 23, 19, 55))
    assert session.tick() == []


def test_startmeeting_pings_once(settings, clock):
    session = Session(settings, clock)
    assert texts(start(session, clock)) == [PING]
    assert start(session, clock) == []  # a second #startmeeting in the meeting
    session.heard("SpamapS", CHANNEL, "#endmeeting")
    assert start(session, clock) == []  # restarted the same day: pinged already


@pytest.mark.parametrize("name", ["arch_wg", "Arch WG", "ARCH-WG", "arch.wg"])
def test_startmeeting_names_as_meetbot_normalises_them(settings, clock, name):
    assert texts(start(Session(settings, clock), clock, name=name)) == [PING]


def test_another_meetings_start_is_ignored(settings, clock):
    session = Session(settings, clock)
    assert start(session, clock, name="api_wg") == []
    assert session.meeting is None


def test_other_names_of_the_description_start_it_too(settings, clock):
    from dataclasses import replace

    settings = replace(settings, description=replace(settings.description, names=("architecture_sync",)))
    assert texts(start(Session(settings, clock), clock, name="Architecture  Sync")) == [PING]


@pytest.mark.parametrize("text, name", [
    ("Storage Sync 5/29/2018", "storage_sync_5_29_2018"),
    ("jun-7 storage chat", "jun_7_storage_chat"),
    ("  Arch   WG ", "arch_wg"),
])
def test_meetbot_name_rule(text, name):
    assert normalised_name(text) == name


def test_carried_items_on_the_review_topic_in_the_groups_order(settings, clock):
    session = Session(settings, clock)
    start(session, clock)
    replies = session.heard("SpamapS", CHANNEL, "#topic Previous Meeting Action Items")
    assert texts(replies) == [
        "* SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream.",
        "* rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) "
        "(Carried since Feb 9 2017)",
        "* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG "
        "(Carried since Feb 9 2017)",
        "* cdent propose a spec for the placement extraction (Carried since Jan 26 2017)",
        "* dtroyer and SpamapS review the base-services workstream",
    ]
    assert session.heard("SpamapS", CHANNEL, "#topic previous meeting action items") == []


def test_the_review_topic_from_a_non_chair_or_another_topic_posts_nothing(settings, clock):
    session = Session(settings, clock)
    start(session, clock)
    assert session.heard("harlowja", CHANNEL, "#topic previous meeting action items") == []
    assert session.heard("SpamapS", CHANNEL, "#topic Open Discussion") == []


def test_the_review_topic_is_configurable(settings, clock):
    session = Session(with_config(settings, review_topic="Action items review"), clock)
    start(session, clock)
    assert session.heard("SpamapS", CHANNEL, "#topic previous meeting action items") == []
    assert len(session.heard("SpamapS", CHANNEL, "#topic ACTION ITEMS REVIEW")) == 5


def test_no_open_items_posts_nothing(settings, clock, tmp_path):
    from dataclasses import replace

    session = Session(replace(settings, logs=tmp_path / "none"), clock)
    start(session, clock)
    assert session.heard("SpamapS", CHANNEL, "#topic previous meeting action items") == []


def test_only_chairs_may_ping(settings, clock):
    session = Session(settings, clock)
    assert texts(session.heard("harlowja", CHANNEL, "!ping")) == [
        "harlowja: sorry, only the meeting's chairs can ask for the courtesy ping"]
    assert texts(session.heard("cdent", CHANNEL, "!ping")) == [PING]  # chairs: in the description
    start(session, clock)
    assert texts(session.heard("harlowja", CHANNEL, "!ping"))[0].startswith("harlowja: sorry")
    session.heard("SpamapS", CHANNEL, "#chair harlowja")
    assert texts(session.heard("harlowja", CHANNEL, "!ping")) == [PING]


def test_pingme_unpingme_absent_change_the_next_ping(settings, clock):
    session = Session(settings, clock)
    clock.set(datetime(2017, 3, 22, 12, 0))
    assert texts(session.heard("cdent", CHANNEL, "!pingme")) == ["cdent: added to the courtesy ping list"]
    assert texts(session.heard("nikhil", CHANNEL, "!unpingme")) == ["nikhil: removed from the courtesy ping list"]
    assert texts(session.heard("rocky_g", CHANNEL, "!absent")) == [
        "rocky_g: no courtesy ping for you at the meeting of 2017-03-23"]
    assert texts(start(session, clock)) == ["Architecture WG courtesy ping for harlowja, dstanek, cdent"]
    # Kept for the next run of the bot, and the absence was for one meeting only.
    again = Session(settings, clock)
    assert again.ping_nicks(date(2017, 4, 20)) == ["harlowja", "rocky_g", "dstanek", "cdent"]


def test_absent_on_a_date_and_in_the_past(settings, clock):
    session = Session(settings, clock)
    assert texts(session.heard("dstanek", "archbot", "!absent 2017-04-20")) == [
        "dstanek: no courtesy ping for you at the meeting of 2017-04-20"]
    assert "dstanek" not in session.ping_nicks(date(2017, 4, 20))
    assert texts(session.heard("dstanek", CHANNEL, "!absent 2017-01-01")) == ["dstanek: 2017-01-01 is past"]
    assert texts(session.heard("dstanek", CHANNEL, "!absent 2017-04-13")) == [
        "dstanek: no arch_wg meeting is scheduled on 2017-04-13"]  # an odd week
    assert texts(session.heard("dstanek", CHANNEL, "!absent 2017-04-06")) == [
        "dstanek: no arch_wg meeting is scheduled on 2017-04-06"]  # skipped: the PTG


def test_private_questions_get_private_answers(settings, clock):
    session = Session(settings, clock)
    replies = session.heard("harlowja", "archbot", "!next")
    assert replies == [Say("harlowja", "next arch_wg meeting: Thursday 2017-03-23 20:00 UTC in "
                                       "#openstack-meeting-alt (in 1 hour)")]


def test_next_after_todays_meeting_began(settings, clock):
    clock.set(datetime(2017, 3, 23, 20, 30))
    assert texts(Session(settings, clock).heard("cdent", CHANNEL, "!next")) == [
        "next arch_wg meeting: Thursday 2017-04-20 20:00 UTC in #openstack-meeting-alt (in 27 days)"]


def test_actions_all_and_one_persons_with_aliases(settings, clock):
    session = Session(settings, clock)
    assert len(session.heard("cdent", CHANNEL, "!actions")) == 5
    assert texts(session.heard("cdent", CHANNEL, "!actions rockyg")) == [
        "* rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) "
        "(Carried since Feb 9 2017)",
        "* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG "
        "(Carried since Feb 9 2017)",
    ]
    assert texts(session.heard("cdent", CHANNEL, "!actions nobody")) == ["no open action items for nobody"]


def test_spec_and_its_close_matches(settings, clock):
    session = Session(settings, clock)
    assert texts(session.heard("cdent", CHANNEL, "!spec nova-compute-api")) == [
        "nova-compute-api: proposal, proposed; champion SpamapS; reviews 435555"]
    assert texts(session.heard("cdent", CHANNEL, "!spec nova-compute-apu")) == [
        "no spec nova-compute-apu; did you mean nova-compute-api?"]
    assert texts(session.heard("cdent", CHANNEL, "!spec zzz")) == ["no spec zzz (see !help)"]


def test_unknown_and_wrong_commands_get_one_line(settings, clock):
    session = Session(settings, clock)
    assert texts(session.heard("cdent", CHANNEL, "!frob")) == ["unknown command !frob: see !help"]
    assert texts(session.heard("cdent", CHANNEL, "!spec")) == ["usage: !spec SLUG"]
    assert len(session.heard("cdent", CHANNEL, "!help")) == 9


def test_itself_and_other_bots_are_ignored(settings, clock):
    session = Session(settings, clock)
    assert session.heard("archbot", CHANNEL, "!help") == []
    assert session.heard("openstack", CHANNEL, "!help") == []
    assert session.heard("OpenDevMeet", CHANNEL, "#startmeeting arch_wg") == []


def test_a_whole_meeting_is_recorded_and_read_back(settings, clock):
    session = Session(settings, clock)
    start(session, clock)
    lines = [
        ("openstack", "Meeting started Thu Mar 23 20:00:04 2017 UTC and is due to finish in 60 minutes.  "
                      "The chair is SpamapS. Information about MeetBot at http://wiki.debian.org/MeetBot.", False),
        ("rocky_g", "o/", False),
        ("SpamapS", "#topic previous meeting action items", False),
        ("SpamapS", "* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately "
                    "before PTG (Carried since Feb 9 2017)", False),
        ("rocky_g", "done, the spec is up for review", False),
        ("SpamapS", "#action rocky_g Send email regarding implementation bleed-through (stretch: submit as raw "
                    "proposal) (Carried since Feb 9 2017)", False),
        ("cdent", "waves", True),
        ("SpamapS", "#action nikhil to draft the messaging patterns proposal", False),
    ]
    for nick, text, action in lines:
        clock.set(clock() + timedelta(seconds=7))
        session.heard(nick, CHANNEL, text, action)
    session.sent(CHANNEL, "* a line the bot said")
    clock.set(clock() + timedelta(seconds=7))
    replies = session.heard("SpamapS", CHANNEL, "#endmeeting")
    path = settings.logs / "arch_wg.2017-03-23-20.00.log.txt"
    assert session.last_log == path
    written = path.read_text().splitlines()
    assert written[0] == "20:00:04 <SpamapS> #startmeeting arch_wg"
    assert written[2] == "20:00:18 <rocky_g> o/"
    assert "20:00:53  * cdent waves" in written
    assert "20:01:00 <archbot> * a line the bot said" in written
    assert written[-1] == "20:01:07 <SpamapS> #endmeeting"
    # archwg's own reader takes it as MeetBot's: same items, same chairs, the date from the greeting.
    meeting, = read_meetings([str(path)])
    assert meeting.name == "arch_wg" and meeting.ended
    assert meeting.start == datetime(2017, 3, 23, 20, 0, 4)
    assert [item.text for item in meeting.actions] == [lines[5][1][len("#action "):], lines[7][1][len("#action "):]]
    assert [item.kind for item in meeting.items] == ["topic", "action", "action"]
    assert replies == [Say(CHANNEL, "2 action items recorded; 1 carried, 1 closed; next meeting 2017-04-20")]


def test_no_record_writes_nothing(settings, clock):
    from dataclasses import replace

    session = Session(replace(settings, record=False), clock)
    start(session, clock)
    session.heard("SpamapS", CHANNEL, "#endmeeting")
    assert not (settings.logs / "arch_wg.2017-03-23-20.00.log.txt").exists()


def test_control_characters_never_reach_a_reply(settings, clock, tmp_path):
    from dataclasses import replace

    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "arch_wg.2017-03-09-20.00.log.txt").write_text(
        "20:00:00 <SpamapS> #startmeeting arch_wg\n"
        "20:00:10 <SpamapS> #action rocky_g do it\x07\x1b now\x02\n"
        "20:00:20 <SpamapS> #endmeeting\n")
    session = Session(replace(settings, logs=logs), clock)
    assert texts(session.heard("cdent", CHANNEL, "!actions")) == ["* rocky_g do it now"]


def weekly(frequency, day="Thursday", **extra):
    return MeetingDescription(meeting_id="wg", schedules=(Schedule("2000", day, "chan", frequency, **extra),))


@pytest.mark.parametrize("description, now, expected", [
    (weekly("weekly"), datetime(2017, 3, 23, 19, 0), datetime(2017, 3, 23, 20, 0)),
    (weekly("weekly"), datetime(2017, 3, 23, 20, 1), datetime(2017, 3, 30, 20, 0)),
    (weekly("biweekly-even"), datetime(2017, 3, 17), datetime(2017, 3, 23, 20, 0)),  # week 12
    (weekly("biweekly-odd"), datetime(2017, 3, 17), datetime(2017, 3, 30, 20, 0)),  # week 13
    (weekly("quadweekly"), datetime(2017, 3, 1), datetime(2017, 3, 23, 20, 0)),  # week 12 % 4 == 0
    (weekly("quadweekly-week-1"), datetime(2017, 3, 1), datetime(2017, 3, 2, 20, 0)),  # week 9
    (weekly("quadweekly-week-2"), datetime(2017, 3, 1), datetime(2017, 3, 9, 20, 0)),  # week 10
    (weekly("quadweekly-week-3"), datetime(2017, 3, 1), datetime(2017, 3, 16, 20, 0)),  # week 11
    (weekly("quadweekly-alternate"), datetime(2017, 3, 1), datetime(2017, 3, 9, 20, 0)),
    (weekly("first-thursday"), datetime(2017, 3, 3), datetime(2017, 4, 6, 20, 0)),
    (weekly("weekly", start_date=date(2017, 5, 1)), datetime(2017, 3, 23), datetime(2017, 5, 4, 20, 0)),
    (weekly("weekly", skip_dates=(date(2017, 3, 23),)), datetime(2017, 3, 22), datetime(2017, 3, 30, 20, 0)),
    # 2020 has an ISO week 53: biweekly-odd meets in weeks 53 and 1, two Thursdays running.
    (weekly("biweekly-odd"), datetime(2020, 12, 31, 20, 30), datetime(2021, 1, 7, 20, 0)),
    (weekly("biweekly-even"), datetime(2020, 12, 25), datetime(2021, 1, 14, 20, 0)),
])
def test_the_next_meeting_for_every_frequency(description, now, expected):
    assert upcoming(description, now).start == expected


def test_adhoc_has_no_next_meeting(settings, clock):
    assert upcoming(weekly("adhoc"), datetime(2017, 3, 23)) is None


def test_a_read_out_line_carries_no_control_character():
    from archwg.bot.session import read_out_line
    from archwg.meetings.model import ActionItem, Since

    item = ActionItem(owners=("rocky_g",), text="rocky_g send email\r\nQUIT :bye\x00",
                      since=Since(date(2017, 2, 9)), recorded=(date(2017, 2, 9), date(2017, 3, 9)))
    assert read_out_line(item) == "* rocky_g send email QUIT :bye (Carried since Feb 9 2017)"


def test_commit_at_endmeeting(settings, clock):
    import git

    from dataclasses import replace

    session = Session(replace(settings, commit=True), clock)
    start(session, clock)
    clock.set(datetime(2017, 3, 23, 20, 30))
    session.heard("SpamapS", CHANNEL, "#endmeeting")
    head = git.Repo(settings.root).head.commit
    assert head.message.strip() == "Log of the arch_wg meeting of 2017-03-23"
    assert list(head.stats.files) == ["meetings/logs/arch_wg/arch_wg.2017-03-23-20.00.log.txt"]


def test_chairs_in_the_description(tmp_path):
    from archwg.errors import BadInput
    from archwg.meetings.description import parse_description

    head = "meeting_id: wg\nproject: WG\nschedule: [{time: '2000', day: Thursday, irc: wg, frequency: weekly}]\n"
    assert parse_description(head + "chair: a\nchairs: [b, c]\n", "wg.yaml").chairs == ("b", "c")
    assert parse_description(head + "chairs: b\n", "wg.yaml").chairs == ("b",)
    assert parse_description(head, "wg.yaml").chairs == ()
    with pytest.raises(BadInput, match=r"wg.yaml: chairs\[1\]: 'x y' is not an IRC nick"):
        parse_description(head + "chairs: [b, 'x y']\n", "wg.yaml")


def test_a_log_that_cannot_be_written_does_not_silence_the_ping(settings, clock, caplog):
    from dataclasses import replace

    blocked = settings.logs.parent / "blocked"
    blocked.write_text("a file where the logs folder should be\n")
    session = Session(replace(settings, logs=blocked / "arch_wg"), clock)
    assert texts(start(session, clock)) == [PING]
    assert "cannot record the meeting in" in caplog.text
    assert texts(session.heard("SpamapS", CHANNEL, "!ping")) == [PING]


def test_review_states_from_the_gerrit_snapshot(settings, clock, monkeypatch):
    from datetime import timezone

    from gerrit_standin import StandinGerrit, make_change

    from archwg.config import load_config
    from archwg.gerrit.session import sync_repository

    standin = StandinGerrit()
    standin.start()
    try:
        (settings.root / "archwg.toml").write_text(
            '[gerrit]\nurl = "https://review.example.org"\nproject = "openstack/arch-wg"\n')
        monkeypatch.setenv("ARCHWG_GERRIT_URL", standin.url)
        standin.add(make_change(
            435555, subject="Move nova-compute-api to active status",
            updated=datetime(2017, 3, 2, 12, 0, tzinfo=timezone.utc),
            labels={"Code-Review": {"all": [{"value": 2, "name": "Thierry Carrez"}]}},
            files={"workstreams/nova-compute-api.rst": {"status": "R", "old_path": "specs/nova-compute-api.rst"}}))
        sync_repository(load_config(settings.root), datetime(2017, 3, 23, 12, 0, tzinfo=timezone.utc))
    finally:
        standin.stop()
    session = Session(settings, clock)
    start(session, clock)
    said = texts(session.heard("SpamapS", CHANNEL, "#topic previous meeting action items"))
    assert said[0].startswith("* SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work "
                              "stream. [435555: ")
    assert "[435555" not in said[1]  # an item that names no change or spec
    answer, = texts(session.heard("cdent", CHANNEL, "!spec nova-compute-api"))
    assert answer.startswith("nova-compute-api: proposal, proposed; champion SpamapS; reviews 435555 ")
    assert answer.endswith("; proposed → active pending in 435555")


def test_a_non_chair_waits_between_read_heavy_commands(settings, clock):
    session = Session(settings, clock)
    assert len(session.heard("harlowja", CHANNEL, "!actions")) == 5
    clock.set(clock() + timedelta(seconds=10))
    # Within the 30 s: one private line, then nothing, whichever read-heavy command it is.
    assert session.heard("harlowja", CHANNEL, "!spec nova-compute-api") == [
        Say("harlowja", "harlowja: please wait 20 s before asking again (!next, !actions, !spec)")]
    assert session.heard("harlowja", CHANNEL, "!actions") == []
    assert session.heard("harlowja", "archbot", "!next") == []
    # Others, and the cheap commands, are not held up.
    assert len(session.heard("dstanek", CHANNEL, "!actions")) == 5
    assert len(session.heard("harlowja", CHANNEL, "!help")) == 9
    clock.set(clock() + timedelta(seconds=20))
    assert texts(session.heard("harlowja", CHANNEL, "!spec nova-compute-api")) == [
        "nova-compute-api: proposal, proposed; champion SpamapS; reviews 435555"]


def test_chairs_never_wait_and_zero_turns_the_wait_off(settings, clock):
    session = Session(settings, clock)
    for _ in range(3):
        assert len(session.heard("cdent", CHANNEL, "!actions")) == 5
    session = Session(with_config(settings, command_cooldown=0), clock)
    for _ in range(3):
        assert len(session.heard("harlowja", CHANNEL, "!actions")) == 5


def test_the_wait_is_configurable(settings, clock):
    session = Session(with_config(settings, command_cooldown=5), clock)
    session.heard("harlowja", CHANNEL, "!next")
    clock.set(clock() + timedelta(seconds=4))
    assert texts(session.heard("harlowja", CHANNEL, "!next")) == [
        "harlowja: please wait 1 s before asking again (!next, !actions, !spec)"]
    clock.set(clock() + timedelta(seconds=1))
    assert texts(session.heard("harlowja", CHANNEL, "!next"))[0].startswith("next arch_wg meeting:")


def _meeting_where_the_bot_reads_out(settings, clock, chair_the_bot: bool):
    """A recorded meeting: the chair (perhaps #chair-ing the bot) sets the review topic, the bot reads the
    items out, the chair records one of them again and ends; the bot's own lines go to the log as sent."""
    from archwg.bot import data

    session = Session(settings, clock)

    def say(nick, text):
        clock.set(clock() + timedelta(seconds=5))
        replies = session.heard(nick, CHANNEL, text)
        for reply in replies:  # as ircbot does: what the bot sends, the log keeps
            session.sent(reply.target, reply.text)
        return replies

    start(session, clock)
    if chair_the_bot:
        say("SpamapS", "#chair archbot")
    read_out = say("SpamapS", "#topic previous meeting action items")
    say("SpamapS", "#action cdent propose a spec for the placement extraction (Carried since Jan 26 2017)")
    say("SpamapS", "#endmeeting")
    return texts(read_out), data.carry_logs(settings.logs, settings.description)


def test_the_bot_reads_out_exactly_as_carry_actions_does(settings, clock):
    from archwg.bot import data
    from archwg.meetings.suffix import read_out_line

    before = data.carry_logs(settings.logs, settings.description)
    read_out, _ = _meeting_where_the_bot_reads_out(settings, clock, chair_the_bot=True)
    assert read_out == [read_out_line(item) for item in before.open]
    assert len(read_out) == 5


def test_the_read_out_of_a_chaired_bot_closes_what_nobody_records_again(settings, clock):
    _, report = _meeting_where_the_bot_reads_out(settings, clock, chair_the_bot=True)
    assert report.date == date(2017, 3, 23)
    assert [item.text for item in report.open] == ["cdent propose a spec for the placement extraction"]
    assert sorted(item.text.split()[0] for item in report.closed if item.closed == date(2017, 3, 23)) == [
        "SpamapS", "dtroyer", "rocky_g", "rocky_g"]


def test_the_read_out_of_a_bot_nobody_chaired_closes_nothing(settings, clock):
    _, report = _meeting_where_the_bot_reads_out(settings, clock, chair_the_bot=False)
    assert len(report.open) == 5
    assert [item for item in report.closed if item.closed == date(2017, 3, 23)] == []


def test_a_bot_restarted_mid_meeting_goes_on_recording_it(settings, clock):
    session = Session(settings, clock)
    start(session, clock)
    session.heard("SpamapS", CHANNEL, "#chair rockyg")
    clock.set(datetime(2017, 3, 23, 20, 10))
    session.heard("rockyg", CHANNEL, "first half")
    session.close()  # the process died
    clock.set(datetime(2017, 3, 23, 20, 20))
    again = Session(settings, clock)
    assert again.meeting is not None
    again.heard("rockyg", CHANNEL, "second half")
    # Chairs from the log: rockyg may set the review topic, and the items are read out once.
    clock.set(datetime(2017, 3, 23, 20, 30))
    assert texts(again.heard("rockyg", CHANNEL, "#topic Previous Meeting Action Items"))[0].startswith("* SpamapS")
    clock.set(datetime(2017, 3, 23, 20, 40))
    assert again.heard("SpamapS", CHANNEL, "#endmeeting")[0].text.endswith("next meeting 2017-04-20")
    path = settings.logs / "arch_wg.2017-03-23-20.00.log.txt"
    assert again.last_log == path
    written = path.read_text().splitlines()
    assert written[:3] == ["20:00:04 <SpamapS> #startmeeting arch_wg", "20:00:04 <SpamapS> #chair rockyg",
                           "20:10:00 <rockyg> first half"]
    assert "20:20:00 <rockyg> second half" in written and written[-1] == "20:40:00 <SpamapS> #endmeeting"
    meeting, = read_meetings([str(path)])
    assert meeting.ended and meeting.chairs == ("SpamapS", "rockyg")


def test_a_bot_restarted_right_after_the_startmeeting_goes_on_recording_it(settings, clock):
    # Its log holds the #startmeeting line alone, as the stub MeetBot leaves after #meetingname does:
    # here it is the meeting the bot was recording.
    session = Session(settings, clock)
    start(session, clock)
    session.close()
    path = settings.logs / "arch_wg.2017-03-23-20.00.log.txt"
    assert path.read_text().splitlines() == ["20:00:04 <SpamapS> #startmeeting arch_wg"]
    clock.set(datetime(2017, 3, 23, 20, 5))
    again = Session(settings, clock)
    assert again.meeting is not None and again.meeting.recorder.path == path
    again.heard("rockyg", CHANNEL, "after the restart")
    clock.set(datetime(2017, 3, 23, 20, 40))
    again.heard("SpamapS", CHANNEL, "#endmeeting")
    meeting, = read_meetings([str(path)])
    assert meeting.ended and dict(meeting.lines_said)["rockyg"] == 1


@pytest.mark.parametrize("later", [timedelta(minutes=30), timedelta(hours=4)])
def test_a_restarted_bot_leaves_an_ended_or_old_meeting_alone(settings, clock, later):
    session = Session(settings, clock)
    start(session, clock)
    if later < timedelta(hours=1):
        session.heard("SpamapS", CHANNEL, "#endmeeting")
    session.close()
    clock.set(datetime(2017, 3, 23, 20, 0, 4) + later)
    again = Session(settings, clock)
    assert again.meeting is None
    again.heard("rockyg", CHANNEL, "after")
    assert "after" not in (settings.logs / "arch_wg.2017-03-23-20.00.log.txt").read_text()



def test_the_bot_reads_the_series_once_before_connecting(settings, monkeypatch, tmp_path):
    import os

    from archwg.bot import data
    from archwg.bot.app import warm_up

    warm_up(settings)
    # An old log changed behind the cache's back (same size, same mtime): what the meeting reads then
    # comes from what warm_up read, not from the file.
    oldest = sorted(settings.logs.glob("*.log.txt"))[0]
    stat = oldest.stat()
    text = oldest.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "> #action " in line)
    oldest.write_text(text.replace(line, line.replace("#action ", "#info   ", 1)), encoding="utf-8")
    os.utime(oldest, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    from_cache = data.carry_logs(settings.logs, settings.description)
    monkeypatch.setenv("ARCHWG_CACHE_DIR", str(tmp_path / "another-cache"))
    assert data.carry_logs(settings.logs, settings.description) != from_cache


def test_a_restarted_bot_leaves_a_meeting_quiet_for_half_an_hour_alone(settings, clock):
    # The meeting ended while the bot was down (its #endmeeting never reached the log).
    session = Session(settings, clock)
    start(session, clock)
    clock.set(datetime(2017, 3, 23, 20, 10))
    session.heard("rockyg", CHANNEL, "last line the bot heard")
    session.close()
    clock.set(datetime(2017, 3, 23, 20, 41))
    assert Session(settings, clock).meeting is None
    clock.set(datetime(2017, 3, 23, 20, 39))
    assert Session(settings, clock).meeting is not None


def test_a_meeting_that_never_ended_gives_way_to_the_next_one(settings, clock):
    session = Session(settings, clock)
    start(session, clock)
    clock.set(datetime(2017, 4, 20, 20, 0, 2))  # two weeks later, the #endmeeting never heard
    replies = session.heard("SpamapS", CHANNEL, "#startmeeting arch_wg")
    assert texts(replies) == [PING]
    assert session.meeting.recorder.path == settings.logs / "arch_wg.2017-04-20-20.00.log.txt"


def test_a_line_cut_short_by_a_crash_does_not_swallow_the_next_one(settings, clock):
    session = Session(settings, clock)
    start(session, clock)
    session.close()
    path = settings.logs / "arch_wg.2017-03-23-20.00.log.txt"
    with open(path, "a", encoding="utf-8") as log_file:
        log_file.write("20:05:00 <rockyg> cut sh")  # the process died mid-write
    clock.set(datetime(2017, 3, 23, 20, 6))
    again = Session(settings, clock)
    again.heard("SpamapS", CHANNEL, "#action rockyg write the spec")
    assert path.read_text().splitlines()[-2:] == ["20:05:00 <rockyg> cut sh",
                                                  "20:06:00 <SpamapS> #action rockyg write the spec"]
    meeting, = read_meetings([str(path)])
    assert [item.text for item in meeting.actions] == ["rockyg write the spec"]


def test_a_file_in_the_logs_folder_that_cannot_be_read_is_skipped_not_fatal(settings):
    from archwg.bot import data

    before = data.carry_logs(settings.logs, settings.description)
    (settings.logs / "arch_wg.2017-03-16-20.00.log.txt").write_bytes(b"\x00\x01 not a log")
    after = data.carry_logs(settings.logs, settings.description)
    assert before is not None and after is not None and after.open == before.open


def test_warm_up_never_stops_the_bot(settings, caplog):
    import logging

    from archwg.bot.app import warm_up

    (settings.logs / "loop").symlink_to(settings.logs / "loop")
    caplog.set_level(logging.ERROR)
    warm_up(settings)
    assert "before connecting failed" in caplog.text


def test_what_reading_the_series_says_is_logged_once(settings, clock, tmp_path, monkeypatch, caplog):
    import logging

    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("ARCHWG_CACHE_DIR", str(not_a_folder))
    caplog.set_level(logging.INFO)
    session = Session(settings, clock)
    clock.set(datetime(2017, 3, 23, 19, 0))
    for _ in range(3):
        assert session.heard("SpamapS", CHANNEL, "!actions")
    assert caplog.text.count("cannot use the cache folder") == 1
