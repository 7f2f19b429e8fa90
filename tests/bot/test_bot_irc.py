"""The bot against a real IRC server on 127.0.0.1 (miniircd; ngircd too when installed), with real clients in the channel."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from botkit import with_config
from ircserver import SERVERS, IrcServer, Peer, is_join, missing

CHANNEL = "#openstack-meeting-alt"
BOT = "archbot"
PING = "Architecture WG courtesy ping for nikhil, harlowja, rockyg, dstanek"


@pytest.fixture(scope="module", params=SERVERS)
def server_kind(request):
    """Every test on miniircd, and on ngircd too where Debian's ngircd is installed."""
    reason = missing(request.param)
    if reason:
        pytest.skip(reason)
    return request.param


@pytest.fixture(scope="module")
def server(server_kind):
    server = IrcServer(kind=server_kind).start()
    yield server
    server.close()


class Running:
    def __init__(self, bot, thread):
        self.bot = bot
        self.thread = thread

    def stop(self):
        self.bot.stop()
        self.thread.join(10)


@pytest.fixture
def launch(settings, clock):
    """Start bots on a server (stopped at the end); the first peer given waits for the bot's join."""
    from archwg.bot.ircbot import MeetingBot

    running = []

    def start(server, watcher: Peer, settings=settings, nick=BOT, joined_as=None, **config):
        changes = dict(server="127.0.0.1", port=server.port, tls=False, nick=nick, burst=4, per_second=50.0,
                       reconnect_min=1, reconnect_max=2)
        changes.update(config)
        bot_settings = replace(with_config(settings, **changes), tick=0.05, drain_every=0.02)
        bot = MeetingBot(bot_settings, now=clock)
        thread = threading.Thread(target=bot.run, daemon=True)
        mark = len(watcher.lines)
        thread.start()
        running.append(Running(bot, thread))
        joined = joined_as or nick
        watcher.wait_for(lambda line: is_join(line, joined, CHANNEL), start=mark)
        return bot

    yield start
    for item in running:
        item.stop()


@pytest.fixture
def peers(server, closing):
    return lambda nick, port=None: closing(Peer(port or server.port, nick)).join(CHANNEL)


def test_reminder_before_the_scheduled_time(server, peers, launch, clock):
    alice = peers("rockyg")
    clock.set(datetime(2017, 3, 23, 19, 40))
    launch(server, alice)
    mark = len(alice.lines)
    clock.set(datetime(2017, 3, 23, 19, 50, 30))
    assert alice.wait_for_messages(BOT, 1, start=mark) == [
        "arch_wg meeting in 10 minutes in #openstack-meeting-alt: https://wiki.openstack.org/wiki/Meetings/Arch-WG"]
    alice.quiet_for(0.3)
    assert len(alice.messages(BOT, mark)) == 1


def test_ping_on_startmeeting_and_not_twice(server, peers, launch, clock):
    chair = peers("SpamapS")
    launch(server, chair)
    clock.set(datetime(2017, 3, 23, 20, 0, 4))
    mark = len(chair.lines)
    chair.say(CHANNEL, "#startmeeting arch_wg")
    assert chair.wait_for_messages(BOT, 1, start=mark) == [PING]
    chair.say(CHANNEL, "#startmeeting arch_wg")
    chair.say(CHANNEL, "!next")  # answered after anything the second #startmeeting would have said
    said = chair.wait_for_messages(BOT, 2, start=mark)
    assert said[1].startswith("next arch_wg meeting:")


def test_carried_items_on_the_review_topic(server, peers, launch, clock):
    chair = peers("SpamapS")
    launch(server, chair)
    clock.set(datetime(2017, 3, 23, 20, 0, 4))
    chair.say(CHANNEL, "#startmeeting arch_wg")
    chair.wait_for_messages(BOT, 1)
    mark = len(chair.lines)
    chair.say(CHANNEL, "#topic previous meeting action items")
    said = chair.wait_for_messages(BOT, 5, start=mark)
    assert said[0] == "* SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream."
    assert said[3] == "* cdent propose a spec for the placement extraction (Carried since Jan 26 2017)"


def test_each_command(server, peers, launch, clock):
    alice = peers("cdent")
    bob = peers("harlowja")
    launch(server, alice)
    clock.set(datetime(2017, 3, 22, 20, 0))
    asked = [
        ("!help", 9, "commands: !help, !next"),
        ("!next", 1, "next arch_wg meeting: Thursday 2017-03-23 20:00 UTC in #openstack-meeting-alt (in 1 day)"),
        ("!actions rocky_g", 2, "* rocky_g Send email regarding"),
        ("!spec nova-compute-apy", 1, "no spec nova-compute-apy; did you mean nova-compute-api?"),
        ("!spec nova-compute-api", 1, "nova-compute-api: proposal, proposed; champion SpamapS; reviews 435555"),
        ("!ping", 1, PING),  # cdent is a chair in the description
        ("!whatever", 1, "unknown command !whatever: see !help"),
    ]
    for text, count, first in asked:
        mark = len(alice.lines)
        alice.say(CHANNEL, text)
        said = alice.wait_for_messages(BOT, count, start=mark)
        assert said[0].startswith(first), text
    # A private question is answered in private.
    mark = len(bob.lines)
    bob.say(BOT, "!next")
    line = bob.wait_for(lambda line: line.startswith(f":{BOT}!") and " PRIVMSG harlowja :" in line, start=mark)
    assert line.endswith("(in 1 day)")


