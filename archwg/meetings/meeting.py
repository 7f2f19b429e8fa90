"""A stream of ``Line`` values in, ``Meeting`` values out, by MeetBot's own rules.

The rules follow MeetBot (openstack-infra/meetbot, ircmeeting/meeting.py):

* a command is ``#name`` at the very start of a message, its name
  case-insensitive; ``proposed #action x`` or ``#184 is done`` are not commands
  (an unknown name is not a command either);
* ``#topic``, ``#agreed``, ``#accepted``, ``#rejected``, ``#chair``,
  ``#unchair``, ``#undo`` and ``#endmeeting`` count only from a chair (the
  nick that started the meeting or one it ``#chair``ed);
* ``#undo`` removes the last recorded item, whatever its kind;
* a message that starts with ``http://`` (and the other protocols) is a link;
* every line of the meeting counts in the lines said, the bot's included;
  ``#chair`` and ``#nick`` add people with no lines.

Unlike MeetBot's replay, a message ``<SpamapS> * rocky_g Send email`` is said
by SpamapS: the reader decides what a /me line is, never this module.
The bot (the nick that says "Meeting started ...") is never one of the
``people`` an action item can be assigned to.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Callable, Iterable, Iterator

from archwg.dates import MONTH_NUMBERS as _MONTHS
from archwg.errors import BadInput
from archwg.meetings.model import Item, Line, Meeting

# MeetBot's command_RE. Python 2 compiled it without re.UNICODE: a command's name is ASCII word
# characters, so "#nic\u212a" (a Kelvin sign, which lower() makes "k") is no #nick, and "#actioné x"
# is an #action of "é x". The fast reader's bytes patterns ignore case in ASCII only, alike.
COMMAND = re.compile(r"#(\w+)[ \t]*(.*)", re.ASCII)
URL_PROTOCOLS = ("http:", "https:", "irc:", "ftp:", "mailto:", "ssh:")
# time.asctime() as MeetBot writes it: "Meeting started Thu Mar  9 20:01:06 2017 UTC".
BOT_STARTED = re.compile(r"Meeting started (?:\w{3} )?(\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})")
BOT_CHAIR = re.compile(r"The chair is ([^\s.]+)")
BOT_NAME = re.compile(r"The meeting name has been set to '([^']*)'")
# MeetBot's file names: arch_wg.2017-03-09-20.01.log.txt
FILE_NAME = re.compile(r"^(?P<series>.+?)\.(?P<day>\d{4}-\d\d-\d\d)-(?P<hour>\d\d)\.(?P<minute>\d\d)(?:\.|$)")

# Item kinds by command; aliases as MeetBot (and Fedora's zodbot) accept them.
ITEM_COMMANDS = {
    "topic": "topic",
    "info": "info",
    "idea": "idea",
    "agreed": "agreed",
    "agree": "agreed",
    "accepted": "accepted",
    "accept": "accepted",
    "rejected": "rejected",
    "reject": "rejected",
    "help": "help",
    "halp": "help",
    "link": "link",
    "action": "action",
    "startvote": "vote",
    "vote": "vote",
    "endvote": "vote",
}
CHAIR_ONLY = frozenset(
    {"topic", "agreed", "agree", "accepted", "accept", "rejected", "reject", "chair", "unchair", "undo",
     "endmeeting", "meetingtopic"}
)
OTHER_COMMANDS = frozenset(
    {"startmeeting", "endmeeting", "meetingname", "meetingtopic", "chair", "unchair", "nick", "undo"}
)
NICK_LIST = re.compile(r"[, ]+")

# A topic about action items ("previous meeting action items"): the chair reads them out under it.
REVIEW_TOPIC = re.compile(r"\baction", re.IGNORECASE)

# The end of the warning for a meeting cut off before #endmeeting (actions.py folds old ones).
NO_END_MEETING = "has no #endmeeting (file cut off?)"

# Which chair talk lines a reader must hand over (see MeetingBuilder.chair_lines_wanted).
ALL_CHAIR_LINES = "all"
STAR_CHAIR_LINES = "star"  # only "* ..." lines
NO_CHAIR_LINES = "none"

Warn = Callable[[str], None]


# What MeetBot's do_meetingname keeps of a name; every other character becomes "_".
_NOT_IN_NAME = re.compile(r"[^a-z0-9]")


def meeting_name(text: str) -> str:
    """MeetBot's spelling of a meeting name (its ``do_meetingname``).

    Lower case, words joined with ``_``, then every character outside
    ``[a-z0-9]`` turned into ``_``: "Storage Sync 5/29/2018" is
    ``storage_sync_5_29_2018``. ``#startmeeting`` with a name sets it the same way.
    """
    return _NOT_IN_NAME.sub("_", "_".join(text.strip().lower().split()))


def meeting_topic(text: str) -> str | None:
    """MeetBot's meeting topic (``do_meetingtopic``), which titles its minutes: none for '', 'none', 'unset'."""
    text = text.strip()
    return None if text.lower() in ("", "none", "unset") else text


