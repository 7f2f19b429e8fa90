"""The fast path for MeetBot ``.log.txt`` and irssi logs: whole blocks of lines at a time.

Most lines of a meeting are talk: they only add one to their speaker's lines
said. Handling each as a Python object costs far more than reading it, so
this reader lets the regular-expression engine do the bulk of the work: it
searches a block of lines for the next line that matters (a ``#command``, a
link, a chair's line, the bot's greeting, an irssi date header, and outside
meetings only ``#startmeeting``), counts the speakers of the lines skipped
on the way with one ``findall``, and hands the line that matters to the same
``MeetingBuilder`` the line-by-line readers use. The result is the same
Meetings, line numbers included; the tests check both paths agree.

When only action items matter (``review_only``, for carrying), the chair's
lines that cannot review them (talk under other topics) are skipped like
anybody's talk, which leaves few lines per meeting to handle one by one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from datetime import date
from typing import Iterable, Iterator

from archwg.meetings.meeting import NO_CHAIR_LINES, STAR_CHAIR_LINES, MeetingBuilder, Warn
from archwg.meetings.model import Meeting
from archwg.meetings.readers.irclog import irssi_day, parse_irc_line

# Patterns that start with a literal character: the regular-expression
# engine jumps from one occurrence to the next instead of trying every
# position, which is what makes this path fast. Blocks are searched with a
# newline put in front, so the first line starts with "\n" like the others.

# Who says every message or /me line, as written after the time: " <@nick>"
# or "  * nick" (one string per line is cheaper than parsing each; the few
# distinct ones are read as parse_irc_line reads them, see _speaker).
_TIME = r"\[?\d{1,2}:\d\d(?::\d\d)?\]?"
SPEAKERS = re.compile(r"\n" + _TIME + r"( +<[^>\n]+>| *\* +\S+)")
_BRACKETED_NICK = re.compile(r"<[@+%&~ ]?([^>\n]+)>")
OUTSIDE = re.compile(r"#(?i:startmeeting)|\n---")
# MeetBot's link rule is text.split("//")[0] in its protocols: "http://..." or a bare "http:".
MATTERS = r">[^\S\n]*(?:#|(?:https?|irc|ftp|mailto|ssh):(?://|[ \t\r\f\v]*(?=\n|$))|The meeting name has been set)"
# Until the bot's greeting is seen, any line that holds it may be the greeting (MeetingBuilder._bot_line).
GREETING_ANYWHERE = "Meeting started"
GREETING_FIRST = r">[^\S\n]*Meeting started"


def _inside_pattern(chairs: tuple[str, ...], wanted: str, knows_start: bool) -> re.Pattern:
    alternatives = [MATTERS, GREETING_FIRST if knows_start else GREETING_ANYWHERE, r"\n---"]
    if chairs and wanted != NO_CHAIR_LINES:
        # "<@chair>" as parse_irc_line reads it: the nick between the brackets, stripped.
        chair = r"<[@+%&~ ]?[^\S\n]*(?:" + "|".join(re.escape(chair) for chair in chairs) + r")[^\S\n]*>"
        if wanted == STAR_CHAIR_LINES:
            chair += r"[^\S\n]*\*"
        alternatives.append(chair)
    return re.compile("|".join(alternatives))


_PATTERNS: dict[tuple[tuple[str, ...], str, bool], re.Pattern] = {}
_PATTERNS_LIMIT = 1024  # distinct chair lists seen; forgotten all at once past it


def _pattern_for(builder: MeetingBuilder) -> re.Pattern:
    if not builder.in_meeting:
        return OUTSIDE
    key = (builder.chairs, builder.chair_lines_wanted, builder.knows_start)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        if len(_PATTERNS) >= _PATTERNS_LIMIT:
            _PATTERNS.clear()
        pattern = _PATTERNS[key] = _inside_pattern(*key)
    return pattern


# Speakers found in bulk wait in a list (cheap to extend) and are counted
# when the builder needs them (needs_counts_before) or when this many wait.
PENDING_LIMIT = 1 << 12


def meetings_from_blocks(
    blocks: Iterable[str],
    source: str,
    log_date: date | None = None,
    warn: Warn | None = None,
    review_only: bool = False,
) -> Iterator[Meeting]:
    builder = MeetingBuilder(source, log_date=log_date, warn=warn, review_only=review_only)
    speakers = SPEAKERS.findall
    pending: list[str] = []  # who said the skipped lines (see SPEAKERS), not yet counted
    pattern = OUTSIDE
    pattern_made_for: tuple | None = None
    day: date | None = None
    lines_before_block = 0
    for block in blocks:
        block = "\n" + block  # see above: every line now starts after a newline
        position = 0  # the newline that starts the next line not yet handled
        counted_to = 0  # newlines are counted up to here...
        line_number = lines_before_block  # ...and this is the number of the line that ends there
        while True:
            if builder.reader_state != pattern_made_for:
                pattern_made_for = builder.reader_state
                pattern = _pattern_for(builder)
            found = pattern.search(block, position)
            if found is None:
                if builder.in_meeting:
                    pending += speakers(block, position)
                    if len(pending) > PENDING_LIMIT:  # counting early is always right
                        _count(builder, pending)
                        pending = []
                break
            # The whole line the match is in: a false alarm ("a -> #b" in the
            # middle of talk) is harmless, the builder treats it as talk.
            start = block.rfind("\n", 0, found.start() + 1)
            end = block.find("\n", found.end())
            if end < 0:
                end = len(block)
            if builder.in_meeting and start > position:
                pending += speakers(block, position, start)
            line_number += block.count("\n", counted_to, start + 1)
            counted_to = start + 1
            text = block[start + 1 : end]
            if text.startswith("---"):
                day = irssi_day(text) or day
            else:
                line = parse_irc_line(text, line_number, day)
                if line is not None:
                    if pending and (len(pending) > PENDING_LIMIT or builder.needs_counts_before(line)):
                        _count(builder, pending)
                        pending = []
                    finished = builder.feed(line)
                    if finished is not None:
                        yield finished
            position = end
        # The newline put in front is not a line; a final newline ends the last line.
        lines_before_block += block.count("\n") - (1 if block.endswith("\n") else 0)
    if pending:
        _count(builder, pending)
    last = builder.finish()
    if last is not None:
        yield last


def _count(builder: MeetingBuilder, speakers: list[str]) -> None:
    counts: dict[str, int] = {}
    # Counter keeps the order of first lines, which lines_said keeps too.
    for written, count in Counter(speakers).items():
        nick = _speaker(written)
        counts[nick] = counts.get(nick, 0) + count
    builder.count_said(counts)


@lru_cache(maxsize=4096)
def _speaker(written: str) -> str:
    """The nick in " <@nick>" (stripped, as MESSAGE reads it) or "  * nick" (as EMOTE reads it)."""
    written = written.lstrip(" ")
    if written.startswith("<"):
        return _BRACKETED_NICK.match(written).group(1).strip()
    return written[1:].lstrip(" ")
