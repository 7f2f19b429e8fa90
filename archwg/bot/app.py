"""Putting the bot together from the repository, archwg.toml, the environment and the options."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Mapping

from archwg.bot.config import BotConfig
from archwg.bot.session import Session, Settings, upcoming, utc_now
from archwg.config import Config
from archwg.errors import UsageError
from archwg.irc import is_nick

log = logging.getLogger("archwg.bot")

PASSWORD_VARIABLE = "ARCHWG_BOT_PASSWORD"
LIBRARY_LOGGERS = ("irc", "jaraco")


def resolve_settings(
    config: Config,
    meeting_id: str | None = None,
    server: str | None = None,
    tls: bool | None = None,
    nick: str | None = None,
    channel: str | None = None,
    logs: str | None = None,
    record: bool | None = None,
    commit: bool = False,
    remind_before: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    """The bot's settings: options over archwg.toml's [bot] table (``config.bot``) over defaults."""
    from archwg.meetings.series import described_meeting

    if config.root is None:
        raise UsageError("the bot runs inside a spec repository: use --repo")
    root = Path(config.root)
    description = described_meeting(config, meeting_id)
    bot = config.bot if config.bot is not None else BotConfig()
    changes: dict = {}
    if server is not None:
        host, colon, port = server.rpartition(":") if ":" in server else (server, "", "")
        if not host or _blank_or_spaced(host):
            raise UsageError(f"--server: {server!r} names no host (HOST or HOST:PORT)")
        if colon:
            if not port.isdigit() or not 0 < int(port) < 65536:
                raise UsageError(f"--server: {port!r} is not a port number (1-65535)")
            changes["port"] = int(port)
        changes["server"] = host
    if tls is not None:
        changes["tls"] = tls
    if nick is not None:
        if _blank_or_spaced(nick) or not is_nick(nick):
            raise UsageError(f"--nick: {nick!r} is no IRC nick")
        changes["nick"] = nick
    if remind_before is not None:
        if remind_before < 0:
            raise UsageError("--remind-before: must not be negative")
        changes["remind_before"] = remind_before
    bot = replace(bot, **changes)
    if channel is None:
        channel = description.schedules[0].irc
    # Empty, "#" alone, or what IRC would split into other words or channels: JOIN would go elsewhere.
    elif _blank_or_spaced(channel.lstrip("#")) or "," in channel:
        raise UsageError(f"--channel: {channel!r} is no channel name")
    channel = "#" + channel.lstrip("#")
    log_folder = Path(logs) if logs else root / "meetings" / "logs" / description.meeting_id
    if record is None:
        record = _writable(log_folder)
    if commit and not record:
        raise UsageError("--commit needs --record: there is no log to commit")
    return Settings(
        config=bot,
        description=description,
        channel=channel,
        root=root,
        logs=log_folder,
        state_path=root / ".archwg" / "bot-state.json",
        record=record,
        commit=commit,
        password=environ.get(PASSWORD_VARIABLE) or None,
    )


def _blank_or_spaced(text: str) -> bool:
    return not text or any(char.isspace() or ord(char) < 32 for char in text)


def _writable(folder: Path) -> bool:
    """Can the log be written there: the folder, or the nearest existing folder above it."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate.is_dir() and os.access(candidate, os.W_OK)
    return False


def ping_list_lines(settings: Settings, now: Callable[[], datetime]) -> list[str]:
    """The ping for the next meeting as the bot would post it, after a heading line."""
    session = Session(replace(settings, record=False), now)  # it only reads: no log to go on with
    occurrence = upcoming(settings.description, now())
    day = occurrence.date if occurrence is not None else None
    heading = f"courtesy ping for the meeting of {day.isoformat()}" if day else "courtesy ping (no scheduled meeting)"
    return [heading + ":", *session.ping_lines(day)]


class Redact(logging.Filter):
    """Blanks a secret out of every record, whatever logger it comes from."""

    def __init__(self, secret: str | None):
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret and self.secret in record.getMessage():
            record.msg = record.getMessage().replace(self.secret, "********")
            record.args = ()
        return True


def setup_logging(password: str | None, level: int = logging.INFO) -> None:
    """Timestamped lines on stderr; the irc library kept above DEBUG, where it prints raw lines (passwords)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redact(password))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.INFO))


def warm_up(settings: Settings) -> None:
    """Read the series once, before connecting: the meetings cache then holds it, and the read-out,
    !actions and #endmeeting, which read it in the event loop, read only the logs added since."""
    from archwg.bot import data

    try:
        data.carry_logs(settings.logs, settings.description)
    except Exception as error:  # the bot connects whatever its log folder holds (a link loop, no permission...)
        log.error("reading the series in %s before connecting failed: %s", settings.logs, error)


def run_bot(settings: Settings) -> None:
    """Run the bot until interrupted."""
    from archwg.bot.ircbot import MeetingBot

    warm_up(settings)
    bot = MeetingBot(settings)
    try:
        bot.run()
    except KeyboardInterrupt:
        bot.stop()
        bot.session.close()


# -- the command's two entry points: options in, one call each ------------------------

def show_ping_list(config: Config, now: Callable[[], datetime] = utc_now, **options) -> list[str]:
    """``archwg bot --show-ping-list``: the next meeting's courtesy ping, with no connection and no irc import.

    *options* are ``resolve_settings``'s (server, channel, nick, ...), checked as for a run.
    """
    return ping_list_lines(resolve_settings(config, **options), now)


def run(config: Config, environ: Mapping[str, str] = os.environ, **options) -> None:
    """``archwg bot``: the bot, logging to stderr, until interrupted.

    irc is asked for first, so a missing ``archwg[bot]`` is the one line whatever else is wrong.
    """
    from archwg.extras import require_extra

    require_extra("irc.client", "bot")
    settings = resolve_settings(config, environ=environ, **options)
    setup_logging(settings.password)
    run_bot(settings)
