"""What the bot does with what it hears: a state machine with no network in it.

``Session`` takes each line said (``heard``), each line the bot itself sent
(``sent``) and the passing of time (``tick``), keeps the meeting in progress
and the ping list, writes the log, and returns what to say as ``Say`` values.
The IRC layer (``ircbot.py``) only moves lines between it and the server, so
every rule here is tested with an injected clock and no server.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from archwg.bot import data, pinglist
from archwg.bot.commands import Command, help_lines, parse_command, unknown_reply
from archwg.bot.config import BotConfig
from archwg.bot.recorder import Recorder
from archwg.bot.text import clean, next_line, ping_lines, reminder_line, summary_line
from archwg.meetings.description import MeetingDescription
from archwg.meetings.meeting import COMMAND, NICK_LIST, meeting_name
from archwg.meetings.schedule import Occurrence, next_occurrence, occurrence_after
from archwg.meetings.suffix import read_out_line as core_read_out_line

log = logging.getLogger("archwg.bot")

# The commands that read every log or spec: a per-nick cooldown keeps one person from flooding the channel.
READ_HEAVY = ("next", "actions", "spec")

@dataclass(frozen=True)
class Say:
    target: str  # a channel or a nick
    text: str


@dataclass(frozen=True)
class Settings:
    """Everything the bot runs with, resolved from archwg.toml, the description and the options."""

    config: BotConfig
    description: MeetingDescription
    channel: str  # "#openstack-meeting-alt"
    root: Path | None  # the spec repository (specs, state, commits)
    logs: Path  # where the meeting logs live and are written
    state_path: Path
    record: bool = True
    commit: bool = False
    password: str | None = field(default=None, repr=False)  # never logged
    tick: float = 1.0  # seconds between looks at the clock
    drain_every: float = 0.1  # seconds between looks at the send queue
    # Seconds any wait on the connection may last: connecting, the TLS handshake, the rest
    # of a TLS record begun. A server that takes the connection and says nothing, or a
    # network dropped mid-record, would otherwise hold the bot, and its clock, for good.
    socket_timeout: float = 30.0
    # A connection the network dropped without a word (a NAT that forgot it, a server
    # gone) looks alive for hours: the bot pings the server after keepalive seconds
    # of silence, and takes it for dead after dead_after seconds without a line.
    keepalive: float = 60.0
    dead_after: float = 180.0
    # Seconds before joining again after a kick, or after the server refused the join
    # (a key, a ban, a channel for identified nicks only before NickServ answered).
    rejoin_after: float = 30.0


def normalised_name(text: str) -> str:
    """MeetBot's name for ``#startmeeting <text>`` (the core's ``meeting_name``; a bare start: the channel's)."""
    return meeting_name(text)


def short_name(description: MeetingDescription) -> str:
    """How the group names itself in its ping line: "Architecture WG" (as the agenda does)."""
    name = description.project or description.meeting_id
    return name.replace("Working Group", "WG")


def upcoming(description: MeetingDescription, now: datetime) -> Occurrence | None:
    """The first scheduled meeting that starts at or after *now*."""
    occurrence = next_occurrence(description, now.date())
    while occurrence is not None and occurrence.start < now:
        occurrence = occurrence_after(description, occurrence)
    return occurrence


def _meets_on(description: MeetingDescription, day: date) -> bool:
    """Is *day* a meeting day? Any day is, for a series with no fixed schedule (adhoc)."""
    occurrence = next_occurrence(description, day)
    if occurrence is None:
        return all(schedule.frequency == "adhoc" for schedule in description.schedules)
    return occurrence.date == day


def read_out_line(item, annotation: str = "") -> str:
    """The core's read-out line (carry-actions'), with no control character, then the review *annotation*."""
    return clean(core_read_out_line(item) + annotation)