def is_review_line(topic: str | None, text: str) -> bool:
    """May a chair line said under *topic* read out last meeting's action items?

    Every chair line under a topic about action items, and ``* ...`` lines
    said before any topic was set.
    """
    if topic:
        return REVIEW_TOPIC.search(topic) is not None
    return text.lstrip().startswith("*")


def is_chair(nick: str | None, chairs: tuple[str, ...]) -> bool:
    # A log that lost its nicks (seed 004) cannot tell: trust every command.
    return nick is None or nick in chairs


def is_link(text: str) -> bool:
    """MeetBot's rule: a message that starts with a known protocol (``http://...``, or a bare ``http:``)."""
    return text.split("//", 1)[0] in URL_PROTOCOLS


# What a line does, for a reader that hands over only some lines (see line_effect).
RECORDS_ITEM = "item"  # one #undo removes it
UNDOES = "undo"  # a chair's #undo
CHANGES_PEOPLE = "people"  # may add a nick to lines_said, or start or end a meeting
_PEOPLE_COMMANDS = frozenset({"startmeeting", "endmeeting", "chair", "nick"})


def line_effect(line: Line, chairs: tuple[str, ...], bot: str | None = None) -> str | None:
    """What *line*, said in a meeting whose chairs are *chairs* and whose bot is *bot* (when known),
    does besides being a line said.

    RECORDS_ITEM, UNDOES, CHANGES_PEOPLE, or None (talk, or a command that
    changes nothing a reader counts on). A reader that counts plain talk in
    bulk (``MeetingBuilder.add_talk``) must count it before a line that
    CHANGES_PEOPLE or whose nick it has not counted yet, and must know which
    items an #undo removes.
    """
    if line.is_action or (bot is not None and line.nick == bot):
        return None  # the bot's own lines are never commands (MeetingBuilder.feed)
    text = line.text
    if text[:1] != "#":
        return RECORDS_ITEM if is_link(text) else None
    command = COMMAND.match(text)
    if command is None:
        return None
    name = command.group(1).lower()
    if name in ITEM_COMMANDS:
        return RECORDS_ITEM if name not in CHAIR_ONLY or is_chair(line.nick, chairs) else None
    if name == "undo":
        return UNDOES if is_chair(line.nick, chairs) else None
    return CHANGES_PEOPLE if name in _PEOPLE_COMMANDS else None


def file_name_facts(source: str) -> tuple[str | None, datetime | None]:
    """The series and start time a MeetBot file name carries, if it is one."""
    found = FILE_NAME.match(os.path.basename(source))  # a string function: called for every file of an archive
    if found is None:
        return None, None
    try:
        day = date.fromisoformat(found["day"])
        start = datetime.combine(day, time(int(found["hour"]), int(found["minute"])))
    except ValueError:
        return found["series"], None
    return found["series"], start


# Stands in the items of a meeting read with review_only for an item that is not an action.
_NOT_KEPT = Item("not kept", "", None, None, 0)


class _MeetingState:
    """What one meeting has gathered so far; frozen into a Meeting at the end."""

    def __init__(self, line: Line, argument: str):
        self.first_line = line
        self.name = meeting_name(argument)
        self.named_by_command = bool(self.name)
        self.meeting_topic = meeting_topic(argument)
        self.ended_at: str | None = None
        self.owner = line.nick
        # A tuple, replaced on change: readers key their patterns on it without copying.
        self.chairs: tuple[str, ...] = (line.nick,) if line.nick else ()
        self.items: list[Item] = []
        self.lines_said: dict[str, int] = {}
        self.extra_people: set[str] = set()
        self.chair_lines: list[Item] = []
        self.topic: str | None = None
        # Kept as the topic changes: readers ask after every command (MeetingBuilder.chair_lines_wanted).
        self.chair_lines_wanted = STAR_CHAIR_LINES
        self.bot: str | None = None
        self.bot_start: datetime | None = None
        self.line_date: date | None = line.date
        self.ended = False
        self.warnings: list[str] = []
        # A #startmeeting said in this meeting, (its line, its argument), until the bot answers it.
        self.restart: tuple[Line, str] | None = None

    def is_chair(self, nick: str | None) -> bool:
        return is_chair(nick, self.chairs)


