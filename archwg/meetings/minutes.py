"""MeetBot-compatible minutes of a Meeting: text, HTML, reStructuredText and JSON.

The content follows MeetBot 0.1.4's writers: the meeting summary by topic
(each item with its type, speaker and time; items before the first topic
under "Prologue"), the action items, the action items by person (nicks in
case-insensitive order, an item under every person it names, UNASSIGNED
always shown), and the people present by lines said, most first, equal
counts in the order MeetBot's Python 2 dict gave them (``meetbot_people_order``).
The title names the channel as MeetBot's does ("#fedora-meeting: Magazine
editorial board") when the log tells the channel. Text is wrapped at 72
columns as MeetBot wraps it: at spaces only, so a path or URL stays whole.

Owners are MeetBot's to the letter (``archwg.meetings.owners.meetbot_owners``:
the bot is an attendee, "jdoe[m]" owns nothing); carrying reads them as a
person would (``owners_of``), which differs only for such nicks.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Iterable, Iterator

from archwg.meetings.model import Item, Meeting
from archwg.meetings.owners import UNASSIGNED
from archwg.specs.adornment import title_rule

WIDTH = 72


@dataclass(frozen=True)
class TopicBlock:
    topic: Item | None  # None: the items said before any #topic ("Prologue")
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Minutes:
    meeting: Meeting
    title: str
    owner: str | None
    summary: tuple[TopicBlock, ...]
    actions: tuple[str, ...]
    by_person: tuple[tuple[str, tuple[str, ...]], ...]  # UNASSIGNED last, always present
    people: tuple[tuple[str, int], ...]  # most lines first


def build_minutes(meeting: Meeting, aliases: tuple[tuple[str, str], ...] = ()) -> Minutes:
    from archwg.meetings.owners import meetbot_owners

    summary: list[TopicBlock] = []
    current: Item | None = None
    items: list[Item] = []
    for item in meeting.items:
        if item.kind == "topic":
            if current is not None or items:
                summary.append(TopicBlock(current, tuple(items)))
            current, items = item, []
        else:
            items.append(item)
    if current is not None or items:
        summary.append(TopicBlock(current, tuple(items)))

    actions = tuple(item.text for item in meeting.actions)
    # MeetBot's attendees: everyone who said a line (the bot too), was #chair'ed or #nick'ed, in the
    # order its Python 2 dict gave them (which nicks that differ only in case keep).
    attendees = (_python2_dict_order(dict(meeting.lines_said)) if meeting.lines_said
                 else sorted({*meeting.people, *meeting.chairs}))
    owners_by_item = [meetbot_owners(text, attendees, aliases) for text in actions]
    owning = {nick for owners in owners_by_item for nick in owners}
    # Case-insensitive order, nicks that differ only in case in the attendees' (a stable sort).
    ranked = sorted(dict.fromkeys([*attendees, *sorted(owning)]), key=str.lower)
    nicks = [nick for nick in ranked if nick in owning]
    by_person = [(nick, tuple(text for text, owners in zip(actions, owners_by_item) if nick in owners))
                 for nick in nicks]
    by_person.append((UNASSIGNED, tuple(text for text, owners in zip(actions, owners_by_item) if not owners)))

    return Minutes(
        meeting=meeting,
        title=minutes_title(meeting),
        owner=meeting.chairs[0] if meeting.chairs else None,
        summary=tuple(summary),
        actions=actions,
        by_person=tuple(by_person),
        people=meetbot_people_order(meeting.lines_said),
    )


def minutes_title(meeting: Meeting) -> str:
    """MeetBot's title, "#channel: meeting topic" (or "#channel Meeting"), when the log tells the channel."""
    if meeting.channel is None:
        return f"Meeting: {meeting.name}"
    if meeting.meeting_topic:
        return f"{meeting.channel}: {meeting.meeting_topic}"
    return f"{meeting.channel} Meeting"