def test_a_non_chairs_ping_is_refused(server, peers, launch, clock):
    bob = peers("harlowja")
    launch(server, bob)
    mark = len(bob.lines)
    bob.say(CHANNEL, "!ping")
    assert bob.wait_for_messages(BOT, 1, start=mark) == [
        "harlowja: sorry, only the meeting's chairs can ask for the courtesy ping"]


def test_pingme_unpingme_absent_change_the_next_ping(server, peers, launch, clock):
    chair = peers("SpamapS")
    nikhil = peers("nikhil")
    rocky = peers("rocky_g")
    launch(server, chair)
    clock.set(datetime(2017, 3, 23, 12, 0))
    for peer, text in ((chair, "!pingme"), (nikhil, "!unpingme"), (rocky, "!absent")):
        mark = len(peer.lines)
        peer.say(CHANNEL, text)
        peer.wait_for(lambda line, nick=peer.nick: line.startswith(f":{BOT}!") and f":{nick}: " in line, start=mark)
    clock.set(datetime(2017, 3, 23, 20, 0, 4))
    mark = len(chair.lines)
    chair.say(CHANNEL, "#startmeeting arch_wg")
    line = chair.wait_for(lambda line: "WG courtesy ping for" in line, start=mark)
    assert line.endswith(" :Architecture WG courtesy ping for harlowja, dstanek, SpamapS")


def test_sixty_lines_arrive_whole_and_in_order(server, peers, launch, clock):
    alice = peers("cdent")
    bot = launch(server, alice, per_second=25.0)
    mark = len(alice.lines)
    for number in range(60):
        bot.say(CHANNEL, f"line {number:02d} " + "x" * 40)
    said = alice.wait_for_messages(BOT, 60, start=mark, timeout=20)
    assert said == [f"line {number:02d} " + "x" * 40 for number in range(60)]


def test_a_burst_then_no_faster_than_the_rate(server, peers, launch, clock):
    # Behaviour, not speed: the limiter's lower bounds hold whatever the machine's load; the one upper
    # bound (the burst together) has a whole rate interval of slack, three times less than no burst.
    burst, rate, count = 4, 5.0, 12
    alice = peers("cdent")
    bot = launch(server, alice, burst=burst, per_second=rate)
    mark = len(alice.lines)
    for number in range(count):
        bot.say(CHANNEL, f"line {number:02d}")
    alice.wait_for_messages(BOT, count, start=mark, timeout=20)
    received = alice.message_times(BOT, start=mark)
    assert [text for _, text in received] == [f"line {number:02d}" for number in range(count)]
    first = received[0][0]
    slack = 0.5 / rate  # the first line's own delivery may lag a little behind the later ones'
    assert received[burst - 1][0] - first < 1 / rate
    for number in range(burst, count):
        assert received[number][0] - first >= (number - burst + 1) / rate - slack, number


def test_an_action_text_with_crlf_does_not_inject(server, peers, launch, clock, settings):
    logs = settings.logs
    (logs / "arch_wg.2017-03-16-20.00.log.txt").write_text(
        "20:00:00 <SpamapS> #startmeeting arch_wg\n"
        "20:00:10 <SpamapS> #action rocky_g check this\rQUIT :bye\n"
        "20:00:20 <SpamapS> #endmeeting\n")
    alice = peers("cdent")
    bot = launch(server, alice)
    mark = len(alice.lines)
    alice.say(CHANNEL, "!actions rocky_g")
    said = alice.wait_for_messages(BOT, 3, start=mark)
    assert "* rocky_g check this QUIT :bye" in said
    # Still here and answering: the QUIT went out as text, not as a command.
    mark = len(alice.lines)
    alice.say(CHANNEL, "!next")
    alice.wait_for_messages(BOT, 1, start=mark)
    # Straight into the send queue too: one PRIVMSG, no second command.
    mark = len(alice.lines)
    bot.say(CHANNEL, "rocky_g done\r\nQUIT :bye\r\nJOIN #elsewhere")
    alice.say(CHANNEL, "!next")
    said = alice.wait_for_messages(BOT, 2, start=mark)
    assert said[0] == "rocky_g done QUIT :bye JOIN #elsewhere"
    assert not any(line.startswith(f":{BOT}!") and line.split(" ")[1] in ("QUIT", "JOIN", "PART")
                   for line in alice.lines[mark:])
    assert not any(line.startswith(f":{BOT}!") and line.split(" ")[1] == "QUIT" for line in alice.lines)


