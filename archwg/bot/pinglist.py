"""Who the courtesy ping names: the meeting file's list, changed by the people themselves.

The description's ``courtesy_ping`` is the base. ``!pingme`` and ``!unpingme``
add or remove the speaker, ``!absent`` skips one meeting. A person is one
entry however many nicks they use (the description's ``aliases``, a Matrix
bridge's ``nick[m]``), named by the nick they last used in the channel.

The values are pure and frozen; ``load_state``/``save_state`` keep them in
``.archwg/bot-state.json`` (atomic writes: a crash never leaves half a file).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from archwg.errors import BadInput
from archwg.fileutil import atomic_write
from archwg.meetings.description import canonical_nick

STATE_VERSION = 1
STATE_FILE = Path(".archwg") / "bot-state.json"

Aliases = tuple[tuple[str, str], ...]

# A Matrix bridge shows a Matrix user on IRC as "nick[m]".
_BRIDGED = re.compile(r"\[m\]$", re.IGNORECASE)


def person(nick: str, aliases: Aliases = ()) -> str:
    """The key of the person behind *nick*: bridge suffix dropped, aliases folded, lower case."""
    bare = _BRIDGED.sub("", nick) or nick
    return canonical_nick(bare, aliases).lower()


@dataclass(frozen=True)
class PingState:
    """One meeting's changes to its ping list."""

    added: tuple[str, ...] = ()  # nicks, in the order they asked
    removed: tuple[str, ...] = ()  # person keys
    absent: tuple[tuple[str, date], ...] = ()  # (person key, meeting day)
    last_nick: tuple[tuple[str, str], ...] = field(default=())  # person key -> nick last used

    def nick_of(self, key: str, default: str) -> str:
        return dict(self.last_nick).get(key, default)


def ping_list(base: tuple[str, ...], state: PingState, aliases: Aliases, day: date | None) -> list[str]:
    """The nicks to ping at the meeting on *day*, in the list's order, each person once."""
    removed = set(state.removed)
    absent = {key for key, when in state.absent if when == day}
    seen: set[str] = set()
    nicks: list[str] = []
    for nick in (*base, *state.added):
        key = person(nick, aliases)
        if key in seen:
            continue
        seen.add(key)
        if key in removed or key in absent:
            continue
        nicks.append(state.nick_of(key, nick))
    return nicks


def listed(base: tuple[str, ...], state: PingState, aliases: Aliases, nick: str) -> bool:
    key = person(nick, aliases)
    if key in state.removed:
        return False
    return any(person(other, aliases) == key for other in (*base, *state.added))


def ping_me(base: tuple[str, ...], state: PingState, aliases: Aliases, nick: str) -> tuple[PingState, str]:
    key = person(nick, aliases)
    if listed(base, state, aliases, nick):
        return state, f"{nick}: you are already on the courtesy ping list"
    in_base = any(person(other, aliases) == key for other in base)
    added = state.added if in_base else (*state.added, nick)
    removed = tuple(other for other in state.removed if other != key)
    state = replace(state, added=added, removed=removed)
    return saw(base, state, aliases, nick), f"{nick}: added to the courtesy ping list"


def unping_me(base: tuple[str, ...], state: PingState, aliases: Aliases, nick: str) -> tuple[PingState, str]:
    key = person(nick, aliases)
    if not listed(base, state, aliases, nick):
        return state, f"{nick}: you are not on the courtesy ping list"
    added = tuple(other for other in state.added if person(other, aliases) != key)
    in_base = any(person(other, aliases) == key for other in base)
    removed = (*state.removed, key) if in_base else state.removed
    return replace(state, added=added, removed=removed), f"{nick}: removed from the courtesy ping list"


def mark_absent(state: PingState, aliases: Aliases, nick: str, day: date) -> tuple[PingState, str]:
    key = person(nick, aliases)
    if (key, day) not in state.absent:
        state = replace(state, absent=(*state.absent, (key, day)))
    return state, f"{nick}: no courtesy ping for you at the meeting of {day.isoformat()}"


def saw(base: tuple[str, ...], state: PingState, aliases: Aliases, nick: str) -> PingState:
    """*nick* spoke: a listed person is pinged by it from now on. The same state when nothing changes."""
    key = person(nick, aliases)
    if state.nick_of(key, "") == nick or not listed(base, state, aliases, nick):
        return state
    others = tuple(pair for pair in state.last_nick if pair[0] != key)
    return replace(state, last_nick=(*others, (key, nick)))


def forget_past(state: PingState, today: date) -> PingState:
    kept = tuple(pair for pair in state.absent if pair[1] >= today)
    return state if kept == state.absent else replace(state, absent=kept)


# --- The state file ---------------------------------------------------------------


def load_state(path: Path, meeting_id: str) -> PingState:
    """The meeting's saved state; an empty one when the file does not exist.

    A damaged file is an error, not a fresh start: people's own choices must not be lost.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return PingState()
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BadInput(f"{path}: not a bot state file ({error}); fix or remove it") from None
    try:
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {STATE_VERSION}")
        entry = data.get("meetings", {}).get(meeting_id, {})
        return PingState(
            added=tuple(str(nick) for nick in entry.get("added", [])),
            removed=tuple(str(key) for key in entry.get("removed", [])),
            absent=tuple((str(key), date.fromisoformat(day)) for key, day in entry.get("absent", [])),
            last_nick=tuple((str(key), str(nick)) for key, nick in entry.get("last_nick", {}).items()),
        )
    except (AttributeError, TypeError, ValueError) as error:
        raise BadInput(f"{path}: not a bot state file ({error}); fix or remove it") from None


def save_state(path: Path, meeting_id: str, state: PingState) -> None:
    """Write *state* for *meeting_id*, keeping the other meetings' entries."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            data = {}
    except (OSError, ValueError):
        data = {}
    meetings = data.get("meetings") if isinstance(data.get("meetings"), dict) else {}
    meetings[meeting_id] = {
        "added": list(state.added),
        "removed": list(state.removed),
        "absent": [[key, day.isoformat()] for key, day in state.absent],
        "last_nick": dict(state.last_nick),
    }
    text = json.dumps({"version": STATE_VERSION, "meetings": meetings}, indent=2, sort_keys=True) + "\n"
    atomic_write(path, text, parents=True)
