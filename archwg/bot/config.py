"""The ``[bot]`` table of ``archwg.toml``: where and as whom the bot connects.

``BotConfig.from_table(table, source)`` parses it for the repository's
Config (``archwg/config.py``), which hands it to the bot as ``config.bot``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from archwg.errors import BadInput
from archwg.irc import is_nick

DEFAULT_IGNORE = ("openstack", "opendevmeet")


@dataclass(frozen=True)
class BotConfig:
    server: str = "irc.oftc.net"
    port: int | None = None  # None: 6697 with TLS, 6667 without
    tls: bool = True
    nick: str = "archwg-bot"
    ignore: tuple[str, ...] = DEFAULT_IGNORE  # other bots' nicks (MeetBot's)
    sasl: bool = False  # the password (ARCHWG_BOT_PASSWORD) for SASL PLAIN rather than NickServ
    review_topic: str = "previous meeting action items"
    remind_before: int = 10  # minutes; 0: no reminder
    burst: int = 4  # lines sent at once before the rate limit applies
    per_second: float = 1.0  # lines a second after the burst
    command_cooldown: int = 30  # seconds a non-chair waits between !next/!actions/!spec; 0: no wait
    reconnect_min: int = 10  # seconds (exponential backoff between these two)
    reconnect_max: int = 300

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return 6697 if self.tls else 6667

    @classmethod
    def from_table(cls, table: dict[str, Any], source: str) -> "BotConfig":
        """Validate a ``[bot]`` table; a bad key is a one-line BadInput naming it."""
        if not isinstance(table, dict):
            raise BadInput(f"{source}: bot: must be a table")
        known = {item.name: item for item in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key not in known:
                raise BadInput(f"{source}: bot.{key}: unknown key (known: {', '.join(sorted(known))})")
            values[key] = _check(key, value, source)
        if values.get("reconnect_min", cls.reconnect_min) > values.get("reconnect_max", cls.reconnect_max):
            raise BadInput(f"{source}: bot.reconnect_min: must not exceed bot.reconnect_max")
        return cls(**values)


def _check(key: str, value: Any, source: str) -> Any:
    def fail(reason: str) -> BadInput:
        return BadInput(f"{source}: bot.{key}: {reason}")

    if key == "review_topic":
        if not isinstance(value, str) or not value.strip():
            raise fail("must be a non-empty string")
        return value.strip()
    if key in ("server", "nick"):
        if not isinstance(value, str) or not value.strip() or any(char.isspace() for char in value.strip()):
            raise fail("must be a non-empty string without spaces")
        if key == "nick" and not is_nick(value.strip()):
            raise fail(f"{value.strip()!r} is no IRC nick (a letter or one of []\\`_^{{|}} first, then those, "
                       "digits and -)")
        return value.strip()
    if key in ("tls", "sasl"):
        if not isinstance(value, bool):
            raise fail("must be true or false")
        return value
    if key == "ignore":
        if not isinstance(value, list) or not all(isinstance(nick, str) and nick.strip() for nick in value):
            raise fail("must be a list of nicks")
        return tuple(nick.strip() for nick in value)
    if key == "per_second":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail("must be a positive number")
        return float(value)
    # port, remind_before, burst, command_cooldown, reconnect_min, reconnect_max
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail("must be an integer")
    if key == "port" and not 0 < value < 65536:
        raise fail("must be a port number between 1 and 65535")
    if key == "burst" and value < 1:
        raise fail("must be at least 1")
    if value < 0:
        raise fail("must not be negative")
    return value
