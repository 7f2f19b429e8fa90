"""MeetBot minutes (``.txt`` and ``.html``), for meetings whose raw log is lost.

Both are first turned into the same outline: headings, paragraphs, and
bullets with their nesting level, long bullets unwrapped (MeetBot wraps text
minutes at 72 columns). The outline is then read into a ``MinutesDocument``
(everything the minutes say, including MeetBot's own per-person grouping, so
tests can compare archwg's minutes with MeetBot's as data) and into a Meeting.

Layouts handled: OpenStack's text minutes, which have no flat "Action items"
list (MeetBot 0.1.4's text writer drops it) and only the summary's
``ACTION:`` lines and "Action items, by person"; Fedora's, with an "Action
Items" list and ``**UNASSIGNED**``; the HTML minutes of both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Iterator

from archwg.errors import BadInput
from archwg.meetings.meeting import file_name_facts, meeting_name, parse_clock
from archwg.meetings.model import Item, Meeting
from archwg.meetings.readers.detect import MINUTES_HTML
from archwg.meetings.readers.textio import ByteSource, Warn, iter_text_lines

MAX_MINUTES_BYTES = 16 * 1024 * 1024  # minutes of a real meeting are a few kB
KINDS = ("ACTION", "AGREED", "IDEA", "HELP", "LINK", "ACCEPTED", "REJECTED", "VOTE", "INFO")
KIND_PREFIX = re.compile(r"^(" + "|".join(KINDS) + r"): ")
DETAILS = re.compile(r"\s*\((?P<nick>[^(),]*), (?P<time>\d{1,2}:\d\d:\d\d)\)$")
STARTED = re.compile(
    r"Meeting started by (?P<owner>\S+) at (?P<time>\d{1,2}:\d\d:\d\d)(?: UTC)?(?: on (?P<day>\d{4}-\d\d-\d\d))?"
)
LOGS_URL = re.compile(r"(\S+\.log\.html)")
ENDED = re.compile(r"Meeting ended at (\d{1,2}:\d\d:\d\d)")
# MeetBot's titles: "#fedora-meeting: Magazine editorial board", or "#channel Meeting" without a topic.
TITLE = re.compile(r"(?P<channel>[#&][^\s:,]+)(?:: (?P<topic>.+)| Meeting)")
PERSON_COUNT = re.compile(r"^(?P<nick>.+) \((?P<count>\d+)\)$")


@dataclass(frozen=True)
class Bullet:
    level: int  # 0 for top-level bullets, 1 for their children
    text: str
    line: int = 0  # the log line it links to (HTML minutes), else 0
    after_blank: bool | None = None  # a blank line before it (text minutes; None: the layout does not say)


@dataclass(frozen=True)
class Section:
    heading: str
    bullets: tuple[Bullet, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class MinutesDocument:
    """Everything a MeetBot minutes file says, as written."""

    title: str
    owner: str | None
    start_time: str | None  # "HH:MM:SS"
    start_day: str | None  # "YYYY-MM-DD": archwg's minutes write it, MeetBot's only in the log URL
    logs_url: str | None
    ended: bool
    end_time: str | None  # "HH:MM:SS" of "Meeting ended at ..."
    items: tuple[Item, ...]  # the summary: topics and items, in order
    action_list: tuple[str, ...] | None  # the flat "Action items" list, when the layout has one
    by_person: tuple[tuple[str, tuple[str, ...]], ...]  # MeetBot's grouping, UNASSIGNED as "UNASSIGNED"
    lines_said: tuple[tuple[str, int], ...]


# -- outlines -------------------------------------------------------------------


def _text_outline(lines: list[str]) -> list[Section]:
    """Headings (a line underlined with ``-``), paragraphs and bullets of text minutes."""
    sections: list[Section] = []
    heading = ""
    bullets: list[Bullet] = []
    paragraphs: list[str] = []
    paragraph: list[str] = []
    blank_before = False
    index = 0

    def close_section():
        if paragraph:
            paragraphs.append(" ".join(paragraph))
            paragraph.clear()
        sections.append(Section(heading, tuple(bullets), tuple(paragraphs)))

    while index < len(lines):
        line = lines[index].rstrip()
        following = lines[index + 1].rstrip() if index + 1 < len(lines) else ""
        if line and following and set(following) == {"-"} and len(following) == len(line):
            close_section()
            heading, bullets, paragraphs = line.strip(), [], []
            blank_before = False
            index += 2
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or set(stripped) == {"="}:
            blank_before = blank_before or not stripped
            if paragraph:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        elif stripped.startswith("* "):
            if paragraph:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
            bullets.append(Bullet(indent // 2, stripped[2:].strip(), after_blank=blank_before))
            blank_before = False
        elif bullets and indent > 0 and not paragraph:
            # A wrapped bullet goes on, indented under its text.
            last = bullets[-1]
            bullets[-1] = Bullet(last.level, f"{last.text} {stripped}", last.line, last.after_blank)
        else:
            paragraph.append(stripped)
            blank_before = False
        index += 1
    close_section()
    return sections


class _HtmlOutline(HTMLParser):
    """Headings, paragraphs and list items of HTML minutes, with each item's own text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.heading = ""
        self.in_heading: str | None = None
        self.heading_text: list[str] = []
        self.title = ""
        self.bullets: list[Bullet] = []
        self.paragraph: list[str] = []
        self.paragraphs: list[str] = []
        # One entry per open <li>: [text parts, itemtype, link?, line]
        self.stack: list[dict] = []
        self.in_details = 0
        self.in_itemtype = False
        self.span_depth: list[str] = []
        self.logs_href: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("h1", "h3"):
            self.in_heading = tag
            self.heading_text = []
        elif tag == "li":
            self.stack.append({"parts": [], "kind": None, "link": False, "line": 0})
        elif tag == "ol" and self.stack:
            self._flush_item(self.stack[-1], len(self.stack) - 1)
        elif tag == "span":
            classes = (attributes.get("class") or "").split()
            self.span_depth.append("details" if "details" in classes else " ".join(classes))
            if "details" in classes:
                self.in_details += 1
            elif self.stack and "INFO" in classes:
                self.stack[-1]["kind"] = "INFO"
        elif tag == "i" and "itemtype" in (attributes.get("class") or ""):
            self.in_itemtype = True
        elif tag == "a" and not self.stack:
            href = attributes.get("href") or ""
            if href.endswith(".log.html") and self.logs_href is None:
                self.logs_href = href
        elif tag == "a" and self.stack:
            href = attributes.get("href") or ""
            anchor = re.search(r"#l-(\d+)$", href)
            if self.in_details and anchor:
                self.stack[-1]["line"] = int(anchor.group(1))
            elif not self.in_details and href and not anchor:
                self.stack[-1]["link"] = True

    def handle_endtag(self, tag):
        if tag in ("h1", "h3") and self.in_heading == tag:
            text = " ".join("".join(self.heading_text).split())
            self.in_heading = None
            if tag == "h1":
                self.title = text
            else:
                self._close_section()
                self.heading = text
        elif tag == "li" and self.stack:
            item = self.stack.pop()
            self._flush_item(item, len(self.stack))
        elif tag == "span" and self.span_depth:
            if self.span_depth.pop() == "details":
                self.in_details -= 1
        elif tag == "i":
            self.in_itemtype = False

    def handle_data(self, data):
        if self.in_heading:
            self.heading_text.append(data)
        elif self.in_itemtype and self.stack:
            self.stack[-1]["kind"] = data.strip().upper()
        elif self.stack:
            self.stack[-1]["parts"].append(data)
        elif data.strip():
            self.paragraph.append(data)

    def _flush_item(self, item: dict, level: int) -> None:
        if item.get("flushed"):
            return
        item["flushed"] = True
        text = " ".join("".join(item["parts"]).split())
        if text.startswith(": "):  # what follows <i class="itemtype">ACTION</i>
            text = text[2:]
        kind = item["kind"] or ("LINK" if item["link"] else None)
        if kind and kind != "INFO":
            text = f"{kind}: {text}"
        if text:
            self.bullets.append(Bullet(level, text, item["line"]))

    def _close_section(self) -> None:
        if self.paragraph:
            self.paragraphs.append(" ".join(" ".join(self.paragraph).split()))
            self.paragraph = []
        self.sections.append(Section(self.heading, tuple(self.bullets), tuple(self.paragraphs)))
        self.bullets, self.paragraphs = [], []

    def outline(self) -> list[Section]:
        self._close_section()
        return self.sections


