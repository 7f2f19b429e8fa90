"""Meeting description files: ``meetings/<id>.yaml`` in the irc-meetings format plus archwg's keys.

The dataclasses are the contract the other meeting modules use; loading and
validation (``load_description``) turn YAML into them with field-named errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archwg.dates import WEEKDAY_NAMES
from archwg.errors import BadInput
from archwg.irc import is_nick


@dataclass(frozen=True)
class Schedule:
    time: str  # "2000": HHMM, UTC
    day: str  # "Thursday"
    irc: str  # channel without '#', as irc-meetings writes it ("openstack-meeting-alt")
    frequency: str  # weekly, biweekly-even, biweekly-odd, quadweekly*, first-<weekday>, adhoc
    start_date: date | None = None
    skip_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class MeetingDescription:
    meeting_id: str
    project: str = ""
    chair: str = ""
    chairs: tuple[str, ...] = ()  # more chairs besides ``chair`` (the bot's !ping and #topic obey them)
    description: str = ""
    agenda_url: str = ""
    schedules: tuple[Schedule, ...] = ()
    courtesy_ping: tuple[str, ...] = ()
    # variant -> canonical nick, lower-cased keys: "rocky_g" -> "rockyg"
    aliases: tuple[tuple[str, str], ...] = field(default=())
    path: str = ""
    # Other names the meeting was started under, as written ("Storage Sync
    # 7/10/2018", "storage_sync_7_10_2018"): selection compares them as MeetBot spells them.
    names: tuple[str, ...] = ()

    def canonical(self, nick: str) -> str:
        """The nick a person is known by, folding the variants the description lists."""
        return canonical_nick(nick, self.aliases)


def canonical_nick(nick: str, aliases: tuple[tuple[str, str], ...]) -> str:
    lowered = nick.lower()
    for variant, canonical in aliases:
        if variant == lowered:
            return canonical
    return nick


# --- Loading and validation -------------------------------------------------

# The frequencies yaml2ical (the irc-meetings tool) understands, plus
# first-saturday/first-sunday for completeness. quadweekly-alternate is
# yaml2ical's other name for quadweekly-week-2.
FREQUENCIES = (
    "weekly",
    "biweekly-even",
    "biweekly-odd",
    "quadweekly",
    "quadweekly-week-1",
    "quadweekly-week-2",
    "quadweekly-week-3",
    "quadweekly-alternate",
    "adhoc",
    *(f"first-{day.lower()}" for day in WEEKDAY_NAMES),
)

_TIME_RE = re.compile(r"^([01][0-9]|2[0-3])[0-5][0-9]$")
_MEETING_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def load_description(path: Path | str) -> MeetingDescription:
    """Read and validate one ``meetings/<id>.yaml`` file.

    Every problem is a one-line BadInput naming the file and the field, so a
    chair can fix the file without reading code.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such meeting description file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a directory, not a meeting description file") from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text (byte {error.start})") from None
    return parse_description(text, str(path))


