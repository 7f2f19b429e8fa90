"""What reading meeting logs learned, kept between runs: each file's parse and each series' carry state.

A chair runs ``carry-actions`` on years of logs of which one file is new. The
cache keeps, in a folder of its own (``$ARCHWG_CACHE_DIR``, else
``$XDG_CACHE_HOME/archwg``, else ``~/.cache/archwg``):

* the parse of every log file read: the meetings it holds as plain tuples and
  the warnings reading it gave, keyed by the file's path as written, size and
  ``mtime_ns`` and by how it was read (detail, format, date, named or found);
  a log folder's in ``PARSE_BUCKETS`` cache files, by file name, so that a
  run after one new meeting rewrites a small file, not the whole folder's;
* per series, the carry state after its newest meeting, keyed by the ordered
  (path, size, mtime_ns) of the files it came from: a run whose files are that
  list plus newer ones carries only the new meetings (``carry_state``);
* per question asked of ``carry_series`` (the logs as given, the series, the
  reading options, the working directory), the report it gave, keyed by the
  (path, size, mtime_ns) of every file listed: a run over unchanged files reads
  that one small file and no log, parse or carry state (``answer``). When
  MeetBot's file names chose the series, a run whose files are those plus new
  logs of that series reads only the new logs and carries them on from the
  saved carry state (``series._carry_newer_logs``).

Values are stored with ``marshal``: plain tuples, strings and numbers, fast to
load, and unlike pickle a foreign file cannot run code when read. The folder
name holds the cache version and the Python version (marshal's format is
Python's own), so an upgrade starts afresh. A file that cannot be read as this
version's cache (corrupt, cut off, written by something else) is ignored with
one warning and rebuilt. Writes go through a temporary file and a rename: a
reader never sees half a file. The output of every command is the same with
and without the cache; ``--no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from dataclasses import fields
from datetime import date, datetime
from itertools import starmap
from operator import attrgetter
from typing import Callable, Iterable

from archwg.meetings.model import ActionItem, CarryReport, Item, Meeting, Since

CACHE_VERSION = 10  # 2: read-out lines with review notes close their items (carry.py); 3: unreadable carried dates are said;
# 4: a folder's parses in PARSE_BUCKETS files, meetings read for carrying without their lines said;
# 5: answers keep how file names chose the series, and the series the description names;
# 6: a #startmeeting during a meeting waits for the bot's answer (meeting.py);
# 7: the bot's own lines are never commands nor links (meeting.py); 8: command names are ASCII, a bot's
# /me line is no answer to a #startmeeting, a refused #startmeeting keeps the order of first lines;
# 9: a file's parse is kept as the bytes packed_parse makes; 10: actions read for carrying keep no topic
MEETING_FIELDS = tuple(field.name for field in fields(Meeting))
ITEM_FIELDS = tuple(field.name for field in fields(Item))
REPORT_FIELDS = tuple(field.name for field in fields(CarryReport))
ACTION_FIELDS = tuple(field.name for field in fields(ActionItem))
MAGIC = b"archwg-meetings-cache\n"
# marshal's format changes with Python, and what a Meeting or a report holds with archwg:
# a cache written by another of either is not this one's.
_SHAPE = zlib.crc32(repr((MEETING_FIELDS, ITEM_FIELDS, REPORT_FIELDS, ACTION_FIELDS)).encode())
FOLDER = f"v{CACHE_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}-{_SHAPE:08x}"
# The parses of one log folder are kept in this many cache files (a new log rewrites one of them).
PARSE_BUCKETS = 16
# Files larger than this are streamed and never cached: their meetings would sit in memory whole.
MAX_CACHED_FILE = 16 * 1024 * 1024

Warn = Callable[[str], None]
_MISSING = object()  # no cache file (not the None a cache file may hold)
FileKey = tuple[str, int, int]  # path as written, size, mtime_ns


def cache_folder(environ: dict | None = None) -> str:
    """$ARCHWG_CACHE_DIR, else $XDG_CACHE_HOME/archwg, else ~/.cache/archwg."""
    environ = os.environ if environ is None else environ
    if environ.get("ARCHWG_CACHE_DIR"):
        return environ["ARCHWG_CACHE_DIR"]
    if environ.get("XDG_CACHE_HOME"):
        return os.path.join(environ["XDG_CACHE_HOME"], "archwg")
    return os.path.join(os.path.expanduser("~"), ".cache", "archwg")


def open_cache(enabled: bool, warn: Warn | None = None) -> MeetingCache | None:
    """The run's cache, in ``cache_folder()``; None with ``--no-cache`` (*enabled* False)."""
    return MeetingCache(cache_folder(), warn) if enabled else None