# -- outline -> document ------------------------------------------------------------


def parse_minutes(text: str, fmt: str, name: str = "<minutes>") -> MinutesDocument:
    """Read the text of a minutes file (``minutes-txt`` or ``minutes-html``)."""
    if fmt == MINUTES_HTML:
        parser = _HtmlOutline()
        parser.feed(text)
        parser.close()
        sections = parser.outline()
        title = parser.title
        logs_href = parser.logs_href
    else:
        lines = text.replace("\r\n", "\n").split("\n")
        sections = _text_outline(lines)
        title = next((line.strip() for line in lines if line.strip() and set(line.strip()) != {"="}), "")
        logs_href = None
    by_heading = {section.heading.lower(): section for section in sections}
    summary = by_heading.get("meeting summary")
    if summary is None:
        raise BadInput(f"{name}: not MeetBot minutes (no 'Meeting summary' section)")
    paragraphs = " ".join(paragraph for section in sections for paragraph in section.paragraphs)
    started = STARTED.search(paragraphs)
    url = LOGS_URL.search(paragraphs)
    ended = ENDED.search(paragraphs)
    action_section = by_heading.get("action items")
    return MinutesDocument(
        title=title,
        owner=started["owner"] if started else None,
        start_time=started["time"] if started else None,
        start_day=started["day"] if started else None,
        logs_url=logs_href or (url.group(1) if url else None),
        ended="Meeting ended" in paragraphs,
        end_time=ended.group(1) if ended else None,
        items=_summary_items(summary),
        action_list=None if action_section is None else _plain_list(action_section),
        by_person=_by_person(by_heading.get("action items, by person")),
        lines_said=_lines_said(by_heading.get("people present (lines said)")),
    )


