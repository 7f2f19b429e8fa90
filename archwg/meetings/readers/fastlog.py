"""The fast path for MeetBot ``.log.txt`` and irssi logs: bytes, and only the lines that matter.

Most lines of a meeting are talk: they only add one to their speaker's lines
said. Handling each as a Python object costs far more than reading it, so
this reader leaves the bulk of the work to the regular-expression engine, on
bytes that are never decoded as a whole: a few compiled patterns (``_Lookout``)
find the next line that matters (a ``#command``, a link, a chair's line, the
bot's greeting, an irssi date header, and outside meetings only
``#startmeeting``); the speakers of the lines skipped on the way are found
with one ``findall`` (MeetBot counts every line, and gives an item to every
person present whose nick is in it); only the line that matters is decoded,
parsed and handed to the same ``MeetingBuilder`` the line-by-line readers use.
The result is the same Meetings, line numbers included; the tests check both
paths agree.

When only action items matter (``review_only``, for carrying), far fewer
lines matter: ``#action``, ``#topic``, ``#startmeeting``/``#endmeeting``,
``#chair``/``#unchair``, ``#nick``, ``#meetingname``, ``#meetingtopic``, ``#undo``, the chair
lines that may review items, the bot's greeting. The other items (``#info``,
links, ...) still count for ``#undo``, which removes the last item of any
kind: the gaps between handled lines are kept, and a gap is searched for the
items it made only when an ``#undo`` reaches into it (or, for a meeting that
goes on into the next block, when its block is let go).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Iterable, Iterator

from archwg.meetings.meeting import (
    CHANGES_PEOPLE,
    NO_CHAIR_LINES,
    RECORDS_ITEM,
    STAR_CHAIR_LINES,
    UNDOES,
    MeetingBuilder,
    line_effect,
)
from archwg.meetings.model import Meeting
from archwg.meetings.readers.irclog import EMOTE, MESSAGE, irssi_day, parse_irc_line
from archwg.meetings.readers.textio import ByteSource, Warn, byte_blocks

# Every character str.strip() strips (the readers strip nicks and messages
# so) but the newline, as UTF-8: what may stand between ">" and "#". Written
# as classes, not one alternative per character, which costs ten times more
# (a test checks it against str.isspace over all of Unicode).
_WHITESPACE = (rb"(?:[\t\x0b\x0c\r\x1c-\x20]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
               rb"|\xe2\x81\x9f|\xe3\x80\x80)")

# Patterns that start with a literal byte: the engine jumps from one
# occurrence to the next instead of trying every position. Blocks are
# searched with a newline put in front, so the first line starts with "\n"
# like the others.

# Who says every message or /me line, as written after the time: " <@nick>"
# or "  * nick" (one bytes object per line is cheaper than parsing each; the
# few distinct ones are read as parse_irc_line reads them, see LogReader._speaker).
_TIME = rb"\[?[0-9]{1,2}:[0-9][0-9](?::[0-9][0-9])?\]?"
SPEAKERS = re.compile(rb"\n" + _TIME + rb"( +<[^>\n]+>| *\* +[^ \t\n\r\f\v]+)")
_AFTER_NICK = rb">" + _WHITESPACE + rb"*"
# MeetBot's link rule is text.split("//")[0] in its protocols: "http://..." or a bare "http:".
_LINK = rb"(?:https?|irc|ftp|mailto|ssh):(?://|" + _WHITESPACE + rb"*(?=\n|$))"
# Every command, or only those that change what carrying reads (and no other item).
# Found anywhere in a line, not only after the nick: a pattern that starts
# with a literal byte is found five times faster, and the few lines that
# hold one in mid-line ("proposed #action ...") are read as talk.
_ANY_COMMAND = rb"#"
_CARRY_NAMES = rb"action|startmeeting|endmeeting|chair|unchair|nick|meetingname|meetingtopic|undo"
_CARRY_COMMANDS = rb"#(?i:topic|" + _CARRY_NAMES + rb")"
# Under a topic that is not about action items (no chair line is wanted), a #topic matters to carrying
# only when it may be one (REVIEW_TOPIC: any "act" in it, read as a superset) or is empty (the "* ..."
# read-outs count again): the others only name a topic, which items read for carrying do not keep. Most
# of a meeting's topics are such, and a line handled costs far more than a line skipped.
_CARRY_COMMANDS_OFF_TOPIC = (rb"#(?i:" + _CARRY_NAMES + rb"|topic(?=[^\n]*(?i:act)|" + _WHITESPACE
                             + rb"*(?:\n|$)))")
_BOT_NAMING = rb"The meeting name has been set"
_LINE_LINK = _AFTER_NICK + _LINK
_DAY_HEADER = b"\n---"  # irssi's "--- Day changed ...", "--- Log opened ...": literal text, a pattern too
# Outside a meeting only a #startmeeting matters (and the day, in irssi logs).
OUTSIDE = (rb"#(?i:startmeeting)", [_DAY_HEADER])
# Any line that may record an item: what a gap is searched for when an #undo reaches into it.
ANY_ITEM = re.compile(_AFTER_NICK + rb"(?:#|" + _LINK + rb")")
# Until the bot's greeting is seen, any line that holds it may be the greeting (MeetingBuilder._bot_line).
_GREETING = rb"Meeting started"


class LogReader:
    """Reads MeetBot ``.log.txt`` and irssi logs; one per run, owning the patterns it compiles."""

    def __init__(self) -> None:
        # (chairs, chair lines wanted, start known, for carrying) -> what to look for; speaker as written -> nick.
        self._lookouts: dict[tuple, _Lookout] = {}
        self._compiled: dict[bytes, re.Pattern] = {}
        self._speakers: dict[bytes, str | None] = {}

    def meetings(
        self,
        source: ByteSource,
        log_date: date | None = None,
        warn: Warn | None = None,
        review_only: bool = False,
    ) -> Iterator[Meeting]:
        """Every meeting of *source*, streamed block by block."""
        return self.meetings_from_blocks(byte_blocks(source, warn), source.name, log_date, review_only)

    def meetings_from_blocks(
        self,
        blocks: Iterable[bytes],
        source: str,
        log_date: date | None = None,
        review_only: bool = False,
    ) -> Iterator[Meeting]:
        """Every meeting in *blocks*: valid UTF-8, LF line ends, whole lines (see ``byte_blocks``)."""
        builder = MeetingBuilder(source, log_date=log_date, review_only=review_only)
        speakers = SPEAKERS.findall
        pending: list[bytes] = []  # who said the skipped lines (see SPEAKERS), not yet counted
        counted: set[str] = set()  # nicks this meeting has counted lines of (some of those it has)
        # Reading for carrying: the meeting's items in order, for #undo: _ITEM for one the
        # builder holds, a _Gap of skipped lines not yet looked at, or how many items skipped lines made.
        undoable: list = []
        day: date | None = None
        lines_before_block = 0
        lookout = self._lookout(builder, review_only)
        settled = False  # the greeting seen: from then on, only commands change what to look for
        day_headers = self._compile(_DAY_HEADER)
        for block in blocks:
            block = b"\n" + block  # see above: every line now starts after a newline
            position = 0  # the newline that starts the next line not yet handled
            counted_to = 0  # newlines are counted up to here...
            line_number = lines_before_block  # ...and this is the number of the line that ends there
            hits: dict[re.Pattern, tuple[int, int] | None] = {}  # see _Lookout.first
            if _DAY_HEADER not in block:
                # MeetBot's logs have no irssi day headers: not searched for again before every line handled.
                hits[day_headers] = (None, len(block))
            while True:
                found = lookout.first(block, position, hits)
                start = len(block) if found is None else block.rfind(b"\n", 0, found[0] + 1)
                if builder.in_meeting and start > position:
                    pending += speakers(block, position, start)
                    if review_only:
                        undoable.append(_Gap(position, start, counted_to, line_number, day, builder.chairs,
                                                  builder.bot))
                if found is None:
                    break
                # The whole line the match is in: a false alarm ("a -> #b" in the
                # middle of talk) is harmless, the builder treats it as talk.
                end = block.find(b"\n", found[1])
                if end < 0:
                    end = len(block)
                line_number += block.count(b"\n", counted_to, start + 1)
                counted_to = start + 1
                position = end
                text = block[start + 1 : end].decode("utf-8")
                if text.startswith("---"):
                    day = irssi_day(text) or day
                    continue
                line = parse_irc_line(text, line_number, day)
                if line is None:
                    continue
                effect = line_effect(line, builder.chairs, builder.bot) if builder.in_meeting else CHANGES_PEOPLE
                if line.nick is not None and line.nick == builder.waiting_for_bot:
                    effect = CHANGES_PEOPLE  # the bot's answer to a #startmeeting may end the meeting
                if pending and (effect is CHANGES_PEOPLE or line.nick not in counted):
                    # Counted before a line that may add a nick or end the meeting: the order of first lines.
                    counted.update(self._add_talk(builder, pending))
                    pending = []
                if review_only and effect is UNDOES and self._undo_skipped(undoable, block):
                    # It removes an item the builder never held: to the builder, only a line said.
                    if line.nick is not None:
                        builder.add_talk({line.nick: 1})
                    continue
                if review_only and effect is RECORDS_ITEM:
                    undoable.append(_ITEM)
                finished = builder.feed(line)
                if finished is not None:
                    yield finished
                if finished is not None or not builder.in_meeting:
                    undoable.clear()
                    counted.clear()
                elif line.nick is not None and effect is not CHANGES_PEOPLE:
                    # (A #startmeeting MeetBot refuses takes its line back: its nick may not be counted.)
                    counted.add(line.nick)
                if line.text[:1] == "#" or effect is CHANGES_PEOPLE or not settled:
                    # Only a command, the bot's greeting or its answer to a #startmeeting (which may
                    # begin a new meeting, under no topic yet) changes what to look for.
                    lookout = self._lookout(builder, review_only)
                    settled = builder.knows_start
            if pending:  # counting early is always right, and keeps a long meeting's memory flat
                counted.update(self._add_talk(builder, pending))
                pending = []
            if undoable:
                # The block is let go: what an #undo may still reach in it is counted now.
                self._settle(undoable, block)
            # The newline put in front is not a line; a final newline ends the last line. (The
            # newlines up to counted_to are counted: a second count of the whole block costs 2% of reading.)
            lines_before_block = line_number + block.count(b"\n", counted_to) - (1 if block.endswith(b"\n") else 0)
        last_meeting = builder.finish()
        if last_meeting is not None:
            yield last_meeting

    def _lookout(self, builder: MeetingBuilder, review_only: bool) -> _Lookout:
        if not builder.in_meeting:
            key = None
        else:
            key = (builder.chairs, builder.chair_lines_wanted, builder.knows_start, review_only,
                   builder.bot_may_name, builder.waiting_for_bot)
        lookout = self._lookouts.get(key)
        if lookout is None:
            commands, others = OUTSIDE if key is None else _inside_marks(*key)
            lookout = self._lookouts[key] = _Lookout(self._compile(commands),
                                                     tuple(self._compile(pattern) for pattern in others))
        return lookout

    def _compile(self, pattern: bytes) -> re.Pattern:
        # One object per pattern: what a block's hits are remembered by, across lookouts.
        compiled = self._compiled.get(pattern)
        if compiled is None:
            compiled = self._compiled[pattern] = re.compile(pattern)
        return compiled

    def _undo_skipped(self, undoable: list, block: bytes) -> bool:
        """Does the #undo said now remove an item the builder never held (one made by skipped lines)?"""
        while undoable:
            top = undoable[-1]
            if top is _ITEM:
                undoable.pop()
                return False  # the builder's own last item goes
            if isinstance(top, _Gap):
                undoable[-1] = self._items_in(top, block)
            elif top == 0:
                undoable.pop()
            else:
                undoable[-1] = top - 1
                return True
        return False

    def _settle(self, undoable: list, block: bytes) -> None:
        """Gaps of *block* become counts of items; runs of counts are added up, zeros dropped."""
        settled: list = []
        for entry in undoable:
            if isinstance(entry, _Gap):
                entry = self._items_in(entry, block)
            if entry is _ITEM:
                settled.append(entry)
            elif entry:
                if settled and settled[-1] is not _ITEM:
                    settled[-1] += entry
                else:
                    settled.append(entry)
        undoable[:] = settled

    def _items_in(self, gap: _Gap, block: bytes) -> int:
        """How many items the skipped lines of *gap* made (read only when an #undo may reach them)."""
        count = 0
        position = gap.start
        counted_to, line_number = gap.counted_to, gap.line_number
        while True:
            found = ANY_ITEM.search(block, position, gap.end)
            if found is None:
                return count
            start = block.rfind(b"\n", 0, found.start() + 1)
            end = block.find(b"\n", found.end(), gap.end)
            if end < 0:
                end = gap.end
            line_number += block.count(b"\n", counted_to, start + 1)
            counted_to = start + 1
            line = parse_irc_line(block[start + 1 : end].decode("utf-8"), line_number, gap.day)
            if line is not None and line_effect(line, gap.chairs, gap.bot) is RECORDS_ITEM:
                count += 1
            position = end

    def _add_talk(self, builder: MeetingBuilder, pending: list[bytes]) -> dict[str, int]:
        counts = self._count(pending)
        builder.add_talk(counts)
        return counts

    def _count(self, pending: list[bytes]) -> dict[str, int]:
        counts: dict[str, int] = {}  # in the order of first lines, which lines_said keeps
        for written, count in Counter(pending).items():
            nick = self._speakers.get(written, False)
            if nick is False:
                nick = self._speakers[written] = _speaker(written)
            if nick is not None:
                counts[nick] = counts.get(nick, 0) + count
        return counts


