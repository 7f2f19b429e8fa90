"""The bot's ``!`` commands, parsed from one message. Pure.

``!`` rather than ``#``: MeetBot records ``#`` commands as minutes items,
and must never record a question to the bot as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

HELP = {
    "help": "!help: this list",
    "next": "!next: when and where the next meeting is",
    "actions": "!actions [nick]: the open action items, all or one person's",
    "spec": "!spec SLUG: a spec's status, champion and reviews",
    "ping": "!ping: the courtesy ping now (chairs only)",
    "pingme": "!pingme: add yourself to the courtesy ping",
    "unpingme": "!unpingme: take yourself off the courtesy ping",
    "absent": "!absent [YYYY-MM-DD]: skip your ping at the next meeting (or on that day)",
}

_COMMAND = re.compile(r"!([A-Za-z][\w-]*)(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Command:
    """A parsed command. ``name`` is "unknown" (and ``argument`` the word typed) for one the bot lacks;
    "invalid" (``argument`` says why) for a known one used wrongly."""

    name: str
    argument: str = ""
    day: date | None = None  # !absent DATE


def parse_command(text: str) -> Command | None:
    """The command *text* gives, or None when it is no command (talk, ``!!``, a bare ``!``)."""
    found = _COMMAND.match(text.strip())
    if found is None:
        return None
    name = found.group(1).lower()
    argument = " ".join((found.group(2) or "").split())
    if name not in HELP:
        return Command("unknown", found.group(1))
    if name in ("help", "next", "ping", "pingme", "unpingme"):
        return Command(name)
    if name == "actions":
        words = argument.split()
        if len(words) > 1:
            return Command("invalid", "usage: !actions [nick]")
        return Command(name, words[0] if words else "")
    if name == "spec":
        words = argument.split()
        if len(words) != 1:
            return Command("invalid", "usage: !spec SLUG")
        return Command(name, words[0].lower())
    # absent
    if not argument:
        return Command(name)
    try:
        day = date.fromisoformat(argument)
    except ValueError:
        return Command("invalid", f"!absent: {argument!r} is not a date YYYY-MM-DD")
    return Command(name, argument, day)


def unknown_reply(word: str) -> str:
    return f"unknown command !{word}: see !help"


def help_lines() -> list[str]:
    return ["commands: " + ", ".join(f"!{name}" for name in HELP), *HELP.values()]
