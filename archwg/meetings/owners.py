"""Who owns an action item: the nicks its text names, as MeetBot attributes them."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Iterable

from archwg.meetings.description import canonical_nick
from archwg.meetings.model import ActionItem

UNASSIGNED = "UNASSIGNED"

Aliases = tuple[tuple[str, str], ...]

def owners_of(
    text: str,
    people: Iterable[str],
    bot: str | None = None,
    aliases: Aliases = (),
    known_nicks: Iterable[str] = (),
) -> tuple[str, ...]:
    """The nicks an action item belongs to, in the order the text names them: what carrying reads.

    As a person reads MeetBot's rule (``meetbot_owners`` is the rule to the
    letter, for minutes): every person of the meeting (*people*: spoke,
    ``#chair``, ``#nick``) whose nick occurs in the text as a whole word,
    case-insensitively, a nick that ends in a non-word character ("joe|")
    and a non-ASCII one included, the bot left out. With no *known_nicks*, that is all: MeetBot's own
    minutes. Carrying passes the nicks its series knows (courtesy ping,
    aliases, chair, people of any of its meetings): the first word of the
    text is then an owner too when it is one of them, although that person
    was not there (``#action nikhil to ...``). A word that merely looks like
    a nick is nobody. Aliases fold a person's nick variants into one: a
    person present under one of them is present under all; the meeting bot
    never owns anything. Empty: UNASSIGNED.
    """
    return Attendance(people, bot, aliases, known_nicks).owners_of(text)


class Attendance:
    """The people of one meeting, made ready once to find the owners of each of its items (``owners_of``).

    Carrying asks for the owners of every item of thousands of meetings (half
    its time): the nicks are lower-cased and the bot left out once a meeting,
    not once an item.
    """

    __slots__ = ("_nicks", "_ascii", "_bot", "_aliases", "_known", "_patterns")

    def __init__(self, people: Iterable[str], bot: str | None = None, aliases: Aliases = (),
                 known_nicks: Iterable[str] = (), patterns: dict[str, re.Pattern] | None = None):
        """*patterns*: nick -> its compiled pattern, shared by the Attendances of one series (a carrier's):
        the same few people attend every meeting, and building a nick's pattern costs more than searching it."""
        self._patterns = {} if patterns is None else patterns
        self._bot = bot.lower() if bot else None
        self._aliases = aliases
        self._known = known_nicks
        # (nick, lower case), in the order owners_of tries them; and whether all of them are ASCII.
        self._nicks = tuple((nick, nick.lower()) for nick in _with_aliases(people, aliases)
                            if nick and nick.lower() != self._bot)
        self._ascii = all(nick.isascii() for nick, _ in self._nicks)

    def owners_of(self, text: str) -> tuple[str, ...]:
        """``owners_of(text, ...)`` for the people, bot, aliases and known nicks given."""
        nicks = self._nicks
        if self._ascii and text.isascii():
            # In ASCII, re.IGNORECASE matches what lower() makes equal, so a nick
            # that is not in the lowered text cannot match: no regex search for it.
            # (Beyond ASCII it also folds e.g. "ſ" to "s": always search there.)
            text_lower = text.lower()
            nicks = [pair for pair in nicks if pair[1] in text_lower]
        found: list[tuple[int, str]] = []
        seen: set[str] = set()
        for nick, lowered in nicks:
            if lowered in seen:
                continue
            pattern = self._patterns.get(nick)
            if pattern is None:
                pattern = self._patterns[nick] = _nick_pattern(nick)
            position = pattern.search(text)
            if position is not None:
                found.append((position.start(), nick))
                seen.add(lowered)
        first = _first_word_owner(text, seen, self._bot, self._known)
        if first is not None:
            found.append((0, first))
        found.sort(key=_position)
        owners: dict[str, str] = {}  # lower case -> as first found
        for _, nick in found:
            canonical = canonical_nick(nick, self._aliases)
            owners.setdefault(canonical.lower(), canonical)
        return tuple(owners.values())


_position = itemgetter(0)


def meetbot_owners(text: str, attendees: Iterable[str], aliases: Aliases = ()) -> tuple[str, ...]:
    """The nicks MeetBot's minutes file an action item under ("Action items, by person").

    MeetBot's own rule (ircmeeting/writers.py, ``makeNickRE``): every
    attendee, the bot included, whose nick occurs in the text between two
    ``\\b`` word boundaries, ignoring case, with Python 2's ASCII notion of a
    word; attendees in case-insensitive order (nicks that differ only in case
    in the order given). So "jdoe[m]" or "José" owns
    nothing, and "Bob" and "bob" both own "bob to review". Carrying reads
    owners as a person would instead (``owners_of``). *aliases* (a meeting
    description's, archwg's own addition) fold the nicks found into one.
    """
    owners: list[str] = []
    # In the attendees' own order where case alone differs (a stable sort: MeetBot's dict order, when given so).
    for nick in sorted(dict.fromkeys(_with_aliases(attendees, aliases)), key=str.lower):
        if re.search(r"\b" + re.escape(nick) + r"\b", text, re.IGNORECASE | re.ASCII):
            canonical = canonical_nick(nick, aliases)
            if canonical not in owners:
                owners.append(canonical)
    return tuple(owners)


def _with_aliases(people: Iterable[str], aliases: Aliases) -> list[str]:
    """*people*, then every other spelling the aliases give a person present."""
    people = list(people)
    if not aliases:
        return people
    present = {canonical_nick(nick, aliases).lower() for nick in people}
    return people + [nick for pair in aliases if pair[1].lower() in present for nick in pair]


def _nick_pattern(nick: str) -> re.Pattern:
    # MeetBot's rule is \bnick\b; lookarounds behave the same for ordinary
    # nicks and still work for nicks that end in a non-word character (joe|away).
    return re.compile(r"(?<!\w)" + re.escape(nick) + r"(?!\w)", re.IGNORECASE)


def _first_word_owner(text: str, present: set[str], bot_lower: str | None, known_nicks: Iterable[str]) -> str | None:
    """The first word (``nikhil``, ``nikhil:``), when it is a known nick of somebody who was not there."""
    words = text.split(None, 1)
    if not words:
        return None
    lowered = words[0].rstrip(":,").lower()
    if not lowered or lowered in present or lowered == bot_lower:
        return None
    if isinstance(known_nicks, dict):  # lower-cased nick -> spelling, as a Carrier keeps them
        return known_nicks.get(lowered)
    return next((nick for nick in known_nicks if nick.lower() == lowered), None)


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