class _Gap:
    """Lines skipped between two lines handled, in the block being read: all talk, or items carrying drops."""

    __slots__ = ("start", "end", "counted_to", "line_number", "day", "chairs", "bot")

    def __init__(self, start: int, end: int, counted_to: int, line_number: int, day: date | None,
                 chairs: tuple[str, ...], bot: str | None):
        self.start, self.end = start, end
        self.counted_to, self.line_number = counted_to, line_number  # the line that ends at counted_to
        self.day = day
        self.chairs = chairs  # as they were: only handled lines change them
        self.bot = bot


_ITEM = object()  # an item the builder holds


class _Lookout:
    """What marks a line that matters: the commands wanted, and while they matter, a few other marks.

    The commands' pattern starts with "#", which re finds by scanning for that
    byte; in one alternation with the other marks it would be tried at every
    line, four times slower over a whole log. So the other marks (a chair's
    line, the bot's greeting, ...), which matter in a few stretches of a
    meeting, are searched apart, and only up to the line of the next command.
    """

    __slots__ = ("commands", "others")

    def __init__(self, commands: re.Pattern, others: tuple[re.Pattern, ...]):
        self.commands = commands
        self.others = others

    def first(self, block: bytes, position: int, hits: dict) -> tuple[int, int] | None:
        """The span of the first mark at or after *position* in *block*.

        *hits* remembers, for the block, what each pattern's last search
        found: (the span of its first hit after where it searched from, or
        None: no hit before the second value, where it stopped). Positions only
        grow, so a hit not yet passed is still that pattern's first, and no
        stretch of the block is searched twice by one pattern: the search stays
        linear in the block, however many marks of one kind come before a command.
        (Written out, not as a function per pattern: it runs for every line read.)
        """
        end = len(block)
        span, searched_to = hits.get(self.commands, _UNSEARCHED)
        # Searched to the end of the block, the commands' None is final.
        if span[0] < position if span is not None else searched_to < end:
            found = self.commands.search(block, position, end)
            span = None if found is None else found.span()
            hits[self.commands] = (span, end)
        limit = end
        if span is not None:
            # A mark later in the command's line changes nothing: the line is read anyway.
            limit = block.find(b"\n", span[1])
            if limit < 0:
                limit = end
        for pattern in self.others:
            found_span, searched_to = hits.get(pattern, _UNSEARCHED)
            if found_span is not None and found_span[0] >= position:
                pass  # still this pattern's first
            elif found_span is None and searched_to >= limit:
                continue  # none before where the last search stopped
            else:
                # On from where the last search stopped: marks never span a line end, and a
                # search stops at one (or at the end of the block), so none was cut there.
                start = position if found_span is not None else max(position, searched_to)
                found = pattern.search(block, start, limit)
                found_span = None if found is None else found.span()
                hits[pattern] = (found_span, limit)
            if found_span is not None and found_span[0] < limit:
                span, limit = found_span, found_span[0]
        return span