def _named_by_bot(state: _MeetingState, text: str) -> None:
    """The bot states the name MeetBot gave a meeting started without one."""
    if not state.named_by_command and text.startswith("The meeting name has been set to"):
        named = BOT_NAME.match(text)
        if named is not None:
            state.name = named.group(1)


class MeetingBuilder:
    """Feeds Lines through MeetBot's rules; yields each Meeting as it ends."""

    def __init__(
        self,
        source: str,
        log_date: date | None = None,
        review_only: bool = False,
        channel: str | None = None,
    ):
        self.source = source
        self.channel = channel  # when the reader knows it (an HTML log's title...)
        # Keep only the action items (chair lines are only ever those that may
        # review them, is_review_line): all that carrying reads, and far less
        # work and memory on long meetings.
        self.review_only = review_only
        self.series_from_file, self.file_start = file_name_facts(source)
        self.log_date = log_date
        self.state: _MeetingState | None = None
        # MeetBot names a file for the start of the meeting it holds: only the
        # first meeting's greeting can disagree with the file name.
        self.greeting_checked = self.file_start is None

    # -- the stream -------------------------------------------------------

    @property
    def in_meeting(self) -> bool:
        return self.state is not None

    @property
    def chairs(self) -> tuple[str, ...]:
        return self.state.chairs if self.state is not None else ()

    @property
    def bot(self) -> str | None:
        """The meeting bot's nick, once its greeting was seen."""
        return self.state.bot if self.state is not None else None

    @property
    def knows_start(self) -> bool:
        """Has the bot's greeting been seen (no need to look for it any more)?"""
        return self.state is not None and self.state.bot_start is not None

    @property
    def waiting_for_bot(self) -> str | None:
        """The bot's nick while a #startmeeting said in the meeting waits for its answer (a reader must
        hand over the bot's messages until then, not its /me lines): a greeting if it restarted, else
        MeetBot's refusal."""
        return self.state.bot if self.state is not None and self.state.restart is not None else None

    @property
    def bot_may_name(self) -> bool:
        """May the bot's "The meeting name has been set to ..." still name the meeting (none was given)?"""
        return self.state is not None and not self.state.named_by_command

    @property
    def chair_lines_wanted(self) -> str:
        """Which chair talk lines can still become ``chair_lines`` under the topic in force.

        A reader may skip the others (counting them in bulk with add_talk),
        as long as it still hands over every line that may be the bot's
        greeting while ``knows_start`` is False.
        """
        return ALL_CHAIR_LINES if self.state is None else self.state.chair_lines_wanted

    def add_talk(self, counts: dict[str, int]) -> None:
        """Lines of plain talk, counted by speaker in the order of their first lines.

        For readers that find the lines that matter without making the others
        into Lines: only lines whose one effect is a line said (no command, no
        link, not the bot's greeting while ``knows_start`` is False, no chair
        line ``chair_lines_wanted`` asks for; with ``review_only``, items other
        than actions that no later ``#undo`` removes, #topic lines included
        while ``chair_lines_wanted`` is NO_CHAIR_LINES, unless they are empty
        or REVIEW_TOPIC finds action items in them). They may be counted
        after lines fed later, as long as none of those ``CHANGES_PEOPLE`` or
        is said by a nick not counted yet (``line_effect``): the order of
        first lines stays the same.
        """
        said = self.state.lines_said
        for nick, count in counts.items():
            said[nick] = said.get(nick, 0) + count

    def feed(self, line: Line) -> Meeting | None:
        """Take one line; return the Meeting it ended, if any."""
        state = self.state
        text = line.text
        if state is None:
            if text[:1] == "#" and not line.is_action:
                command = COMMAND.match(text)
                if command is not None and command.group(1).lower() == "startmeeting":
                    self._start(line, command.group(2))
            return None

        nick = line.nick
        # Its answer is a message: a /me of the bot is neither a greeting nor MeetBot's refusal.
        if state.restart is not None and nick is not None and nick == state.bot and not line.is_action:
            restart, state.restart = state.restart, None
            if "Meeting started" in text:
                # The bot restarted (its meeting lost) and greets the new one: the old one was cut off.
                finished = self.finish()
                self._start(*restart)
                self.feed(line)
                return finished
            # Anything else is MeetBot's "Can't start another meeting, one is in progress."
        if nick is not None:
            said = state.lines_said
            said[nick] = said.get(nick, 0) + 1
        if line.is_action:
            return None
        from_bot = nick is not None and nick == state.bot
        if from_bot:
            # MeetBot logs what it says itself "bypassing command execution" (addrawline): a line
            # of its own is never a command nor a link, only the name it gave a meeting started without one.
            _named_by_bot(state, text)
            return None

        if text[:1] == "#":
            command = COMMAND.match(text)
            if command is not None:
                name = command.group(1).lower()
                if name in ITEM_COMMANDS or name in OTHER_COMMANDS:
                    return self._command(state, line, name, command.group(2).strip())
        elif is_link(text):
            self._record(state, "link", text, line)
            return None
        if state.bot_start is None and self._bot_line(state, line):
            return None
        if nick is None:
            _named_by_bot(state, text)  # a log without nicks: the bot's line is told by its words alone
        if state.is_chair(nick) and is_review_line(state.topic, text):
            state.chair_lines.append(Item("said", text, nick, line.time, line.number, state.topic))
        return None

    def finish(self) -> Meeting | None:
        """The end of the input: a meeting still open was cut off."""
        state = self.state
        if state is None:
            return None
        self.state = None
        # The caller reports it (see load.py), so a stub can be told apart first.
        message = f"{self.source}: meeting {state.name or '?'} {NO_END_MEETING}"
        return self._freeze(state, ended=False, warnings=(*state.warnings, message))

    # -- commands ---------------------------------------------------------

    def _start(self, line: Line, argument: str) -> None:
        self.state = _MeetingState(line, argument)
        if line.nick is not None:
            self.state.lines_said[line.nick] = 1

    def _command(self, state: _MeetingState, line: Line, name: str, argument: str) -> Meeting | None:
        nick = line.nick
        if name in CHAIR_ONLY and not state.is_chair(nick):
            return None  # what a non-chair types as a chair command is just talk, as for MeetBot
        if name == "startmeeting":
            if state.bot is not None:
                # MeetBot refuses a #startmeeting while its meeting runs, and leaves the line out of
                # it; only a bot that lost the meeting (restarted) greets it. Its answer decides (feed).
                state.restart = (line, argument)
                if nick is not None:
                    state.lines_said[nick] -= 1
                    if not state.lines_said[nick]:
                        del state.lines_said[nick]
                return None
            # With no bot seen (a log without its lines), a second #startmeeting means the first was cut off.
            finished = self.finish()
            self._start(line, argument)
            return finished
        if name == "endmeeting":
            self.state = None
            state.ended_at = line.time
            return self._freeze(state, ended=True, warnings=tuple(state.warnings))
        if name == "meetingname":
            # An empty #meetingname unsets the name, as in MeetBot (the file is then named for the channel).
            state.name = meeting_name(argument)
            state.named_by_command = bool(state.name)
        elif name == "meetingtopic":
            state.meeting_topic = meeting_topic(argument)
        elif name == "chair":
            for chair in NICK_LIST.split(argument):
                if chair and chair not in state.chairs:
                    state.chairs += (chair,)
                    state.lines_said.setdefault(chair, 0)
        elif name == "unchair":
            for chair in argument.split():
                # The nick that started the meeting stays a chair (as in MeetBot).
                if chair in state.chairs and chair != state.owner:
                    at = state.chairs.index(chair)
                    state.chairs = state.chairs[:at] + state.chairs[at + 1 :]
        elif name == "nick":
            for person in NICK_LIST.split(argument):
                if person:
                    state.lines_said.setdefault(person, 0)
                    state.extra_people.add(person)
        elif name == "undo":
            if state.items:
                state.items.pop()
        else:
            kind = ITEM_COMMANDS[name]
            if name == "topic":
                state.topic = argument
                state.chair_lines_wanted = (STAR_CHAIR_LINES if not argument
                                            else ALL_CHAIR_LINES if REVIEW_TOPIC.search(argument) else NO_CHAIR_LINES)
            elif name == "vote":
                argument = f"{nick or '?'} votes {argument}".strip()
            elif name == "endvote":
                argument = f"vote ended {argument}".strip()
            self._record(state, kind, argument, line)
        return None

    def _record(self, state: _MeetingState, kind: str, text: str, line: Line) -> None:
        if self.review_only and kind != "action":
            # Only its place is kept, for #undo: a long meeting's links and
            # notes would otherwise fill memory that carrying never reads.
            state.items.append(_NOT_KEPT)
            return
        # Read for carrying, an action keeps no topic: carrying never reads it, so a reader need not hand
        # over the #topic lines that change nothing else (see add_talk).
        topic = None if self.review_only else state.topic
        state.items.append(Item(kind, text, line.nick, line.time, line.number, topic))

    def _bot_line(self, state: _MeetingState, line: Line) -> bool:
        """Is this the bot's greeting? Then its nick is the bot's and its time the start."""
        if "Meeting started" not in line.text:
            return False
        started = BOT_STARTED.search(line.text)
        if started is None:
            return False
        state.bot = line.nick
        state.bot_start = _greeting_time(*started.groups())
        if not self.greeting_checked and state.bot_start is not None:
            self.greeting_checked = True
            if state.bot_start.date() != self.file_start.date():
                state.warnings.append(
                    f"{self.source}: the file name says {self.file_start.date().isoformat()}, the bot's greeting "
                    f"says {state.bot_start.date().isoformat()}; the greeting's date is used"
                )
        if state.owner is None:
            # A log without nicks still names the chair in the bot's greeting.
            chair = BOT_CHAIR.search(line.text)
            if chair is not None:
                state.owner = chair.group(1)
                state.chairs += (chair.group(1),)
        return True

    # -- the result -------------------------------------------------------

    def _start_time(self, state: _MeetingState) -> datetime:
        if state.bot_start is not None:
            return state.bot_start
        clock = parse_clock(state.first_line.time)
        for day in (state.line_date, self.file_start.date() if self.file_start else None, self.log_date):
            if day is not None:
                if clock is None and self.file_start is not None and day == self.file_start.date():
                    return self.file_start
                return datetime.combine(day, clock or time(0, 0))
        raise BadInput(
            f"{self.source}: no date for meeting {state.name or '?'}: no 'Meeting started' line from the bot "
            "and no date in the file name; give it with --date YYYY-MM-DD"
        )

    def _freeze(self, state: _MeetingState, ended: bool, warnings: tuple[str, ...]) -> Meeting:
        self.greeting_checked = True
        # Without a name MeetBot names the meeting (and its file) for the channel.
        name = state.name or self.series_from_file or _channel_name(self.channel) or _stem(self.source)
        bot = state.bot
        people = set(state.lines_said) | set(state.chairs) | state.extra_people
        people.discard(bot)
        chairs = tuple(chair for chair in state.chairs if chair != bot)
        return Meeting(
            name=name,
            start=self._start_time(state),
            source=self.source,
            chairs=chairs,
            items=tuple(item for item in state.items if item is not _NOT_KEPT),
            lines_said=tuple(state.lines_said.items()),
            people=frozenset(people),
            bot=bot,
            chair_lines=tuple(state.chair_lines),
            ended=ended,
            warnings=warnings,
            file_series=self.series_from_file,
            ended_at=state.ended_at,
            meeting_topic=state.meeting_topic,
            channel=self.channel,
        )