def parse_description(text: str, source: str) -> MeetingDescription:
    """Validate YAML *text* read from *source* (a path, only used in messages)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise BadInput(f"{where}: not valid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise BadInput(f"{source}: not valid YAML: {' '.join(str(error).split())}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{source}: not a meeting description (expected a mapping with meeting_id, project, schedule)")

    def fail(field_name: str, reason: str) -> BadInput:
        return BadInput(f"{source}: {field_name}: {reason}")

    meeting_id = _required_string(data, "meeting_id", fail)
    if not _MEETING_ID_RE.match(meeting_id):
        raise fail("meeting_id", f"{meeting_id!r} is not a MeetBot meeting name (letters, digits, _ . -)")
    project = _required_string(data, "project", fail)
    schedules_data = data.get("schedule")
    if schedules_data is None:
        raise fail("schedule", "missing (a list of entries with time, day, irc, frequency)")
    if not isinstance(schedules_data, list) or not schedules_data:
        raise fail("schedule", "must be a non-empty list of entries with time, day, irc, frequency")
    schedules = tuple(
        _schedule(entry, f"schedule[{index}]", fail) for index, entry in enumerate(schedules_data)
    )
    return MeetingDescription(
        meeting_id=meeting_id,
        project=project,
        chair=_optional_string(data, "chair", fail),
        chairs=_chairs(data.get("chairs"), fail),
        description=" ".join(_optional_string(data, "description", fail).split()),
        agenda_url=_optional_string(data, "agenda_url", fail),
        schedules=schedules,
        courtesy_ping=_courtesy_ping(data.get("courtesy_ping"), fail),
        aliases=_aliases(data.get("aliases"), fail),
        path=source,
        names=_names(data.get("names"), fail),
    )


def _required_string(data: dict, key: str, fail) -> str:
    if key not in data or data[key] is None:
        raise fail(key, "missing")
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"must be a non-empty string, got {value!r}")
    return value.strip()


def _optional_string(data: dict, key: str, fail) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail(key, f"must be a string, got {value!r}")
    return value.strip()


def _schedule(entry: Any, name: str, fail) -> Schedule:
    if not isinstance(entry, dict):
        raise fail(name, "must be a mapping with time, day, irc, frequency")
    for key in ("time", "day", "irc", "frequency"):
        if entry.get(key) is None:
            raise fail(f"{name}.{key}", "missing")

    time = entry["time"]
    if not isinstance(time, str):
        # Unquoted, YAML reads 2000 as a number and 0100 as octal 64.
        raise fail(f"{name}.time", f"must be a quoted 'HHMM' string such as '2000', got {time!r}")
    if not _TIME_RE.match(time):
        raise fail(f"{name}.time", f"{time!r} is not a UTC time HHMM between 0000 and 2359")

    day = str(entry["day"]).strip().lower().capitalize()
    if day not in WEEKDAY_NAMES:
        raise fail(f"{name}.day", f"{entry['day']!r} is not a day of the week ({', '.join(WEEKDAY_NAMES)})")

    irc = entry["irc"]
    if not isinstance(irc, str) or not irc.strip().lstrip("#"):
        raise fail(f"{name}.irc", f"must be a channel name such as openstack-meeting, got {irc!r}")
    irc = irc.strip().lstrip("#")
    if any(char.isspace() or char == "," for char in irc):
        raise fail(f"{name}.irc", f"{irc!r} is not an IRC channel name")

    frequency = entry["frequency"]
    if not isinstance(frequency, str) or frequency.strip().lower() not in FREQUENCIES:
        raise fail(f"{name}.frequency", f"unknown frequency {frequency!r} (known: {', '.join(FREQUENCIES)})")
    frequency = frequency.strip().lower()
    if frequency.startswith("first-") and frequency != f"first-{day.lower()}":
        raise fail(f"{name}.frequency", f"{frequency} does not fall on the schedule's day {day}")

    start_date = None
    if entry.get("start_date") is not None:
        start_date = _yaml2ical_date(entry["start_date"])
        if start_date is None:
            raise fail(f"{name}.start_date", f"{entry['start_date']!r} is not a date YYYYMMDD")

    skip_dates = []
    raw_skips = entry.get("skip_dates") or []
    if not isinstance(raw_skips, list):
        raise fail(f"{name}.skip_dates", "must be a list of {skip_date: YYYYMMDD, reason: ...} entries")
    for index, skip in enumerate(raw_skips):
        skip_name = f"{name}.skip_dates[{index}]"
        # irc-meetings writes {skip_date: 20170323, reason: PTG}; a bare date is accepted too.
        raw = skip.get("skip_date") if isinstance(skip, dict) else skip
        if raw is None:
            raise fail(skip_name, "missing skip_date")
        skipped = _yaml2ical_date(raw)
        if skipped is None:
            raise fail(skip_name, f"{raw!r} is not a date YYYYMMDD")
        if WEEKDAY_NAMES[skipped.weekday()] != day:
            raise fail(skip_name, f"{skipped.isoformat()} is a {WEEKDAY_NAMES[skipped.weekday()]}, the meeting is on {day}")
        skip_dates.append(skipped)

    return Schedule(
        time=time,
        day=day,
        irc=irc,
        frequency=frequency,
        start_date=start_date,
        skip_dates=tuple(sorted(set(skip_dates))),
    )


def _yaml2ical_date(value: Any) -> date | None:
    """yaml2ical's YYYYMMDD (an int or a string); a YAML date (2017-03-09) also works."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _courtesy_ping(value: Any, fail) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise fail("courtesy_ping", "must be a list of nicks")
    nicks = []
    for index, nick in enumerate(value):
        if not isinstance(nick, str) or not is_nick(nick.strip()):
            raise fail(f"courtesy_ping[{index}]", f"{nick!r} is not an IRC nick")
        nicks.append(nick.strip())
    return tuple(nicks)


def _aliases(value: Any, fail) -> tuple[tuple[str, str], ...]:
    """``{rockyg: [rocky_g]}`` -> ``(("rocky_g", "rockyg"),)``: variant (lower-cased) -> canonical."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise fail("aliases", "must be a mapping of nick: [other nicks of the same person]")
    pairs: dict[str, str] = {}
    for canonical, variants in value.items():
        if not isinstance(canonical, str) or not is_nick(canonical):
            raise fail("aliases", f"{canonical!r} is not an IRC nick")
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list):
            raise fail(f"aliases.{canonical}", "must be a list of nicks")
        for variant in variants:
            if not isinstance(variant, str) or not is_nick(variant):
                raise fail(f"aliases.{canonical}", f"{variant!r} is not an IRC nick")
            lowered = variant.lower()
            if lowered in pairs and pairs[lowered] != canonical:
                raise fail(f"aliases.{canonical}", f"{variant} is already an alias of {pairs[lowered]}")
            pairs[lowered] = canonical
    return tuple(pairs.items())


def _names(value: Any, fail) -> tuple[str, ...]:
    """``[Storage Sync 7/10/2018, storagesync]`` -> the names as written, stripped, in order, once each."""
    from archwg.meetings.meeting import meeting_name

    if value is None:
        return ()
    if not isinstance(value, list):
        raise fail("names", "must be a list of the other names the meeting was started under")
    names: dict[str, None] = {}
    for index, name in enumerate(value):
        if isinstance(name, bool) or not isinstance(name, (str, int)) or not meeting_name(str(name)):
            raise fail(f"names[{index}]", f"{name!r} is not a meeting name")
        names[str(name).strip()] = None
    return tuple(names)


def _chairs(value: Any, fail) -> tuple[str, ...]:
    """``chairs: [SpamapS, rockyg]``; a single nick is accepted as a list of one."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise fail("chairs", "must be a list of nicks")
    for index, nick in enumerate(value):
        if not isinstance(nick, str) or not is_nick(nick.strip()):
            raise fail(f"chairs[{index}]", f"{nick!r} is not an IRC nick")
    return tuple(nick.strip() for nick in value)