def test_invalid_utf8_from_a_peer_does_not_crash_it(server, peers, launch, clock):
    alice = peers("cdent")
    launch(server, alice)
    mark = len(alice.lines)
    alice.send_bytes(b"PRIVMSG " + CHANNEL.encode() + b" :caf\xe9 \xff\xfe broken")
    alice.send_bytes(b"PRIVMSG " + BOT.encode() + b" :!spec caf\xe9")
    # Read as latin-1, answered like any other line.
    assert alice.wait_for_messages(BOT, 1, start=mark) == ["no spec café (see !help)"]
    alice.say(CHANNEL, "!next")
    assert alice.wait_for_messages(BOT, 2, start=mark)[1].startswith("next arch_wg meeting:")


def test_a_whole_meeting_recorded_then_carried(server, peers, launch, clock, settings, run_cli):
    chair = peers("SpamapS")
    rocky = peers("rocky_g")
    watcher = peers("kgiusti")
    launch(server, watcher)
    clock.set(datetime(2017, 3, 23, 20, 0, 4))
    script = [
        (chair, "#startmeeting arch_wg", 1),
        (rocky, "o/", 0),
        (chair, "#topic previous meeting action items", 5),
        (chair, "* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately "
                "before PTG (Carried since Feb 9 2017)", 0),
        (rocky, "done, the spec is up for review", 0),
        (chair, "#action rocky_g Send email regarding implementation bleed-through (stretch: submit as raw "
                "proposal) (Carried since Feb 9 2017)", 0),
        (chair, "#action nikhil to draft the messaging patterns proposal", 0),
        (chair, "#endmeeting", 1),
    ]
    for peer, text, answers in script:
        clock.set(clock() + timedelta(seconds=5))
        mark = len(watcher.lines)
        peer.say(CHANNEL, text)
        watcher.wait_for(lambda line, text=text: line.endswith(" :" + text), start=mark)
        if answers:
            watcher.wait_for_messages(BOT, answers, start=mark)
    assert watcher.messages(BOT)[-1] == "2 action items recorded; 1 carried, 1 closed; next meeting 2017-04-20"
    log = (settings.logs / "arch_wg.2017-03-23-20.00.log.txt").read_text().splitlines()
    assert log[0] == "20:00:09 <SpamapS> #startmeeting arch_wg"
    assert f"<{BOT}> {PING}" in log[1]
    assert log[-1].endswith("<SpamapS> #endmeeting")
    # archwg carry-actions, run right after, sees the new meeting.
    result = run_cli("--repo", str(settings.root), "carry-actions", "--meeting", "arch_wg", "--format", "json")
    carried = json.loads(result.stdout)
    assert carried["meeting"]["date"] == "2017-03-23"
    assert "nikhil to draft the messaging patterns proposal" in [item["text"] for item in carried["open"]]
    assert any(item["text"].startswith("rocky_g Resurrect Error Codes") for item in carried["closed"])


def restart_and_rejoin(server, chair: Peer) -> Peer:
    """The server goes down and comes back; the chair joins again and sees the bot join again."""
    chair.sock.close()
    server.stop()
    server.start()
    chair = Peer(server.port, "SpamapS")
    chair.join(CHANNEL)
    chair.wait_for(lambda line: is_join(line, BOT, CHANNEL), timeout=20)
    return chair


def test_reconnects_after_the_server_comes_back_and_still_pings(server_kind, peers, launch, clock, settings):
    server = IrcServer(kind=server_kind).start()
    try:
        chair = Peer(server.port, "SpamapS")
        chair.join(CHANNEL)
        bot = launch(server, chair)
        clock.set(datetime(2017, 3, 23, 19, 0))
        chair = restart_and_rejoin(server, chair)
        # Connected again for as long as the longest wait (2 s here): the next drop waits the shortest
        # time again, as the library's count of attempts starts over.
        deadline = time.monotonic() + 10
        while repr(bot.recon.attempt_count) != "count(1)" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert repr(bot.recon.attempt_count) == "count(1)"
        clock.set(datetime(2017, 3, 23, 20, 0, 4))
        mark = len(chair.lines)
        chair.say(CHANNEL, "#startmeeting arch_wg")
        assert chair.wait_for_messages(BOT, 1, start=mark) == [PING]
        chair.close()
    finally:
        server.close()


