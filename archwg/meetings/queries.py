"""The questions every front end asks about meetings, one function each, each answer a frozen value.

``carry_series`` (in ``series.py``) answers "what does the next meeting
review"; here: the open items of a series with the specs they name
(``open_actions``), the minutes of the newest meeting (``meeting_minutes``)
and the next meeting's agenda (``plan_agenda``). They read files; they print
nothing: warnings come back in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from archwg.meetings.model import ActionItem
from archwg.meetings.series import (
    CarryRun,
    Reading,
    carry_described,
    carry_series,
    described_meeting,
    described_series,
)

if TYPE_CHECKING:
    from archwg.config import Config
    from archwg.meetings.agenda import Agenda, AgendaSpec
    from archwg.meetings.minutes import Minutes


@dataclass(frozen=True)
class OpenActions:
    """The open items of a series (only one owner's, when asked), each linked to the specs it names."""

    run: CarryRun
    items: tuple[ActionItem, ...]
    specs: tuple[tuple[str, str], ...]  # slug -> path relative to the repository, for every spec
    owner: str | None  # the owner asked for; None: everybody


def open_actions(
    config: Config, reading: Reading = Reading(), owner: str | None = None, now: datetime | None = None
) -> OpenActions:
    """``carry_series``'s open items with their spec links; *owner* (a nick, its aliases, or UNASSIGNED) filters.

    With *now*, items naming a spec or a change carry its review state (``run.reviews``).
    """
    from archwg.specs.links import linked, spec_index, spec_titles

    run = carry_series(config, reading, now=now)
    aliases = run.description.aliases if run.description is not None else ()
    specs = spec_index(config.root)
    titles = spec_titles(config.root)
    items = [linked(item, specs, titles) for item in run.report.open]
    if owner:
        items = [item for item in items if owned_by(item, owner, aliases)]
    return OpenActions(run, tuple(items), tuple(specs.items()), owner)


def owned_by(item: ActionItem, owner: str, aliases: tuple[tuple[str, str], ...]) -> bool:
    from archwg.meetings.description import canonical_nick
    from archwg.meetings.owners import UNASSIGNED

    if owner.upper() == UNASSIGNED:
        return not item.owners
    wanted = canonical_nick(owner, aliases).lower()
    return any(canonical_nick(nick, aliases).lower() == wanted for nick in item.owners)


@dataclass(frozen=True)
class MinutesRun:
    minutes: Minutes
    warnings: tuple[str, ...]  # what reading said, then the chosen meeting's own


def meeting_minutes(config: Config, reading: Reading = Reading()) -> MinutesRun:
    """MeetBot's minutes of the newest meeting of the series (chosen as carry-actions chooses it)."""
    from archwg.meetings.minutes import build_minutes
    from archwg.meetings.series import newest_meeting

    newest = newest_meeting(config, reading)
    aliases = newest.description.aliases if newest.description is not None else ()
    return MinutesRun(build_minutes(newest.meeting, aliases=aliases), newest.warnings)


@dataclass(frozen=True)
class AgendaRun:
    agenda: Agenda
    warnings: tuple[str, ...]
    notices: tuple[str, ...] = ()  # about the review data: its age, or that there is none


def plan_agenda(
    config: Config, on_or_after: date, reading: Reading = Reading(), now: datetime | None = None
) -> AgendaRun:
    """The agenda of the described meeting's first meeting on or after *on_or_after*.

    With *now*, "Specs check-in" lists the open changes with their review
    states and ages from the Gerrit snapshot (else the specs' :Reviews: numbers).

    On the day of a meeting whose log is in, the next one's. Previous meeting
    action items are the open items carried over the logs before that day;
    proposals and workstreams come from the repository's specs.
    """
    from archwg.meetings.agenda import agenda_day, build_agenda

    description = described_meeting(config, reading.meeting_id)
    series = described_series(config, description, reading)
    meeting_day = agenda_day(description, on_or_after, {meeting.date for meeting in series.meetings})
    # An agenda reviews what was open before its meeting, not what came later.
    held_before = [meeting for meeting in series.meetings if meeting.date < meeting_day]
    warnings = list(series.warnings)
    open_items: tuple[ActionItem, ...] = ()
    if held_before:
        report = carry_described(held_before, description)
        warnings += [message for message in report.warnings if message not in warnings]
        open_items = report.open
    stale = stale_logs_warning(description, meeting_day, series.meetings)
    if stale is not None:
        warnings.append(stale)
    specs = agenda_specs(config) if config.root is not None else ()
    checkin, notices = agenda_checkin(config, now) if now is not None else ((), ())
    return AgendaRun(build_agenda(description, meeting_day, open_items, specs, checkin), tuple(warnings), notices)


def stale_logs_warning(description, meeting_day: date, meetings) -> str | None:
    """A warning when the newest log is older than the meeting before the one the agenda is for:
    the logs of the meetings in between are missing, so the carried items may be long settled."""
    from archwg.meetings.schedule import occurrence_before

    if not meetings:
        return None
    newest = max(meeting.date for meeting in meetings)
    previous = occurrence_before(description, meeting_day)
    if previous is None or newest >= previous.date:
        return None
    return (f"the newest log is from {newest.isoformat()}, older than the meeting of {previous.date.isoformat()}; "
            "the agenda's action items may be stale")


def agenda_checkin(config: Config, now: datetime):
    """The check-in entries of the specs in play, and the notices about the review data."""
    from archwg.gerrit.session import agenda_checkin as checkin_of
    from archwg.meetings.agenda import IN_PLAY
    from archwg.specs.store import load_specs

    if config.root is None:
        return (), ()
    in_play = [spec for spec in load_specs(config.root, warn=lambda message: None) if spec.status in IN_PLAY]
    return checkin_of(config, in_play, now)


def agenda_specs(config: Config) -> tuple[AgendaSpec, ...]:
    from archwg.meetings.agenda import AgendaSpec
    from archwg.specs.store import load_specs

    return tuple(
        AgendaSpec(slug=spec.slug, champions=spec.champions, status=spec.status or "", reviews=spec.reviews)
        for spec in load_specs(config.root)
    )