def file_key(path: str) -> FileKey | None:
    """(path, size, mtime_ns) of a log file; None for standard input or a file gone."""
    if path == "-":
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (path, stat.st_size, stat.st_mtime_ns)


def parse_cacheable(key: FileKey | None) -> bool:
    """Is the parse of this file kept? Not of standard input, nor of a file too large to hold whole."""
    return key is not None and key[1] <= MAX_CACHED_FILE


# --- Meetings as plain tuples ------------------------------------------------------


_item_fields = attrgetter(*ITEM_FIELDS)


def _item_facts(items: tuple[Item, ...]) -> tuple:
    return tuple(map(_item_fields, items))


def _items(facts: tuple) -> tuple[Item, ...]:
    return tuple(starmap(Item, facts))


def _start_facts(start: datetime) -> tuple:
    return (start.year, start.month, start.day, start.hour, start.minute, start.second, start.microsecond)


# How the fields that are not plain data are kept; every other field is kept as it is.
_TO_FACTS = {"start": _start_facts, "items": _item_facts, "chair_lines": _item_facts, "people": tuple}
_FROM_FACTS = {"start": lambda facts: datetime(*facts), "items": _items, "chair_lines": _items, "people": frozenset}


def meeting_facts(meeting: Meeting) -> tuple:
    """*meeting* as plain tuples, strings and numbers: what marshal keeps and processes send."""
    return tuple(
        _TO_FACTS[name](getattr(meeting, name)) if name in _TO_FACTS else getattr(meeting, name)
        for name in MEETING_FIELDS
    )


_FROM_FACTS_BY_FIELD = tuple(_FROM_FACTS.get(name) for name in MEETING_FIELDS)


def meeting_from_facts(facts: tuple) -> Meeting:
    if len(facts) != len(MEETING_FIELDS):
        raise ValueError("not the facts of a Meeting")
    # Positional, in the order of the fields: a warm run makes thousands.
    return Meeting(*[value if convert is None else convert(value)
                     for convert, value in zip(_FROM_FACTS_BY_FIELD, facts)])


def packed_parse(meetings: Iterable[Meeting], warnings: tuple[str, ...],
                 skipped: tuple[tuple[str, str], ...]) -> bytes:
    """What reading one file gave (its meetings, the warnings said, why it was skipped) as the parse
    cache keeps it: marshal's bytes, made where the file was read. The worker processes send these, and
    writing a folder's parses at the end of a run then only copies bytes (it marshalled 2,000 files' facts
    there, 16 ms of a run's last, unshared part)."""
    return marshal.dumps((tuple(map(meeting_facts, meetings)), warnings, skipped))


