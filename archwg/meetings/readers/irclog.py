"""Line-oriented IRC logs: MeetBot ``.log.txt``, irssi and weechat.

MeetBot writes ``HH:MM:SS <nick> text`` and ``HH:MM:SS  * nick text`` for
/me; irssi writes the same with ``HH:MM`` and ``--- Day changed`` headers;
weechat writes ``YYYY-MM-DD HH:MM:SS<TAB>nick<TAB>text``. Lines that are not
messages (joins, blank lines, comments) are skipped.
"""

from __future__ import annotations

import re
from sys import intern
from datetime import date
from typing import Iterable, Iterator

from archwg.dates import MONTH_NUMBERS
from archwg.meetings.model import Line

# A message: optional [brackets] around the time, an optional mode prefix on the nick.
# Times are ASCII digits, as MeetBot and irssi write them (the fast reader's bytes patterns agree).
MESSAGE = re.compile(r"\[?([0-9]{1,2}:[0-9][0-9](?::[0-9][0-9])?)\]? +<[@+%&~ ]?([^>]+)> ?(.*)")
# A /me line has no angle brackets: "20:33:34  * cdent 's got nothin'".
EMOTE = re.compile(r"\[?([0-9]{1,2}:[0-9][0-9](?::[0-9][0-9])?)\]? *\* +(\S+) ?(.*)")
# irssi's date headers: "--- Log opened Thu Mar 09 20:00:23 2017", "--- Day changed Fri Mar 10 2017".
IRSSI_DAY = re.compile(r"--- (?:Log opened|Day changed) \w{3} (\w{3}) (\d{1,2})(?: [\d:]+)? (\d{4})")
WEECHAT = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\t([^\t]*)\t(.*)")
# Where irssi and weechat name the channel they log: a join, the topic, the nick count on joining.
# irssi: "20:00 -!- SpamapS [~u@h] has joined #openstack-meeting-alt", "-!- Topic for #chan: ...";
# weechat: "2017-03-09 20:00:00<TAB>-->\tSpamapS (~u@h) has joined #chan", "--\tTopic for #chan is ...".
CHANNEL_HEADER = re.compile(
    r"^(?:\[?\d{1,2}:\d\d(?::\d\d)?\]? +-!- |\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t--?>?\t)"
    r"(?:.*? has joined |Topic for |Channel )(?P<channel>[#&][^\s:,]+)",
    re.MULTILINE,
)
# weechat's prefixes for joins, parts, network notices: not messages.
WEECHAT_NOT_SAID = frozenset({"-->", "<--", "--", "=!=", "", "-"})


def parse_irc_line(text: str, number: int, day: date | None) -> Line | None:
    """One MeetBot or irssi line as a Line; None for what is not a message.

    Times and nicks are interned: the items of years of meetings, kept for
    carrying, then share one copy of each instead of one per line.
    """
    found = MESSAGE.match(text)
    if found is not None:
        time, nick, said = found.groups()
        return Line(number, intern(time), intern(nick.strip()), said.strip(), False, day)
    found = EMOTE.match(text)
    if found is not None:
        time, nick, said = found.groups()
        return Line(number, intern(time), intern(nick), said.strip(), True, day)
    return None


def irc_log_channel(head: str) -> str | None:
    """The channel an irssi or weechat log names near its start (a join, the topic), if it does."""
    found = CHANNEL_HEADER.search(head)
    return found["channel"] if found else None


def irssi_day(text: str) -> date | None:
    """The date an irssi header line ("--- Day changed ...") sets, if it is one."""
    found = IRSSI_DAY.match(text)
    return _irssi_date(*found.groups()) if found is not None else None


def read_irc_lines(texts: Iterable[str]) -> Iterator[Line]:
    """MeetBot .log.txt and irssi logs: both put the nick in angle brackets."""
    message = MESSAGE.match
    emote = EMOTE.match
    current_day: date | None = None
    number = 0
    for text in texts:
        number += 1
        found = message(text)
        if found is not None:
            time, nick, said = found.groups()
            yield Line(number, time, nick.strip(), said.strip(), False, current_day)
            continue
        found = emote(text)
        if found is not None:
            time, nick, said = found.groups()
            yield Line(number, time, nick, said.strip(), True, current_day)
            continue
        if text.startswith("---"):
            current_day = irssi_day(text) or current_day


def _irssi_date(month: str, day: str, year: str) -> date | None:
    number = MONTH_NUMBERS.get(month.lower())
    try:
        return date(int(year), number, int(day)) if number is not None else None
    except ValueError:
        return None


def read_weechat_lines(texts: Iterable[str]) -> Iterator[Line]:
    weechat = WEECHAT.match
    number = 0
    for text in texts:
        number += 1
        found = weechat(text)
        if found is None:
            continue
        day, time, nick, said = found.groups()
        nick = nick.strip()
        try:
            when = date.fromisoformat(day)
        except ValueError:
            continue
        if nick == "*" or nick == " *":
            # weechat puts /me lines under a "*" prefix: "* nick text" follows.
            acting, _, rest = said.partition(" ")
            if acting:
                yield Line(number, time, acting, rest.strip(), True, when)
            continue
        if nick in WEECHAT_NOT_SAID:
            continue
        yield Line(number, time, nick.lstrip("@+%&~"), said.strip(), False, when)