_UNSEARCHED = (None, -1)


def _inside_marks(chairs: tuple[str, ...], wanted: str, knows_start: bool, review_only: bool,
                  bot_may_name: bool, waiting_for_bot: str | None) -> tuple[bytes, list[bytes]]:
    """(the commands, the other marks) of a line that matters in a meeting in this state."""
    others = [_DAY_HEADER]
    if review_only:
        commands = _CARRY_COMMANDS_OFF_TOPIC if wanted == NO_CHAIR_LINES else _CARRY_COMMANDS
    else:
        commands = _ANY_COMMAND
        others.append(_LINE_LINK)
    if bot_may_name:
        others.append(_BOT_NAMING)
    if not knows_start:
        others.append(_GREETING)
    if chairs and wanted != NO_CHAIR_LINES:
        chair = _said_by(chairs)
        if wanted == STAR_CHAIR_LINES:
            chair += _WHITESPACE + rb"*\*"
        others.append(chair)
    if waiting_for_bot is not None:
        others.append(_said_by((waiting_for_bot,)))
    return commands, others


def _said_by(nicks) -> bytes:
    """A line said by one of *nicks*: "<@nick>" as parse_irc_line reads it, the nick between the brackets, stripped."""
    names = b"|".join(re.escape(nick.encode("utf-8")) for nick in nicks)
    return rb"<[@+%&~ ]?" + _WHITESPACE + rb"*(?:" + names + rb")" + _WHITESPACE + rb"*>"


def _speaker(written: bytes) -> str | None:
    """The nick in " <@nick>" or "  * nick" as the line readers read it; None when they would read no line."""
    # The time put back in front, the line readers' own patterns decide.
    text = "0:00" + written.decode("utf-8")
    message = MESSAGE.match(text)
    if message is not None:
        return message.group(2).strip()
    emote = EMOTE.match(text)
    return emote.group(2) if emote is not None else None


def meetings_from_blocks(
    blocks: Iterable[bytes],
    source: str,
    log_date: date | None = None,
    review_only: bool = False,
) -> Iterator[Meeting]:
    """``LogReader().meetings_from_blocks``: for one file read on its own."""
    return LogReader().meetings_from_blocks(blocks, source, log_date, review_only)