def unpacked_parse(packed: bytes) -> tuple[list[Meeting], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """``packed_parse`` read back; ValueError (or TypeError...) when *packed* is something else."""
    facts, warnings, skipped = marshal.loads(packed)
    meetings = [meeting_from_facts(meeting) for meeting in facts]
    if not all(isinstance(text, str) for text in warnings):
        raise TypeError("warnings")
    return meetings, tuple(warnings), tuple((str(name), str(reason)) for name, reason in skipped)


# --- A carry report as plain tuples -------------------------------------------------
#
# Dates are kept as ordinals, a Since as (ordinal, precision).


def _day_facts(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _day(facts: int | None) -> date | None:
    return None if facts is None else date.fromordinal(facts)


def _action_facts(item: ActionItem) -> tuple:
    since = None if item.since is None else (item.since.date.toordinal(), item.since.precision)
    return (item.owners, item.text, since, tuple(day.toordinal() for day in item.recorded), item.reviewed,
            _day_facts(item.closed), item.meeting, item.links, item.marked_carried,
            None if item.open_through is None else tuple(day.toordinal() for day in item.open_through))


def _action(facts: tuple) -> ActionItem:
    owners, text, since, recorded, reviewed, closed, meeting, links, marked_carried, open_through = facts
    return ActionItem(
        owners=tuple(owners), text=text,
        since=None if since is None else Since(date.fromordinal(since[0]), since[1]),
        recorded=tuple(map(date.fromordinal, recorded)), reviewed=reviewed, closed=_day(closed),
        meeting=meeting, links=tuple(links), marked_carried=marked_carried,
        open_through=None if open_through is None else tuple(map(date.fromordinal, open_through)),
    )


def report_facts(report: CarryReport) -> tuple:
    """*report* as plain tuples, strings and numbers, for ``MeetingCache.store_answer``."""
    return (report.series, _day_facts(report.date), report.source, tuple(map(_action_facts, report.open)),
            tuple(map(_action_facts, report.closed)), report.warnings, report.meetings)


def report_from_facts(facts: tuple) -> CarryReport:
    series, day, source, open_items, closed, warnings, meetings = facts
    return CarryReport(series=series, date=_day(day), source=source, open=tuple(map(_action, open_items)),
                       closed=tuple(map(_action, closed)), warnings=tuple(warnings), meetings=meetings)


class MeetingCache:
    """One run's view of the cache folder: read lazily, written once at the end (``save``)."""

    def __init__(self, folder: str, warn: Warn | None = None):
        self.folder = folder
        self.root = os.path.join(folder, FOLDER)
        self.unusable = False  # set at the first error reading or writing it: said once, then left alone
        self.warn = warn
        self._parses: dict[str, dict] = {}  # cache file -> {(path, how): (size, mtime_ns, facts)}
        self._dirty: set[str] = set()
        # path -> (path, size, mtime_ns) as this run read it: the carry state's key.
        self.read_keys: dict[str, FileKey] = {}
        self.read_how: dict[str, tuple] = {}  # path -> how this run read it (format, --date, ...)
        self._names: dict[str, str] = {}  # folder as written -> the start of its cache files' names

    def file_key(self, path: str) -> FileKey | None:
        """``file_key(path)``, taken once a run and kept in ``read_keys``: what carry_with_cache keys its state on."""
        key = self.read_keys.get(path)
        if key is None:
            key = file_key(path)
            if key is not None:
                self.read_keys[path] = key
        return key

    # -- parses -----------------------------------------------------------------

    def parse(self, key: FileKey, how: tuple) -> tuple[list[Meeting], tuple[str, ...], tuple] | None:
        """(the meetings, the warnings, the reasons for skipping) *key* gave when read *how*, if known."""
        path, size, mtime_ns = key
        entries = self._parse_file(path)
        found = entries.get((path, how))
        if found is None:
            return None
        try:
            known_size, known_mtime_ns, packed = found
            if known_size != size or known_mtime_ns != mtime_ns:
                return None
            return unpacked_parse(packed)
        except (TypeError, ValueError, IndexError, OverflowError, EOFError):
            # It unmarshalled, but into something else: written by another program, or damaged.
            self.say(f"cache file {self._parse_file_name(path)} is corrupt; ignored and rebuilt")
            self._parses[self._parse_file_name(path)] = {}
            return None

    def store_parse(self, key: FileKey, how: tuple, packed: bytes) -> None:
        """Keep what reading *key* gave (``packed_parse``)."""
        path, size, mtime_ns = key
        self._parse_file(path)[(path, how)] = (size, mtime_ns, packed)
        self._dirty.add(self._parse_file_name(path))

    def _parse_file_name(self, path: str) -> str:
        folder, file_name = os.path.split(path)
        prefix = self._names.get(folder)
        if prefix is None:
            prefix = self._names[folder] = os.path.join(self.root, "parses", _digest(os.path.abspath(folder or ".")))
        bucket = zlib.crc32(file_name.encode("utf-8", "surrogateescape")) % PARSE_BUCKETS
        return f"{prefix}-{bucket:02d}.marshal"

    def _parse_file(self, path: str) -> dict:
        name = self._parse_file_name(path)
        entries = self._parses.get(name)
        if entries is None:
            loaded = self._load(name)
            if loaded is not _MISSING and not isinstance(loaded, dict):
                self.say(f"cache file {name} is corrupt; ignored and rebuilt")
            entries = loaded if isinstance(loaded, dict) else {}
            self._parses[name] = entries
        return entries

    # -- carry states -------------------------------------------------------------

    def carry_state(self, series_key: tuple, files: list[FileKey]) -> tuple[int, object] | None:
        """(how many of *files* the saved state covers, the state), when *files* start with its files."""
        saved = self._keyed(self._carry_file_name(series_key), series_key)
        if saved is None:
            return None
        covered, state = saved
        covered = list(covered)
        if not covered or files[: len(covered)] != covered:
            return None
        return len(covered), state

    def store_carry_state(self, series_key: tuple, files: Iterable[FileKey], state: object) -> None:
        self._write(self._carry_file_name(series_key), (series_key, tuple(files), state))

    def _keyed(self, name: str, key: tuple) -> tuple | None:
        """The (files, value) a cache file written as (key, files, value) keeps for *key*; None when it
        keeps another key's or nothing, with a warning when it is damaged."""
        saved = self._load(name)
        if saved is _MISSING:
            return None
        if not isinstance(saved, tuple) or len(saved) != 3:
            self.say(f"cache file {name} is corrupt; ignored and rebuilt")
            return None
        if saved[0] != key:
            return None
        return saved[1], saved[2]

    def _carry_file_name(self, series_key: tuple) -> str:
        return os.path.join(self.root, "carry", _digest(repr(series_key)) + ".marshal")

    # -- answers --------------------------------------------------------------------

    def answer(self, question: tuple, files: list[tuple[FileKey, bool]]) -> tuple[tuple, object] | None:
        """(the files it was asked of, what ``store_answer`` kept for *question*), when it was asked of these
        very *files* (unchanged), or of some of them (a run after new meetings)."""
        saved = self._keyed(self._answer_file_name(question), question)
        if saved is None:
            return None
        listed, answer = saved
        if not listed or not set(listed) <= set(files):
            return None
        return listed, answer

    def store_answer(self, question: tuple, files: Iterable[tuple[FileKey, bool]], answer: object) -> None:
        """Keep *answer* to *question* (plain data), good while *files* stay as they are; one per question."""
        self._write(self._answer_file_name(question), (question, tuple(files), answer))

    def _answer_file_name(self, question: tuple) -> str:
        return os.path.join(self.root, "answers", _digest(repr(question)) + ".marshal")

    # -- files --------------------------------------------------------------------

    def save(self) -> None:
        """Write what this run parsed; a cache that cannot be written is only a slower next run."""
        for name in sorted(self._dirty):
            self._write(name, self._parses[name])
        self._dirty.clear()

    def _load(self, name: str) -> object:
        if self.unusable:
            return _MISSING
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return _MISSING
        except OSError as error:
            self._give_up(error)
            return _MISSING
        if not data.startswith(MAGIC):
            self.say(f"cache file {name} is not an archwg cache of this version; ignored and rebuilt")
            return _MISSING
        try:
            return marshal.loads(data[len(MAGIC):])
        except (EOFError, ValueError, TypeError):
            self.say(f"cache file {name} is corrupt; ignored and rebuilt")
            return _MISSING

    def _write(self, name: str, value: object) -> None:
        if self.unusable:
            return
        try:
            data = MAGIC + marshal.dumps(value)
        except ValueError:
            return  # not plain data: not cached
        folder = os.path.dirname(name)
        try:
            import tempfile  # only when writing: a warm run writes nothing

            os.makedirs(folder, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                # No fsync: a cache torn by a crash is found corrupt and rebuilt.
                os.replace(temporary, name)
            except BaseException:
                _remove(temporary)
                raise
        except OSError as error:
            self._give_up(error)

    def _give_up(self, error: OSError) -> None:
        # A folder that cannot be used fails each file alike: one warning, not one per file.
        self.unusable = True
        self.say(f"cannot use the cache folder {self.folder} ({error.strerror or error}); run without it")

    def say(self, message: str) -> None:
        if self.warn is not None:
            self.warn(message)


def carry_with_cache(cache: MeetingCache | None, meetings: list[Meeting], aliases=(), known_nicks=(), ahead=None):
    """``carry(meetings, aliases, known_nicks)``, resumed from the state a run on the same files left.

    The state saved after the newest meeting is keyed by the series, the
    aliases and known nicks, and the ordered (path, size, mtime_ns) of the
    files its meetings came from. When this run's meetings are those, from
    the same unchanged files, followed by newer ones from other files, only
    the newer ones are carried (when ``Carrier.resume`` says that gives what
    carrying them all gives). Anything else carries from the first meeting;
    either way the new state is saved. *ahead*: a carrier fed the meetings as they were read
    (``Carrier.ahead_of_reading``), used instead of carrying them again when it carried what that gives.
    """
    from archwg.meetings.carry import Carrier, carry

    if ahead is not None and not ahead.carried_as_for_series(meetings, aliases, known_nicks):
        ahead = None
    keys = _file_keys(cache, meetings)
    if cache is None or keys is None or not meetings:
        return ahead.report() if ahead is not None else carry(meetings, aliases=aliases, known_nicks=known_nicks)
    key = series_key(cache, meetings, aliases, known_nicks)
    resumed = _resumed_carrier(cache, key, keys, meetings, aliases, known_nicks)
    if resumed is not None:
        carrier, newer = resumed
        if not newer:
            return carrier.report()
    elif ahead is not None:
        carrier, newer = ahead, []
    else:
        carrier, newer = Carrier.for_series(meetings, aliases, known_nicks), meetings
    for meeting in newer:
        carrier.meeting(meeting)
    cache.store_carry_state(key, keys, (len(meetings), carrier.to_state()))
    return carrier.report()


def series_key(cache: MeetingCache, meetings: list[Meeting], aliases=(), known_nicks=()) -> tuple:
    """What a saved carry state of the series *meetings* (read through *cache*) is kept under."""
    # The working directory too: paths are as written, and the report names the newest one.
    return (meetings[0].name.lower(), tuple(tuple(pair) for pair in aliases), tuple(known_nicks), os.getcwd(),
            _hows(cache, meetings))


def is_series_key(key: object) -> bool:
    """Is *key* what ``series_key`` makes (read back from a cache file that may be damaged)?"""
    return isinstance(key, tuple) and len(key) == 5 and isinstance(key[4], tuple)


def _hows(cache: MeetingCache, meetings: list[Meeting]) -> tuple[str, ...]:
    # How the files were read: another --date or --input-format gives other meetings from the same files.
    return tuple(sorted(map(repr, {cache.read_how.get(meeting.source) for meeting in meetings})))


def carry_on(cache: MeetingCache, key: tuple, files: list[FileKey], newer: list[Meeting], aliases=(),
             known_nicks=()) -> CarryReport | None:
    """The report of a series whose carry state, saved under *key*, covers exactly the meetings of *files*,
    fed the *newer* meetings (read through *cache* from files after those): what ``carry_with_cache`` gives
    for them all. None when no such state is saved, or resuming it would not give what carrying them all gives.
    """
    newer_keys = _file_keys(cache, newer)
    if not newer or newer_keys is None or set(newer_keys) & set(files):
        return None
    if not set(_hows(cache, newer)) <= set(key[4]):
        return None  # a new file read another way: the series' key would change
    keys = [*files, *newer_keys]
    saved = cache.carry_state(key, keys)
    if saved is None or saved[0] != len(files):
        return None
    saved_state = _saved_state(cache, saved[1])
    carrier = None if saved_state is None else _resume(cache, saved_state[1], newer, aliases, known_nicks)
    if carrier is None or not carrier.starts_after_newest(newer[0]):
        return None
    for meeting in newer:
        carrier.meeting(meeting)
    cache.store_carry_state(key, keys, (saved_state[0] + len(newer), carrier.to_state()))
    return carrier.report()


def _resumed_carrier(cache: MeetingCache, series_key: tuple, keys: list[FileKey], meetings: list[Meeting],
                     aliases, known_nicks):
    """(the saved carrier, the meetings it has not seen), when the saved state covers the first of *meetings*."""
    saved = cache.carry_state(series_key, keys)
    saved_state = None if saved is None else _saved_state(cache, saved[1])
    if saved_state is None:
        return None
    count, state = saved_state
    # The meetings of the files it covers, and only those, must be the ones it saw.
    paths = {path for path, _, _ in keys[: saved[0]]}
    newer = meetings[count:]
    if any(meeting.source not in paths for meeting in meetings[:count]) or any(
            meeting.source in paths for meeting in newer):
        return None
    carrier = _resume(cache, state, newer, aliases, known_nicks)
    return None if carrier is None else (carrier, newer)


def _saved_state(cache: MeetingCache, payload: object) -> tuple[int, object] | None:
    """(how many meetings a saved carry state saw, the state)."""
    if isinstance(payload, tuple) and len(payload) == 2 and isinstance(payload[0], int):
        return payload
    cache.say("a saved carry state is corrupt; ignored and rebuilt")
    return None


def _resume(cache: MeetingCache, state: object, newer: list[Meeting], aliases, known_nicks):
    """``Carrier.resume``; None, with a warning, when *state* is not a carry state."""
    from archwg.meetings.carry import Carrier

    try:
        return Carrier.resume(state, newer, aliases, known_nicks)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        cache.say("a saved carry state is corrupt; ignored and rebuilt")
        return None


def _file_keys(cache: MeetingCache | None, meetings: list[Meeting]) -> list[FileKey] | None:
    """The ordered keys of the files *meetings* came from, as read this run; None if one is unknown."""
    if cache is None:
        return None
    keys: list[FileKey] = []
    for meeting in meetings:
        key = cache.read_keys.get(meeting.source)
        if key is None:
            return None
        if not keys or keys[-1] != key:
            keys.append(key)
    return keys


def _digest(text: str) -> str:
    """A file name for *text*. Two texts may share one: what a file holds says what it is for."""
    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