def meetbot_people_order(lines_said: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """The people present as MeetBot 0.1.4 lists them: most lines first, equal counts in its dict's order.

    MeetBot sorts its ``attendees`` dict's items by count, and a stable sort
    keeps equal counts in the order the dict yields them: Python 2's, which
    follows from the nicks' hashes and the order they were first seen
    (*lines_said* keeps that order). Replaying that dict gives MeetBot's
    exact order (checked against the Fedora minutes in tests/data/realworld).
    """
    said = dict(lines_said)
    return tuple(sorted(((nick, said[nick]) for nick in _python2_dict_order(said)),
                        key=lambda pair: pair[1], reverse=True))


_MASK = (1 << 64) - 1  # MeetBot ran on 64-bit CPython 2: hashes and probes are 64-bit unsigned arithmetic


def _python2_hash(text: str) -> int:
    """CPython 2.7's string hash (hash randomization off, its default), as an unsigned 64-bit number."""
    if not text:
        return 0
    value = ord(text[0]) << 7
    for char in text:
        value = ((1000003 * value) & _MASK) ^ ord(char)
    value ^= len(text)
    return _MASK - 1 if value == _MASK else value  # -1 is reserved: CPython uses -2


def _python2_dict_order(keys: Iterable[str]) -> list[str]:
    """The order a CPython 2.7 dict built by inserting *keys* (no deletions) yields them.

    Open addressing over a table of 8 slots that grows to the smallest power
    of two above 4 x the entries once it is two thirds full, probing
    ``i = 5 * i + perturb + 1`` with ``perturb`` shifted right 5 bits a step
    (CPython's dictobject.c).
    """
    table: list[str | None] = [None] * 8
    used = 0

    def place(slots: list[str | None], key: str) -> None:
        mask = len(slots) - 1
        perturb = _python2_hash(key)
        index = perturb
        while slots[index & mask] is not None:
            index = (5 * index + perturb + 1) & _MASK
            perturb >>= 5
        slots[index & mask] = key

    for key in keys:
        place(table, key)
        used += 1
        if used * 3 >= len(table) * 2:
            size = 8
            while size <= (2 if used > 50000 else 4) * used:
                size <<= 1
            grown: list[str | None] = [None] * size
            for old in table:
                if old is not None:
                    place(grown, old)
            table = grown
    return [key for key in table if key is not None]


def _item_label(item: Item) -> str:
    # MeetBot writes INFO items without a label, every other kind as "KIND: ".
    return "" if item.kind == "info" else f"{item.kind.upper()}: "


def _details(item: Item) -> str:
    return f"({item.nick or '?'}, {item.time or '?'})"


def _start_sentence(minutes: Minutes) -> str:
    meeting = minutes.meeting
    # MeetBot's sentence, plus the date MeetBot only gives in the log's URL.
    by = f" by {minutes.owner}" if minutes.owner else ""
    clock = meeting.start.strftime("%H:%M:%S")
    return (f"Meeting started{by} at {clock} UTC on {meeting.start.date().isoformat()}. "
            f"The full logs are available at {meeting.source} .")


def _end_sentence(minutes: Minutes) -> str:
    meeting = minutes.meeting
    if meeting.ended and meeting.ended_at:
        return f"Meeting ended at {meeting.ended_at} UTC."
    if meeting.ended:
        return "Meeting ended (#endmeeting)."  # minutes read back, a log without times
    return "Meeting not ended: the log has no #endmeeting (cut off?)."


# -- text -----------------------------------------------------------------------


def _wrap(text: str, indent: int, hang: int = 2) -> str:
    # MeetBot's wrapper breaks at whitespace only and never inside a word:
    # a log path or URL longer than a line gets a line of its own, whole.
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hang),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _heading(name: str) -> str:
    return f"{name}\n{'-' * len(name)}\n"


def render_text(minutes: Minutes) -> str:
    return "".join(text_pieces(minutes))


def text_pieces(minutes: Minutes) -> Iterator[str]:
    """``render_text`` a line at a time: the 8 MB of text minutes of a 200 MB meeting are written as they
    are made, not held whole twice over (the blocks joined by blank lines, each block's lines by newlines)."""
    for number, lines in enumerate(_text_blocks(minutes)):
        if number:
            yield "\n\n\n\n"
        for index, line in enumerate(lines):
            yield "\n" + line if index else line
    yield "\n"


def _text_blocks(minutes: Minutes) -> Iterator[Iterable[str]]:
    rule = title_rule(minutes.title)
    yield [f"{rule}\n{minutes.title}\n{rule}\n\n\n" + _wrap(_start_sentence(minutes), 0, hang=0)]
    yield _text_summary(minutes)
    yield [_end_sentence(minutes)]
    yield [_heading("Action items"), *(_wrap(f"* {text}", 0) for text in minutes.actions or ["(none)"])]
    yield _text_by_person(minutes)
    yield [_heading("People present (lines said)"), *(f"* {nick} ({count})" for nick, count in minutes.people)]
    yield ["Generated by archwg in the layout of MeetBot 0.1.4"]


def _text_summary(minutes: Minutes) -> Iterator[str]:
    yield _heading("Meeting summary")
    for number, block in enumerate(minutes.summary):
        if number:
            yield ""
        topic = block.topic
        if topic is not None:
            yield _wrap(f"* {topic.text}  {_details(topic)}", 0)
        elif block.items:
            yield "* Prologue"
        for item in block.items:
            yield _wrap(f"* {_item_label(item)}{item.text}  {_details(item)}", 2)


def _text_by_person(minutes: Minutes) -> Iterator[str]:
    yield _heading("Action items, by person")
    for nick, texts in minutes.by_person:
        yield f"* **{nick}**" if nick == UNASSIGNED else f"* {nick}"
        for text in texts:
            yield _wrap(f"* {text}", 2)
        if not texts:
            yield "  * (none)"


