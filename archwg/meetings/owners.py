"""Who owns an action item: the nicks its text names, as MeetBot attributes them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from archwg.irc import is_nick
from archwg.meetings.description import canonical_nick
from archwg.meetings.model import ActionItem

UNASSIGNED = "UNASSIGNED"

Aliases = tuple[tuple[str, str], ...]

# Words that open an action item without naming anybody ("Everyone to review...",
# "Follow up with...", "Send email..."): never taken as an absent person's nick.
COMMON_FIRST_WORDS = frozenset(
    """
    a an the this that these those it its all any each every everyone everybody someone somebody anyone
    anybody nobody no none one we us our you your they them their he she his her i me my who whoever
    team teams group wg chair chairs core cores ptl ptls tc board foundation community people folks
    and or but if then also maybe please to for from with about on in at by of as re fyi todo tbd
    add ask ping email mail send write draft create make file open close merge review check look read
    follow figure find fix get go investigate discuss talk reach contact update upload post push submit
    propose prepare plan schedule set setup start continue finish complete clean document test try
    research report summarize share move keep track remind confirm collect gather organize organise
    invite book reply respond resurrect revive work next new more other some
    """.split()
)

# Words that, right after the first word, say the first word is somebody
# ("nikhil to draft", "nikhil will ask", "nikhil review ...").
_OWNER_FOLLOWERS = frozenset(
    "to will should shall must can may could would needs need and & is are has have takes take".split()
)
_ACTION_VERBS = frozenset(
    """
    add ask ping email mail send write draft create make file open close merge review check look read
    follow figure find fix get investigate discuss talk reach contact update upload post push submit
    propose prepare plan schedule set setup start continue finish complete clean document test try
    research report summarize share move keep track remind confirm collect gather organize organise
    invite book reply respond resurrect revive work bring drive lead own coordinate sync circle
    """.split()
)
_NICK_MARKS = re.compile(r"[\d_\[\]\\`^{|}-]")


def owners_of(
    text: str,
    people: Iterable[str],
    bot: str | None = None,
    aliases: Aliases = (),
    known_nicks: Iterable[str] = (),
) -> tuple[str, ...]:
    """The nicks an action item belongs to, in the order the text names them.

    As MeetBot attributes them: every person of the meeting whose nick occurs
    in the text as a whole word, case-insensitively. Also the first word of
    the text when it names somebody who was not there (``#action nikhil to
    ...``; see ``_first_word_owner``). Aliases fold a person's nick variants
    into one; the meeting bot never owns anything. Empty: UNASSIGNED.
    """
    bot_lower = bot.lower() if bot else None
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    # In ASCII, re.IGNORECASE matches what lower() makes equal, so a nick
    # that is not in the lowered text cannot match: skip its regex search.
    # (Beyond ASCII it also folds e.g. "ſ" to "s": always search there.)
    text_lower = text.lower() if text.isascii() else None
    for nick in people:
        lowered = nick.lower()
        if lowered == bot_lower or lowered in seen or not nick:
            continue
        if text_lower is not None and nick.isascii() and lowered not in text_lower:
            continue
        position = _find_nick(text, nick)
        if position >= 0:
            found.append((position, nick))
            seen.add(lowered)
    first = _first_word_owner(text, seen, bot_lower, known_nicks)
    if first is not None:
        found.append((0, first))
    found.sort(key=lambda pair: pair[0])
    owners: list[str] = []
    for _, nick in found:
        canonical = canonical_nick(nick, aliases)
        if canonical.lower() not in {owner.lower() for owner in owners}:
            owners.append(canonical)
    return tuple(owners)


def _find_nick(text: str, nick: str) -> int:
    found = _nick_pattern(nick).search(text)
    return found.start() if found else -1


@lru_cache(maxsize=4096)
def _nick_pattern(nick: str) -> re.Pattern:
    # MeetBot's rule is \bnick\b; lookarounds behave the same for ordinary
    # nicks and still work for nicks that end in a non-word character (joe|away).
    return re.compile(r"(?<!\w)" + re.escape(nick) + r"(?!\w)", re.IGNORECASE)


def _first_word_owner(text: str, present: set[str], bot_lower: str | None, known_nicks: Iterable[str]) -> str | None:
    """The first word, when it names a person who did not speak.

    It counts when it is a nick the series or its description knows (courtesy
    ping, aliases, people of earlier meetings), or when it is not a common
    English word and either looks like a nick (digits, ``_``, ``|``, an inner
    capital as in ``SpamapS``), ends in ``:`` or ``,``, or is followed by
    ``to``/``will``/... or an action verb (``nikhil review ...``).
    """
    words = text.split(None, 2)
    if not words:
        return None
    raw = words[0]
    candidate = raw.rstrip(":,")
    lowered = candidate.lower()
    if not candidate or lowered in present or lowered == bot_lower or not is_nick(candidate):
        return None
    if isinstance(known_nicks, dict):  # lower-cased nick -> spelling, as carry() keeps them
        known = known_nicks.get(lowered)
    else:
        known = next((nick for nick in known_nicks if nick.lower() == lowered), None)
    if known is not None:
        return known
    if lowered in COMMON_FIRST_WORDS or len(candidate) < 2:
        return None
    if _NICK_MARKS.search(candidate) or any(letter.isupper() for letter in candidate[1:]):
        return candidate
    if raw != candidate:  # "nikhil: draft the ..."
        return candidate
    following = words[1].lower().strip(",.:;") if len(words) > 1 else ""
    if following in _OWNER_FOLLOWERS or following in _ACTION_VERBS or following.rstrip("s") in _ACTION_VERBS:
        return candidate
    return None



def by_person(items: Iterable[ActionItem]) -> list[tuple[str, list[ActionItem]]]:
    """Items per owner (an item with two owners is under both), owners in order, UNASSIGNED last."""
    groups: dict[str, tuple[str, list[ActionItem]]] = {}
    unassigned: list[ActionItem] = []
    for item in items:
        if not item.owners:
            unassigned.append(item)
        for owner in item.owners:
            groups.setdefault(owner.lower(), (owner, []))[1].append(item)
    return [*groups.values(), (UNASSIGNED, unassigned)]
