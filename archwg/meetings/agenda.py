"""The next meeting's agenda, in the shape the group's meetings follow (seed 000).

The chair opens with the courtesy ping, reads out last meeting's open action
items under ``#topic previous meeting action items``, checks in on specs
under review, goes through proposals for work and the active workstreams
(``* slug (champion)``), opens the floor, and closes with
``#info next meeting will be in 2 weeks on March 23``.

Pure: the description, the open items, the specs and the day are parameters;
rendering returns text. The command gathers them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from archwg.dates import MONTH_NAMES, WEEKDAY_NAMES
from archwg.markup import markdown_escape
from archwg.meetings.description import MeetingDescription
from archwg.meetings.model import ActionItem, Since
from archwg.meetings.schedule import Occurrence, next_occurrence, occurrence_after
from archwg.meetings.suffix import carried_suffix, was_carried

FORMATS = ("text", "wiki", "markdown")

# Where a spec's :Reviews: numbers live: the group reviews in OpenStack's Gerrit.
REVIEW_URL = "https://review.openstack.org/{number}"

TOPICS = (
    "previous meeting action items",
    "Specs check-in",
    "Proposals for work",
    "Active workstreams",
    "Open Discussion",
)


@dataclass(frozen=True)
class AgendaSpec:
    """A spec as the agenda names it."""

    slug: str
    champions: tuple[str, ...]
    status: str
    reviews: tuple[int, ...] = ()

    def named(self) -> str:
        # The group's own line: "* nova-compute-api (SpamapS)".
        return f"{self.slug} ({', '.join(self.champions)})" if self.champions else self.slug


@dataclass(frozen=True)
class AgendaItem:
    """A previous meeting action item, with the carried suffix when it was carried before."""

    text: str
    carried_since: Since | None  # when already carried, else None

    def line(self) -> str:
        return f"{self.text} {carried_suffix(self.carried_since)}" if self.carried_since else self.text


@dataclass(frozen=True)
class Agenda:
    meeting_id: str
    project: str
    day: date  # the meeting's day (the asked day itself when the series is adhoc)
    start: datetime | None  # None: adhoc, no scheduled time
    irc: str | None
    ping: tuple[str, ...]
    items: tuple[AgendaItem, ...]
    reviews: tuple[AgendaSpec, ...]  # specs with Gerrit reviews to check in on
    proposals: tuple[AgendaSpec, ...]  # status proposed
    workstreams: tuple[AgendaSpec, ...]  # status active
    next_start: datetime | None  # the meeting after this one; None when unknown (adhoc)
    # Open changes with their review states (archwg.gerrit.annotate.CheckIn), from the Gerrit snapshot;
    # () without one, and "Specs check-in" lists the specs' :Reviews: numbers instead.
    checkin: tuple = ()

    @property
    def short_name(self) -> str:
        """How the group names itself in its ping line: "Architecture WG"."""
        name = self.project or self.meeting_id
        return name.replace("Working Group", "WG")

    def ping_line(self) -> str | None:
        if not self.ping:
            return None
        return f"{self.short_name} courtesy ping for {', '.join(self.ping)}"

    def next_meeting_info(self) -> str:
        """"next meeting will be in 2 weeks on March 23", as the chair announces it."""
        if self.next_start is None:
            return "next meeting: no fixed date (the schedule is adhoc)"
        following = self.next_start.date()
        days = (following - self.day).days
        if days % 7 == 0:
            weeks = days // 7
            span = "1 week" if weeks == 1 else f"{weeks} weeks"
        else:
            span = "1 day" if days == 1 else f"{days} days"
        when = f"{MONTH_NAMES[following.month - 1]} {following.day}"
        if following.year != self.day.year:
            when += f" {following.year}"
        return f"next meeting will be in {span} on {when}"

    def heading(self) -> str:
        when = f"{WEEKDAY_NAMES[self.day.weekday()]} {MONTH_NAMES[self.day.month - 1]} {self.day.day} {self.day.year}"
        if self.start is not None:
            when += f" {self.start:%H:%M} UTC"
        else:
            when += " (adhoc)"
        place = f" in #{self.irc}" if self.irc else ""
        return f"{self.project or self.meeting_id} meeting ({self.meeting_id}): {when}{place}"


def build_agenda(
    description: MeetingDescription,
    on_or_after: date,
    open_items: tuple[ActionItem, ...] | list[ActionItem],
    specs: tuple[AgendaSpec, ...] | list[AgendaSpec],
    checkin: tuple = (),
) -> Agenda:
    """The agenda of the series' first meeting on or after *on_or_after*.

    *open_items* are the carried report's open items, already in the group's
    order; *specs* every spec of the repository (none outside one).
    """
    meeting: Occurrence | None = next_occurrence(description, on_or_after)
    following = occurrence_after(description, meeting) if meeting is not None else None
    items = tuple(
        AgendaItem(item.text, item.since if was_carried(item) else None)
        for item in open_items
    )
    return Agenda(
        meeting_id=description.meeting_id,
        project=description.project,
        day=meeting.date if meeting else on_or_after,
        start=meeting.start if meeting else None,
        irc=(meeting.schedule.irc if meeting else (description.schedules[0].irc if description.schedules else None)),
        ping=description.courtesy_ping,
        items=items,
        reviews=tuple(spec for spec in specs if spec.reviews and spec.status in IN_PLAY),
        proposals=tuple(spec for spec in specs if spec.status == "proposed"),
        workstreams=tuple(spec for spec in specs if spec.status == "active"),
        next_start=following.start if following else None,
        checkin=tuple(checkin),
    )


def agenda_day(description: MeetingDescription, asked: date, held_days: set[date]) -> date:
    """The day of the meeting the agenda is for: the first on or after *asked*, unless that is
    *asked* itself and its log is already in (run after the meeting, the chair wants the next one's).

    An earlier *asked* day gives that day's meeting even when its log is in: the agenda as it was.
    """
    occurrence = next_occurrence(description, asked)
    if occurrence is not None and occurrence.date == asked and asked in held_days:
        occurrence = occurrence_after(description, occurrence)
    return occurrence.date if occurrence is not None else asked


# Specs whose reviews the group still follows: not yet decided, or being worked on.
IN_PLAY = ("draft", "proposed", "active", "tabled")


def render(agenda: Agenda, output_format: str) -> str:
    if output_format == "text":
        return render_text(agenda)
    if output_format == "wiki":
        return render_wiki(agenda)
    if output_format == "markdown":
        return render_markdown(agenda)
    raise ValueError(f"unknown agenda format {output_format!r}")


# --- text: the lines the chair pastes into the meeting, topic by topic ------------


def render_text(agenda: Agenda) -> str:
    lines = [f"Agenda: {agenda.heading()}", ""]
    ping = agenda.ping_line()
    if ping:
        lines.append(ping)
    lines.append(f"#topic {TOPICS[0]}")
    lines.extend(f"* {item.line()}" for item in agenda.items)
    if not agenda.items:
        lines.append("No open action items.")
    lines.append(f"#topic {TOPICS[1]}")
    if agenda.checkin:
        lines.extend(entry.line() for entry in agenda.checkin)
    else:
        for spec in agenda.reviews:
            lines.extend(f"#link {REVIEW_URL.format(number=number)} {spec.slug}" for number in spec.reviews)
        if not agenda.reviews:
            lines.append("No reviews tracked in the specs.")
    lines.append(f"#topic {TOPICS[2]}")
    lines.extend(f"* {spec.named()}" for spec in agenda.proposals)
    if not agenda.proposals:
        lines.append("No proposals for work.")
    lines.append(f"#topic {TOPICS[3]}")
    lines.extend(f"* {spec.named()}" for spec in agenda.workstreams)
    if not agenda.workstreams:
        lines.append("No active workstreams.")
    lines.append(f"#topic {TOPICS[4]}")
    lines.append(f"#info {agenda.next_meeting_info()}")
    return "\n".join(lines) + "\n"


# --- wiki: MediaWiki, the markup of the group's agenda page ---------------------------


# What MediaWiki would read as markup inside a list item: links, templates,
# tags and entities, table pipes, bold/italic quotes, signatures, magic words.
_WIKI_MARKUP = re.compile(r"[\[\]{}<>&|]|''|~~~|__")


def _wiki(text: str) -> str:
    """Text shown literally: wrapped in <nowiki> when it holds markup."""
    if not _WIKI_MARKUP.search(text):
        return text
    # Inside <nowiki> only its closing tag could break out; entities still decode.
    return "<nowiki>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</nowiki>"


def render_wiki(agenda: Agenda) -> str:
    lines = [f"== Agenda: {_wiki(agenda.heading())} ==", ""]
    if agenda.ping:
        lines.append(f"* Courtesy ping: {_wiki(', '.join(agenda.ping))}")
    lines.append("* Previous meeting action items")
    lines.extend(f"** {_wiki(item.line())}" for item in agenda.items)
    if not agenda.items:
        lines.append("** none open")
    lines.append("* Specs check-in")
    for entry in agenda.checkin:
        what = f"{entry.subject} ({entry.summary})" if entry.subject else entry.summary
        lines.append(f"** {_wiki(entry.label)}: [{entry.url or entry.number} {entry.number}] {_wiki(what)}")
    for spec in () if agenda.checkin else agenda.reviews:
        links = " ".join(f"[{REVIEW_URL.format(number=n)} {n}]" for n in spec.reviews)
        lines.append(f"** {_wiki(spec.slug)}: {links}")
    if not agenda.reviews and not agenda.checkin:
        lines.append("** no reviews tracked in the specs")
    lines.append("* Proposals for work")
    lines.extend(f"** {_wiki(spec.named())}" for spec in agenda.proposals)
    if not agenda.proposals:
        lines.append("** none")
    lines.append("* Active workstreams")
    lines.extend(f"** {_wiki(spec.named())}" for spec in agenda.workstreams)
    if not agenda.workstreams:
        lines.append("** none")
    lines.append("* Open discussion")
    lines.append(f"* {_capitalised(agenda.next_meeting_info())}")
    return "\n".join(lines) + "\n"


# --- markdown ------------------------------------------------------------------------

def render_markdown(agenda: Agenda) -> str:
    lines = [f"# Agenda: {markdown_escape(agenda.heading())}", ""]
    if agenda.ping:
        lines += [f"Courtesy ping: {markdown_escape(', '.join(agenda.ping))}", ""]

    def section(title: str, entries: list[str], empty: str) -> None:
        lines.extend([f"## {title}", ""])
        lines.extend(f"- {entry}" for entry in entries)
        if not entries:
            lines.append(f"_{empty}_")
        lines.append("")

    section("Previous meeting action items", [markdown_escape(item.line()) for item in agenda.items], "No open action items.")
    section(
        "Specs check-in",
        [
            f"{markdown_escape(entry.label)}: [{entry.number}]({entry.url or entry.number}) "
            + markdown_escape(f"{entry.subject} ({entry.summary})" if entry.subject else entry.summary)
            for entry in agenda.checkin
        ]
        or [
            f"{markdown_escape(spec.slug)}: " + ", ".join(f"[{n}]({REVIEW_URL.format(number=n)})" for n in spec.reviews)
            for spec in agenda.reviews
        ],
        "No reviews tracked in the specs.",
    )
    section("Proposals for work", [markdown_escape(spec.named()) for spec in agenda.proposals], "No proposals for work.")
    section("Active workstreams", [markdown_escape(spec.named()) for spec in agenda.workstreams], "No active workstreams.")
    lines.extend(["## Open discussion", "", f"{markdown_escape(_capitalised(agenda.next_meeting_info()))}."])
    return "\n".join(lines) + "\n"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