# The digits strptime's %d and %H:%M:%S take (\d alone would take any script's digits).
_GREETING_DAY = re.compile(r"3[01]|[12]\d|0[1-9]|[1-9]")
_GREETING_CLOCK = re.compile(r"(?:2[0-3]|[0-1]\d|\d):(?:[0-5]\d|\d):(?:6[0-1]|[0-5]\d|\d)")


def _greeting_time(month: str, day: str, clock: str, year: str) -> datetime | None:
    """The bot's "Mar  9 20:01:06 2017" as a datetime (None when it is no date).

    Not strptime: its %b takes the locale's month names, and it costs more
    than reading the rest of a line.
    """
    number = _MONTHS.get(month.lower())
    if number is None or not _GREETING_DAY.fullmatch(day) or not _GREETING_CLOCK.fullmatch(clock):
        return None
    hour, minute, second = clock.split(":")
    try:
        return datetime(int(year), number, int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None


def parse_clock(text: str | None) -> time | None:
    """'20:01:06' or '20:01' as a time; None when it is not one."""
    if not text:
        return None
    try:
        return time(*(int(part) for part in text.split(":")))
    except (TypeError, ValueError):
        return None


def _channel_name(channel: str | None) -> str:
    """The name MeetBot gives a meeting started without one: its channel's, as in its file names."""
    return (channel or "").strip("# ").lower().replace("/", "")


def _stem(source: str) -> str:
    name = PurePath(source).name
    return name.split(".", 1)[0] or "meeting"


def meetings_from_lines(
    lines: Iterable[Line],
    source: str,
    log_date: date | None = None,
    review_only: bool = False,
    channel: str | None = None,
) -> Iterator[Meeting]:
    """Every meeting in a Line stream, in order, one at a time."""
    builder = MeetingBuilder(source, log_date=log_date, review_only=review_only, channel=channel)
    feed = builder.feed
    for line in lines:
        finished = feed(line)
        if finished is not None:
            yield finished
    last = builder.finish()
    if last is not None:
        yield last