def test_a_taken_nick_gets_a_suffix(server, peers, launch, clock):
    alice = peers("cdent")
    peers(BOT)  # holds the nick the bot asks for
    launch(server, alice, joined_as=BOT + "_")
    mark = len(alice.lines)
    alice.say(CHANNEL, "!next")
    line = alice.wait_for(lambda line: line.startswith(f":{BOT}_!") and "PRIVMSG" in line, start=mark)
    assert "next arch_wg meeting" in line


def test_the_password_is_never_logged(server, peers, launch, clock, settings, caplog):
    caplog.set_level(logging.DEBUG)
    alice = peers("cdent")
    launch(server, alice, settings=replace(settings, password="s3cret-Pa55"))
    mark = len(alice.lines)
    alice.say(CHANNEL, "!next")
    alice.wait_for_messages(BOT, 1, start=mark)
    assert "connected as archbot" in caplog.text
    assert "s3cret-Pa55" not in caplog.text


def test_sasl_the_server_lacks_is_a_logged_line_and_the_bot_goes_on(server, peers, launch, clock, settings,
                                                                   caplog):
    caplog.set_level(logging.INFO)
    alice = peers("cdent")
    launch(server, alice, settings=replace(settings, password="s3cret-Pa55"), sasl=True)
    mark = len(alice.lines)
    alice.say(CHANNEL, "!next")
    assert alice.wait_for_messages(BOT, 1, start=mark)[0].startswith("next arch_wg meeting:")
    assert "SASL login failed: server does not support sasl; going on without it" in caplog.text
    assert "s3cret-Pa55" not in caplog.text


def test_a_meeting_recorded_across_a_reconnect_goes_on_in_the_same_file(server_kind, peers, launch, clock, settings):
    server = IrcServer(kind=server_kind).start()
    try:
        chair = Peer(server.port, "SpamapS")
        chair.join(CHANNEL)
        launch(server, chair)
        clock.set(datetime(2017, 3, 23, 20, 0, 4))
        chair.say(CHANNEL, "#startmeeting arch_wg")
        chair.wait_for_messages(BOT, 1)
        clock.set(datetime(2017, 3, 23, 20, 1, 0))
        chair.say(CHANNEL, "#action nikhil to draft the messaging patterns proposal")
        chair.say(CHANNEL, "!next")  # answered: the #action before it has been recorded
        chair.wait_for_messages(BOT, 2)
        chair = restart_and_rejoin(server, chair)
        clock.set(datetime(2017, 3, 23, 20, 30, 0))
        mark = len(chair.lines)
        chair.say(CHANNEL, "#endmeeting")
        assert chair.wait_for_messages(BOT, 1, start=mark) == [
            "1 action item recorded; 0 carried, 0 closed; next meeting 2017-04-20"]
        chair.close()
    finally:
        server.close()
    logs = sorted(path.name for path in settings.logs.glob("arch_wg.2017-03-23*"))
    assert logs == ["arch_wg.2017-03-23-20.00.log.txt"]
    lines = (settings.logs / logs[0]).read_text().splitlines()
    assert lines[0] == "20:00:04 <SpamapS> #startmeeting arch_wg"
    assert "20:01:00 <SpamapS> #action nikhil to draft the messaging patterns proposal" in lines
    assert lines[-1] == "20:30:00 <SpamapS> #endmeeting"


def test_an_exception_in_a_handler_is_logged_and_the_bot_goes_on(server, peers, launch, clock, settings, caplog):
    alice = peers("cdent")
    launch(server, alice)
    # The state file's place taken by a folder: saving !pingme fails inside the handler.
    settings.state_path.parent.mkdir(parents=True, exist_ok=True)
    settings.state_path.mkdir()
    mark = len(alice.lines)
    alice.say(CHANNEL, "!pingme")
    alice.say(CHANNEL, "!next")
    said = alice.wait_for_messages(BOT, 1, start=mark)
    assert said[0].startswith("next arch_wg meeting:")
    assert "handling pubmsg failed; going on" in caplog.text


def test_archwg_bot_runs_from_the_command_line(server, peers, bot_repo):
    import os
    import re
    import subprocess
    import sys

    alice = peers("cdent")
    environment = dict(os.environ, ARCHWG_BOT_PASSWORD="s3cret-Pa55")
    command = [sys.executable, "-m", "archwg.cli", "--repo", str(bot_repo), "bot", "--server",
               f"127.0.0.1:{server.port}", "--no-tls", "--nick", "clibot", "--remind-before", "0"]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        alice.wait_for(lambda line: is_join(line, "clibot", CHANNEL), timeout=20)
        mark = len(alice.lines)
        alice.say(CHANNEL, "!next")
        assert alice.wait_for_messages("clibot", 1, start=mark)[0].startswith("next arch_wg meeting: ")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    lines = stderr.splitlines()
    assert any(line.endswith(f"joined {CHANNEL}") for line in lines)
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", line) for line in lines if line)
    assert "s3cret-Pa55" not in stderr