def _summary_items(section: Section) -> tuple[Item, ...]:
    items: list[Item] = []
    topic: str | None = None
    topic_seen = False
    for index, bullet in enumerate(section.bullets):
        details = DETAILS.search(bullet.text)
        nick, clock = (details["nick"] or None, details["time"]) if details else (None, None)
        body = bullet.text[: details.start()] if details else bullet.text
        prefix = KIND_PREFIX.match(body)
        if bullet.level == 0 and prefix is None and details is None and body.strip() == "Prologue":
            topic = None  # archwg's heading for the items said before any #topic
            continue
        if bullet.level == 0 and prefix is None and not topic_seen and _before_first_topic(section.bullets, index):
            items.append(Item("info", body.strip(), nick, clock, bullet.line, None))
            continue
        if bullet.level == 0 and prefix is None:
            topic_seen = True
            topic = body.strip()
            items.append(Item("topic", topic, nick, clock, bullet.line, topic))
            continue
        kind = prefix.group(1).lower() if prefix else "info"
        text = body[prefix.end():] if prefix else body
        items.append(Item(kind, text.strip(), nick, clock, bullet.line, topic))
    return tuple(items)


def _before_first_topic(bullets: tuple[Bullet, ...], index: int) -> bool:
    """Is the unprefixed top-level bullet at *index* of MeetBot's text minutes an #info said before any #topic?

    MeetBot's text writer puts those unindented, as it puts topics, and an
    #info has no "INFO:" to tell it. But every topic after the first comes
    after a blank line, and the first topic's own items are indented: so a
    top-level line followed at once by another, with no blank line between,
    is no topic. (The last of such lines is taken for the first topic; when
    the meeting set none, nothing tells.)
    """
    following = bullets[index + 1] if index + 1 < len(bullets) else None
    return following is not None and following.level == 0 and following.after_blank is False


def _plain_list(section: Section) -> tuple[str, ...]:
    return tuple(bullet.text for bullet in section.bullets if bullet.text != "(none)")


def _by_person(section: Section | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if section is None:
        return ()
    groups: list[tuple[str, list[str]]] = []
    for bullet in section.bullets:
        if bullet.level == 0:
            groups.append((bullet.text.strip("* ").strip(), []))
        elif groups and bullet.text != "(none)":
            groups[-1][1].append(bullet.text)
    return tuple((nick, tuple(texts)) for nick, texts in groups)


def _lines_said(section: Section | None) -> tuple[tuple[str, int], ...]:
    if section is None:
        return ()
    said = []
    for bullet in section.bullets:
        found = PERSON_COUNT.match(bullet.text)
        if found is not None:
            said.append((found["nick"], int(found["count"])))
    return tuple(said)


# -- document -> Meeting --------------------------------------------------------------


def meeting_from_minutes(
    document: MinutesDocument, source: str, log_date: date | None = None
) -> Meeting:
    series, start = file_name_facts(source)
    if start is None and document.logs_url:
        series, start = file_name_facts(PurePath(document.logs_url).name)
    day = start.date() if start else _day(document.start_day) or log_date
    if day is None:
        raise BadInput(
            f"{source}: no date for these minutes: no date in the file name or the log link; "
            "give it with --date YYYY-MM-DD"
        )
    clock = parse_clock(document.start_time) or (start.time() if start else time(0, 0))
    name = series or meeting_name(document.title.split(":", 1)[-1]) or "meeting"
    people = {nick for nick, _ in document.lines_said}
    chairs = (document.owner,) if document.owner else ()
    title = TITLE.fullmatch(document.title.strip())
    return Meeting(
        name=name,
        start=datetime.combine(day, clock),
        source=source,
        chairs=chairs,
        items=document.items,
        lines_said=document.lines_said,
        people=frozenset(people | set(chairs)),
        bot=None,
        chair_lines=(),
        ended=document.ended,
        warnings=(),
        file_series=series,
        ended_at=document.end_time,
        meeting_topic=title["topic"] if title else None,
        channel=title["channel"] if title else None,
    )


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_minutes(
    source: ByteSource, fmt: str, log_date: date | None = None, warn: Warn | None = None
) -> Iterator[Meeting]:
    text = _read_all(source, warn)
    document = parse_minutes(text, fmt, source.name)
    yield meeting_from_minutes(document, source.name, log_date)


def _read_all(source: ByteSource, warn: Warn | None) -> str:
    lines = []
    size = 0
    for line in iter_text_lines(source, warn):
        size += len(line) + 1
        if size > MAX_MINUTES_BYTES:
            raise BadInput(f"{source.name}: too large for MeetBot minutes")
        lines.append(line)
    return "\n".join(lines)