def utc_now() -> datetime:
    """Naive UTC, as the schedule and the logs count time."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


# A log without #endmeeting that began less than RESUME_WITHIN before the bot starts, and had a line
# less than RESUME_IDLE ago, is the meeting it was recording when it stopped: MeetBot meetings last an
# hour, rarely two, and a channel quiet for half an hour has ended its meeting.
RESUME_WITHIN = timedelta(hours=3)
RESUME_IDLE = timedelta(minutes=30)


class _Meeting:
    """The meeting in progress (mutable: it lives only while the meeting lasts)."""

    def __init__(self, start: datetime, starter: str, recorder: Recorder | None):
        self.start = start
        self.chairs = [starter]
        self.recorder = recorder
        self.items_posted = False


class Session:
    def __init__(self, settings: Settings, now: Callable[[], datetime]):
        self.settings = settings
        self.description = settings.description
        self.now = now
        self.nick = settings.config.nick
        self.meeting: _Meeting | None = None
        self.pinged: set[date] = set()
        self.reminded: set[datetime] = set()
        self.ping_state = pinglist.load_state(settings.state_path, self.description.meeting_id)
        self.names = {normalised_name(name) for name in data.description_names(self.description)}
        self.ignored = {nick.lower() for nick in settings.config.ignore}
        self.last_log: Path | None = None  # the log of the last meeting recorded
        self.asked: dict[str, tuple[datetime, bool]] = {}  # nick -> (last answered, told to wait since)
        self.told: set[str] = set()  # what reading the series said, logged once
        if settings.record:
            self.meeting = self._meeting_in_progress()

    def _meeting_in_progress(self) -> _Meeting | None:
        """The meeting this bot was recording when it stopped (restarted mid-meeting): it goes on with it,
        in the same log, pinged already, its chairs and whether its items were read out taken from the log."""
        found = data.meeting_in_progress(self.settings.logs, self.description.meeting_id, self.now(), RESUME_WITHIN,
                                         RESUME_IDLE)
        if found is None:
            return None
        path, recorded = found
        try:
            recorder = Recorder.reopen(path)
        except OSError as error:
            log.error("cannot go on recording the meeting in %s: %s", path, error)
            return None
        meeting = _Meeting(recorded.start, recorded.chairs[0] if recorded.chairs else "", recorder)
        meeting.chairs = list(recorded.chairs)
        review_topic = self.settings.config.review_topic.lower()
        meeting.items_posted = any(item.kind == "topic" and item.text.lower() == review_topic
                                   for item in recorded.items)
        self.pinged.add(recorded.start.date())
        log.info("going on recording the meeting in %s", path)
        return meeting

    # -- the ping list ---------------------------------------------------------

    def ping_nicks(self, day: date | None) -> list[str]:
        return pinglist.ping_list(self.description.courtesy_ping, self.ping_state, self.description.aliases, day)

    def ping_lines(self, day: date | None) -> list[str]:
        prefix = f"{short_name(self.description)} courtesy ping for"
        return ping_lines(prefix, self.ping_nicks(day))

    def _keep(self, state: pinglist.PingState) -> None:
        if state != self.ping_state:
            state = pinglist.forget_past(state, self.now().date())
            pinglist.save_state(self.settings.state_path, self.description.meeting_id, state)
            self.ping_state = state

    # -- time ------------------------------------------------------------------

    def tick(self) -> list[Say]:
        """The reminder, once, when the next meeting is ``remind_before`` minutes away or less."""
        minutes = self.settings.config.remind_before
        if minutes <= 0:
            return []
        now = self.now()
        occurrence = upcoming(self.description, now)
        if occurrence is None or occurrence.start in self.reminded:
            return []
        if occurrence.start - timedelta(minutes=minutes) > now:
            return []
        self.reminded.add(occurrence.start)
        line = reminder_line(self.description.meeting_id, minutes, occurrence.schedule.irc,
                             self.description.agenda_url)
        log.info("reminder for the meeting of %s", occurrence.start)
        return [Say(self.settings.channel, line)]

    # -- lines -----------------------------------------------------------------

    def _record(self, nick: str, text: str, action: bool = False) -> None:
        recorder = self.meeting.recorder if self.meeting is not None else None
        if recorder is None:
            return
        try:
            recorder.write(self.now(), nick, text, action)
        except OSError as error:  # a full disk must not silence the bot; the chair learns from the log
            log.error("writing %s failed: %s", recorder.path, error)

    def sent(self, target: str, text: str) -> None:
        """The bot said *text*: the log of a meeting in progress keeps it, as MeetBot keeps its own."""
        if self._is_channel(target):
            self._record(self.nick, text)

    def heard(self, nick: str, target: str, text: str, action: bool = False) -> list[Say]:
        """A line from *nick* to *target* (the channel, or the bot in private)."""
        in_channel = self._is_channel(target)
        if in_channel:
            self._record(nick, text, action)
        if nick.lower() == self.nick.lower() or nick.lower() in self.ignored:
            return []
        if in_channel:
            self._keep(pinglist.saw(self.description.courtesy_ping, self.ping_state, self.description.aliases, nick))
        if action:
            return []
        replies: list[Say] = []
        if in_channel and text.startswith("#"):
            replies += self._meetbot_command(nick, text)
        command = parse_command(text) if text.startswith("!") else None
        if command is not None:
            reply_to = self.settings.channel if in_channel else nick
            replies += self._command(nick, command, reply_to)
        return replies

    def _is_channel(self, target: str) -> bool:
        return target.lower() == self.settings.channel.lower()

    # -- MeetBot's commands, as the bot follows them --------------------------------

    def _meetbot_command(self, nick: str, text: str) -> list[Say]:
        found = COMMAND.match(text)
        if found is None:
            return []
        name, argument = found.group(1).lower(), found.group(2).strip()
        meeting = self.meeting
        if name == "startmeeting":
            if meeting is not None and self.now() - meeting.start <= RESUME_WITHIN:
                return []  # MeetBot ignores a second #startmeeting too: one meeting, one ping
            if meeting is not None:
                # One begun hours ago never ended (its #endmeeting said while the bot was away):
                # its log stays as it is, cut off, and this meeting begins.
                log.warning("the meeting begun %s never ended; a new one begins", meeting.start)
                self.close()
                self.meeting = None
            channel_name = self.settings.channel.lstrip("#")
            if normalised_name(argument or channel_name) not in self.names:
                return []
            return self._start(nick, text)
        if meeting is None or not self._chair(nick):
            return []
        if name == "chair":
            for chair in NICK_LIST.split(argument):
                if chair and chair.lower() not in {known.lower() for known in meeting.chairs}:
                    meeting.chairs.append(chair)
        elif name == "topic" and argument.lower() == self.settings.config.review_topic.lower():
            return self._carried_items()
        elif name == "endmeeting":
            return self._end()
        return []

    def _start(self, nick: str, text: str) -> list[Say]:
        now = self.now()
        recorder = None
        if self.settings.record:
            try:
                recorder = Recorder(self.settings.logs, self.description.meeting_id, now)
                log.info("recording the meeting in %s", recorder.path)
            except OSError as error:  # the ping matters more than the log
                log.error("cannot record the meeting in %s: %s", self.settings.logs, error)
        self.meeting = _Meeting(now, nick, recorder)
        self._record(nick, text)
        if now.date() in self.pinged:
            return []
        self.pinged.add(now.date())
        log.info("courtesy ping for the meeting of %s", now.date())
        return [Say(self.settings.channel, line) for line in self.ping_lines(now.date())]

    def _chair(self, nick: str) -> bool:
        chairs = list(data.chairs_of(self.description))
        if self.meeting is not None:
            chairs += self.meeting.chairs
        return nick.lower() in {chair.lower() for chair in chairs}

    def _carried_items(self) -> list[Say]:
        meeting = self.meeting
        if meeting.items_posted:
            return []
        meeting.items_posted = True
        exclude = meeting.recorder.path if meeting.recorder is not None else None
        report = data.carry_logs(self.settings.logs, self.description, exclude=exclude, told=self.told)
        if report is None or not report.open:
            return []
        reviews = data.Reviews(self.settings.root, self.now())
        return [Say(self.settings.channel, read_out_line(item, reviews.annotation(item))) for item in report.open]

    def _end(self) -> list[Say]:
        meeting = self.meeting
        self.meeting = None
        if meeting.recorder is None:
            return []
        meeting.recorder.close()
        self.last_log = meeting.recorder.path
        log.info("meeting ended; log in %s", meeting.recorder.path)
        day = meeting.start.date()
        report = data.carry_logs(self.settings.logs, self.description, told=self.told)
        recorded, carried, closed = data.summary_counts(report, day) if report is not None else (0, 0, 0)
        following = upcoming(self.description, datetime.combine(day + timedelta(days=1), datetime.min.time()))
        replies = [Say(self.settings.channel, summary_line(recorded, carried, closed,
                                                           following.date if following else None))]
        if self.settings.commit:
            from archwg.bot.gitlog import commit_log

            try:
                commit_log(self.settings.root, meeting.recorder.path, self.description.meeting_id, day)
            except Exception as error:  # the log is safe on disk; a failed commit is a log line
                log.error("committing %s failed: %s", meeting.recorder.path, error)
        return replies

    def close(self) -> None:
        """The bot stops: a log still open is flushed and closed (the meeting stays unended in it)."""
        if self.meeting is not None and self.meeting.recorder is not None:
            self.meeting.recorder.close()

    # -- the bot's own commands ----------------------------------------------------

    def _cooldown(self, nick: str) -> list[Say] | None:
        """None when *nick* may have a read-heavy answer now (and the wait starts); else what to say:
        one private line the first time within the wait, nothing after. Chairs never wait."""
        seconds = self.settings.config.command_cooldown
        if seconds <= 0 or self._chair(nick):
            return None
        now = self.now()
        wait = timedelta(seconds=seconds)
        # Only nicks still waiting are kept: the table stays as small as the last `seconds` of askers.
        self.asked = {key: value for key, value in self.asked.items() if now - value[0] < wait}
        key = nick.lower()
        if key not in self.asked:
            self.asked[key] = (now, False)
            return None
        since, told = self.asked[key]
        if told:
            return []
        self.asked[key] = (since, True)
        left = max(1, int((since + wait - now).total_seconds() + 0.999))
        log.info("%s asked again within %d s; answered with a wait", nick, seconds)
        return [Say(nick, f"{nick}: please wait {left} s before asking again (!next, !actions, !spec)")]

    def _command(self, nick: str, command: Command, reply_to: str) -> list[Say]:
        def reply(*lines: str) -> list[Say]:
            return [Say(reply_to, line) for line in lines]

        description = self.description
        aliases = description.aliases
        base = description.courtesy_ping
        name = command.name
        if name in READ_HEAVY:
            refusal = self._cooldown(nick)
            if refusal is not None:
                return refusal
        if name == "unknown":
            return reply(unknown_reply(command.argument))
        if name == "invalid":
            return reply(command.argument)
        if name == "help":
            return reply(*help_lines())
        if name == "next":
            now = self.now()
            occurrence = upcoming(description, now)
            if occurrence is None:
                return reply(f"{description.meeting_id} has no scheduled meeting (adhoc)")
            return reply(next_line(description.meeting_id, occurrence.start, occurrence.schedule.irc, now))
        if name == "actions":
            report = data.carry_logs(self.settings.logs, description, told=self.told)
            items = list(report.open) if report is not None else []
            if command.argument:
                items = [item for item in items if data.owned_by(item, command.argument, aliases)]
            if not items:
                whose = f" for {command.argument}" if command.argument else ""
                return reply(f"no open action items{whose}")
            return reply(*(read_out_line(item) for item in items))
        if name == "spec":
            return reply(data.spec_answer(self.settings.root, command.argument, self.now()))
        if name == "ping":
            if not self._chair(nick):
                return reply(f"{nick}: sorry, only the meeting's chairs can ask for the courtesy ping")
            day = self.now().date()
            self.pinged.add(day)
            return [Say(self.settings.channel, line) for line in self.ping_lines(day)]
        if name == "pingme":
            state, message = pinglist.ping_me(base, self.ping_state, aliases, nick)
        elif name == "unpingme":
            state, message = pinglist.unping_me(base, self.ping_state, aliases, nick)
        else:  # absent
            day = command.day
            if day is None:
                occurrence = upcoming(description, self.now())
                if occurrence is None:
                    return reply(f"{nick}: no scheduled meeting to be absent from; give a date")
                day = occurrence.date
            if day < self.now().date():
                return reply(f"{nick}: {day.isoformat()} is past")
            if not _meets_on(description, day):
                return reply(f"{nick}: no {description.meeting_id} meeting is scheduled on {day.isoformat()}")
            state, message = pinglist.mark_absent(self.ping_state, aliases, nick, day)
        self._keep(state)
        return reply(message)
