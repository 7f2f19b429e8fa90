"""The lines the bot says, as pure functions: cleaning, splitting by bytes, formatting.

IRC relays a line of at most 512 bytes with its CRLF, and the server adds
``:nick!user@host PRIVMSG #channel :`` in front before relaying it; 400 bytes
of text leave room for any real prefix.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Iterable

from archwg.dates import WEEKDAY_NAMES

# Text is kept under this many bytes of UTF-8 (so at most 399).
TEXT_BUDGET = 400

# A relayed text must never end a line or carry a raw command ("\r\nQUIT :bye"):
# line and word breaks become a space, every other C0 or C1 control (NUL,
# IRC's bold and colour codes) and DEL is dropped.
_BREAKS = re.compile("[\r\n\t\v\f\x85\u2028\u2029]+")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """*text* on one line with no control character, ends stripped."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", text)).strip()


def byte_length(text: str) -> int:
    return len(text.encode("utf-8"))


def fits(text: str, budget: int = TEXT_BUDGET) -> bool:
    return byte_length(text) < budget


def cut(text: str, budget: int = TEXT_BUDGET) -> tuple[str, str]:
    """(head, rest): the longest head under *budget* bytes, never cutting a UTF-8 character."""
    encoded = text.encode("utf-8")
    if len(encoded) < budget:
        return text, ""
    head = encoded[: budget - 1].decode("utf-8", "ignore")  # drops a character cut in two
    return head, text[len(head):]


def split_text(text: str, budget: int = TEXT_BUDGET) -> list[str]:
    """A long text as lines under *budget* bytes, split between words where it can."""
    text = clean(text)
    lines: list[str] = []
    while not fits(text, budget):
        head, rest = cut(text, budget)
        space = head.rfind(" ")
        if space > 0:
            head, rest = head[:space], head[space + 1:] + rest
        lines.append(head.rstrip())
        text = rest.lstrip()
    if text or not lines:
        lines.append(text)
    return lines


def ping_lines(prefix: str, nicks: Iterable[str], budget: int = TEXT_BUDGET) -> list[str]:
    """``<prefix> a, b, c`` in as many lines as needed, each under *budget* bytes.

    Lines are split between nicks; a nick too long for a line of its own is
    split at a character boundary (no server has such nicks, but a line
    must never be too long).
    """
    prefix = clean(prefix)
    nicks = [clean(nick) for nick in nicks if clean(nick)]
    if not nicks:
        return []
    lines: list[str] = []
    current: list[str] = []

    def line_of(names: list[str]) -> str:
        return f"{prefix} {', '.join(names)}"

    for nick in nicks:
        if fits(line_of([*current, nick]), budget):
            current.append(nick)
            continue
        if current:
            lines.append(line_of(current))
            current = []
        while not fits(line_of([nick]), budget):
            room = budget - byte_length(prefix) - 1
            head, nick = cut(nick, room)
            lines.append(line_of([head]))
        if nick:
            current.append(nick)
    if current:
        lines.append(line_of(current))
    return lines


def reminder_line(meeting_id: str, minutes: int, channel: str, agenda_url: str) -> str:
    """``arch_wg meeting in 10 minutes in #openstack-meeting-alt: <agenda_url>``."""
    unit = "minute" if minutes == 1 else "minutes"
    line = f"{meeting_id} meeting in {minutes} {unit} in #{channel.lstrip('#')}"
    return f"{line}: {agenda_url}" if agenda_url else line


def summary_line(recorded: int, carried: int, closed: int, next_day: date | None) -> str:
    """``N action items recorded; M carried, K closed; next meeting <date>``."""
    items = "action item" if recorded == 1 else "action items"
    following = next_day.isoformat() if next_day is not None else "not scheduled"
    return f"{recorded} {items} recorded; {carried} carried, {closed} closed; next meeting {following}"


def how_long(delta: timedelta) -> str:
    """'in 3 days', 'in 2 hours', 'in 5 minutes', 'now' (rounded down)."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "now"
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"in {count} {name}{'' if count == 1 else 's'}"
    return "in less than a minute"


def next_line(meeting_id: str, start: datetime, channel: str, now: datetime) -> str:
    """The answer to !next: date, time and channel in UTC, and how far off."""
    when = f"{WEEKDAY_NAMES[start.weekday()]} {start:%Y-%m-%d %H:%M} UTC"
    return f"next {meeting_id} meeting: {when} in #{channel.lstrip('#')} ({how_long(start - now)})"
