"""The meeting bot against a local IRC server: memory over a long meeting and the delay of the ping.

    python benchmarks/bench_bot.py [LINES]

Starts miniircd on 127.0.0.1, the bot in this process (its own thread) and
two plain clients. It prints, each as a ratio to a floor measured in the
same run:

- the bot's traced Python memory after LINES (default 10,000) channel lines
  of a recorded meeting, against its memory once it has joined;
- the delay between ``#startmeeting`` and the courtesy ping reaching another
  client, against the delay of a plain message between the two clients.

It asserts nothing: machines differ.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "bot"))
from ircserver import IrcServer, Peer  # noqa: E402

CHANNEL = "#openstack-meeting-alt"
ROUNDS = 15


class Clock:
    def __init__(self, start: datetime):
        self.value = start

    def __call__(self) -> datetime:
        return self.value


def make_repo(folder: Path) -> Path:
    (folder / "specs").mkdir()
    (folder / "workstreams").mkdir()
    (folder / "meetings" / "logs" / "arch_wg").mkdir(parents=True)
    shutil.copy(HERE.parent / "tests" / "data" / "bot" / "arch_wg.yaml", folder / "meetings" / "arch_wg.yaml")
    return folder


def bot_memory() -> int:
    """Bytes traced now, leaving out the test clients' (they keep every line they read)."""
    snapshot = tracemalloc.take_snapshot().filter_traces([
        tracemalloc.Filter(False, "*ircserver.py"),
        tracemalloc.Filter(False, __file__),
        tracemalloc.Filter(False, tracemalloc.__file__),
    ])
    return sum(stat.size for stat in snapshot.statistics("filename"))


def wait_line(peer: Peer, needle: str, start: int) -> float:
    peer.wait_for(lambda line: needle in line, start=start, timeout=30)
    return time.perf_counter()


def start_bot(settings, clock, watcher: Peer):
    from archwg.bot.ircbot import MeetingBot

    bot = MeetingBot(settings, now=clock)
    thread = threading.Thread(target=bot.run, daemon=True)
    mark = len(watcher.lines)
    thread.start()
    watcher.wait_for(lambda line: line.startswith(":archbot!") and "JOIN" in line, start=mark, timeout=30)
    return bot, thread


def ping_delays(settings, port: int) -> tuple[list[float], list[float]]:
    """(a plain message between two clients, #startmeeting to the ping) in seconds, ROUNDS times."""
    clock = Clock(datetime(2017, 3, 23, 20, 0))
    chair, other = Peer(port, "SpamapS"), Peer(port, "cdent")
    for peer in (chair, other):
        peer.join(CHANNEL)
    bot, thread = start_bot(settings, clock, other)
    plain, ping = [], []
    for round_ in range(ROUNDS):
        time.sleep(0.1)
        mark = len(other.lines)
        sent = time.perf_counter()
        chair.say(CHANNEL, f"hello {round_}")
        plain.append(wait_line(other, f":hello {round_}", mark) - sent)
        clock.value += timedelta(days=1)  # one ping a day: each round is another meeting
        # Let every acknowledgement go out: miniircd writes without TCP_NODELAY, so a relay
        # right after another waits for the client's delayed ACK (some 40 ms) and would be timed too.
        time.sleep(0.1)
        mark = len(other.lines)
        sent = time.perf_counter()
        chair.say(CHANNEL, "#startmeeting arch_wg")
        ping.append(wait_line(other, "courtesy ping for", mark) - sent)
        mark = len(other.lines)
        chair.say(CHANNEL, "#endmeeting")
        wait_line(other, "action items recorded", mark)
    bot.stop()
    thread.join(10)
    chair.close()
    other.close()
    return plain, ping


def memory(settings, port: int, lines: int) -> tuple[int, int, int]:
    """The bot's traced bytes once joined, at #startmeeting, and after *lines* lines of the meeting."""
    clock = Clock(datetime(2017, 4, 20, 20, 0))
    chair, other = Peer(port, "SpamapS"), Peer(port, "kgiusti")
    for peer in (chair, other):
        peer.join(CHANNEL)
    tracemalloc.start()
    bot, thread = start_bot(settings, clock, other)
    joined = bot_memory()
    mark = len(other.lines)
    chair.say(CHANNEL, "#startmeeting arch_wg")
    wait_line(other, "courtesy ping for", mark)
    before = bot_memory()
    text = "of a long meeting, with some words to make it a real line"
    for number in range(lines):
        chair.say(CHANNEL, f"line {number} {text}")
        if number % 500 == 499:
            wait_line(other, f":line {number} {text}", 0)
            other.lines.clear()
    mark = len(other.lines)
    chair.say(CHANNEL, "!next")
    wait_line(other, "next arch_wg meeting", mark)
    after = bot_memory()
    bot.stop()
    thread.join(10)
    tracemalloc.stop()
    chair.close()
    other.close()
    return joined, before, after


def main(argv: list[str]) -> None:
    from archwg.bot.app import resolve_settings
    from archwg.bot.config import BotConfig
    from archwg.config import load_config

    lines = int(argv[1]) if len(argv) > 1 else 10_000
    logging.getLogger("archwg.bot").setLevel(logging.ERROR)
    server = IrcServer().start()
    try:
        with tempfile.TemporaryDirectory() as temporary:
            root = make_repo(Path(temporary))
            config = BotConfig(server="127.0.0.1", port=server.port, tls=False, nick="archbot", per_second=1000.0,
                               burst=100, remind_before=0)
            repository = replace(load_config(root), bot=config)
            settings = replace(resolve_settings(repository, environ={}), tick=0.05, drain_every=0.01)
            plain, ping = ping_delays(settings, server.port)
            joined, before, after = memory(settings, server.port, lines)
            logs = sorted(settings.logs.glob("arch_wg.2017-04-20*.log.txt"))
            recorded = sum(1 for _ in logs[-1].open()) if logs else 0
    finally:
        server.stop()

    plain_median, ping_median = statistics.median(plain), statistics.median(ping)
    print(f"ping delay: median {ping_median * 1000:7.2f} ms over {ROUNDS} meetings; "
          f"a plain message between two clients {plain_median * 1000:7.2f} ms; ratio {ping_median / plain_median:5.1f}x")
    print(f"memory: {joined / 1e6:7.2f} MB traced once joined, {before / 1e6:7.2f} MB at #startmeeting, "
          f"{after / 1e6:7.2f} MB after {lines:,} recorded lines ({recorded:,} in the log); "
          f"growth over the meeting {(after - before) / 1e3:8.1f} kB; ratio to #startmeeting {after / before:5.2f}x")


if __name__ == "__main__":
    main(sys.argv)