# -- reStructuredText --------------------------------------------------------------

_RST_SPECIAL = re.compile(r"([\\`*_|\[\]<>])")


def _rst(text: str) -> str:
    """Quote text so reST shows it literally (MeetBot only escaped ``_``; archwg escapes all markup)."""
    return _RST_SPECIAL.sub(r"\\\1", text)


def render_rst(minutes: Minutes) -> str:
    title = _rst(minutes.title)
    rule = title_rule(title)
    lines = [rule, title, rule, "", _rst(_start_sentence(minutes)), "", ""]
    lines += ["Meeting summary", "-" * 15, ""]
    for block in minutes.summary:
        topic = block.topic
        # An empty topic as MeetBot's items.py writes it: "** **", which reST reads as text, not as "****".
        heading = f"**{_rst(topic.text) or ' '}**  {_rst(_details(topic))}" if topic is not None else "Prologue"
        lines.append(f"* {heading}")
        lines.append("")
        for item in block.items:
            lines.append(f"  * {_rst(_item_label(item) + item.text)}  {_rst(_details(item))}")
        if block.items:
            lines.append("")
    lines += [_rst(_end_sentence(minutes)), "", ""]
    lines += ["Action items", "-" * 12, ""]
    lines += [f"* {_rst(text)}" for text in minutes.actions] or ["* (none)"]
    lines += ["", "", "Action items, by person", "-" * 23, ""]
    for nick, texts in minutes.by_person:
        lines.append(f"* **{nick}**" if nick == UNASSIGNED else f"* {_rst(nick)}")
        lines.append("")
        lines += [f"  * {_rst(text)}" for text in texts] or ["  * (none)"]
        lines.append("")
    lines += ["", "People present (lines said)", "-" * 27, ""]
    lines += [f"* {_rst(nick)} ({count})" for nick, count in minutes.people]
    lines += ["", "", "Generated by archwg in the layout of MeetBot 0.1.4", ""]
    return "\n".join(lines)


# -- HTML -------------------------------------------------------------------------

_HTML_TEMPLATE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{{ minutes.title }}</title>
</head>
<body>
<h1>{{ minutes.title }}</h1>
<p class="details">{{ start }}</p>
<h3>Meeting summary</h3>
<ol>
{% for block in minutes.summary %}<li>{% if block.topic %}<b class="TOPIC">{{ block.topic.text }}</b> <span class="details">({{ block.topic.nick or '?' }}, {{ block.topic.time or '?' }})</span>{% else %}Prologue{% endif %}
{% if block.items %}<ol type="a">
{% for item in block.items %}  <li>{% if item.kind != 'info' %}<i class="itemtype">{{ item.kind|upper }}</i>: {% endif %}<span class="{{ item.kind|upper }}">{% if item.kind == 'link' and safe_url(item.text) %}<a href="{{ safe_url(item.text) }}">{{ item.text }}</a>{% else %}{{ item.text }}{% endif %}</span> <span class="details">({{ item.nick or '?' }}, {{ item.time or '?' }})</span></li>
{% endfor %}</ol>
{% endif %}</li>
{% endfor %}</ol>
<p class="details">{{ end }}</p>
<h3>Action items</h3>
<ol>
{% for text in minutes.actions %}  <li>{{ text }}</li>
{% else %}  <li>(none)</li>
{% endfor %}</ol>
<h3>Action items, by person</h3>
<ol>
{% for nick, texts in minutes.by_person %}  <li>{% if nick == unassigned %}<b>{{ unassigned }}</b>{% else %}{{ nick }}{% endif %} <ol>
{% for text in texts %}    <li>{{ text }}</li>
{% else %}    <li>(none)</li>
{% endfor %}  </ol></li>
{% endfor %}</ol>
<h3>People present (lines said)</h3>
<ol>
{% for nick, count in minutes.people %}  <li>{{ nick }} ({{ count }})</li>
{% endfor %}</ol>
<p class="details">Generated by archwg in the layout of MeetBot 0.1.4.</p>
</body>
</html>
"""

_SAFE_URL = re.compile(r"(?:https?|ftp|irc|mailto|ssh)://\S+")


def _safe_url(text: str) -> str | None:
    # Only real URLs become links; "javascript:" and friends stay text.
    found = _SAFE_URL.search(text)
    return found.group(0) if found else None


def render_html(minutes: Minutes) -> str:
    from jinja2 import Environment

    environment = Environment(autoescape=True, keep_trailing_newline=True)
    template = environment.from_string(_HTML_TEMPLATE)
    return template.render(
        minutes=minutes, start=_start_sentence(minutes), end=_end_sentence(minutes), safe_url=_safe_url,
        unassigned=UNASSIGNED,
    )


RENDERERS = {"text": render_text, "rst": render_rst, "html": render_html}
