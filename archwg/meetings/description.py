"""Meeting description files: ``meetings/<id>.yaml`` in the irc-meetings format plus archwg's keys.

The dataclasses are the contract the other meeting modules use; loading and
validation (``load_description``) turn YAML into them with field-named errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Schedule:
    time: str  # "2000": HHMM, UTC
    day: str  # "Thursday"
    irc: str  # channel without '#', as irc-meetings writes it ("openstack-meeting-alt")
    frequency: str  # weekly, biweekly-even, biweekly-odd, quadweekly*, first-<weekday>, adhoc
    start_date: date | None = None
    skip_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class MeetingDescription:
    meeting_id: str
    project: str = ""
    chair: str = ""
    description: str = ""
    agenda_url: str = ""
    schedules: tuple[Schedule, ...] = ()
    courtesy_ping: tuple[str, ...] = ()
    # variant -> canonical nick, lower-cased keys: "rocky_g" -> "rockyg"
    aliases: tuple[tuple[str, str], ...] = field(default=())
    path: str = ""

    def canonical(self, nick: str) -> str:
        """The nick a person is known by, folding the variants the description lists."""
        return canonical_nick(nick, self.aliases)


def canonical_nick(nick: str, aliases: tuple[tuple[str, str], ...]) -> str:
    lowered = nick.lower()
    for variant, canonical in aliases:
        if variant == lowered:
            return canonical
    return nick
