"""What reading meeting logs learned, kept between runs: each file's parse and each series' carry state.

A chair runs ``carry-actions`` on years of logs of which one file is new. The
cache keeps, in a folder of its own (``$ARCHWG_CACHE_DIR``, else
``$XDG_CACHE_HOME/archwg``, else ``~/.cache/archwg``):

* the parse of every log file read: the meetings it holds as plain tuples and
  the warnings reading it gave, keyed by the file's path as written, size and
  ``mtime_ns`` and by how it was read (detail, format, date, named or found);
  one cache file per log folder;
* per series, the carry state after its newest meeting, keyed by the ordered
  (path, size, mtime_ns) of the files it came from: a run whose files are that
  list plus newer ones carries only the new meetings (``carry_state``).

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

import hashlib
import marshal
import os
import sys
import tempfile
from datetime import datetime
from typing import Callable, Iterable

from archwg.meetings.model import Item, Meeting

CACHE_VERSION = 1
MAGIC = b"archwg-meetings-cache\n"
# marshal's format changes with Python; a cache written by another one is not this one's.
FOLDER = f"v{CACHE_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}"
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
    """(path, size, mtime_ns) of a log file; None when it cannot be cached (stdin, gone, too large)."""
    if path == "-":
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if stat.st_size > MAX_CACHED_FILE:
        return None
    return (path, stat.st_size, stat.st_mtime_ns)


# --- Meetings as plain tuples ------------------------------------------------------


def meeting_facts(meeting: Meeting) -> tuple:
    start = meeting.start
    return (
        meeting.name,
        (start.year, start.month, start.day, start.hour, start.minute, start.second, start.microsecond),
        meeting.source,
        meeting.chairs,
        tuple(_item_facts(item) for item in meeting.items),
        meeting.lines_said,
        tuple(meeting.people),
        meeting.bot,
        tuple(_item_facts(item) for item in meeting.chair_lines),
        meeting.ended,
        meeting.warnings,
    )


def _item_facts(item: Item) -> tuple:
    return (item.kind, item.text, item.nick, item.time, item.line, item.topic)


def meeting_from_facts(facts: tuple) -> Meeting:
    name, start, source, chairs, items, lines_said, people, bot, chair_lines, ended, warnings = facts
    return Meeting(
        name=name,
        start=datetime(*start),
        source=source,
        chairs=chairs,
        items=tuple(Item(*item) for item in items),
        lines_said=lines_said,
        people=frozenset(people),
        bot=bot,
        chair_lines=tuple(Item(*item) for item in chair_lines),
        ended=ended,
        warnings=warnings,
    )


class MeetingCache:
    """One run's view of the cache folder: read lazily, written once at the end (``save``)."""

    def __init__(self, folder: str, warn: Warn | None = None):
        self.root = os.path.join(folder, FOLDER)
        self.warn = warn
        self._parses: dict[str, dict] = {}  # cache file -> {(path, how): (size, mtime_ns, facts)}
        self._dirty: set[str] = set()

    # -- parses -----------------------------------------------------------------

    def parse(self, key: FileKey, how: tuple) -> tuple[list[Meeting], tuple[str, ...], tuple] | None:
        """(the meetings, the warnings, the reasons for skipping) *key* gave when read *how*, if known."""
        path, size, mtime_ns = key
        entries = self._parse_file(path)
        found = entries.get((path, how))
        if found is None or found[0] != size or found[1] != mtime_ns:
            return None
        try:
            facts, warnings, skipped = found[2]
            meetings = [meeting_from_facts(meeting) for meeting in facts]
            if not all(isinstance(text, str) for text in warnings):
                raise TypeError("warnings")
            skipped = tuple((str(name), str(reason)) for name, reason in skipped)
        except (TypeError, ValueError, IndexError, OverflowError):
            # It unmarshalled, but into something else: written by another program, or damaged.
            self._say(f"cache file {self._parse_file_name(path)} is corrupt; ignored and rebuilt")
            self._parses[self._parse_file_name(path)] = {}
            return None
        return meetings, tuple(warnings), skipped

    def store_parse(self, key: FileKey, how: tuple, facts: tuple, warnings: tuple[str, ...],
                    skipped: tuple[tuple[str, str], ...]) -> None:
        """Keep what reading *key* gave: its meetings as ``meeting_facts``, the warnings, why it was skipped."""
        path, size, mtime_ns = key
        self._parse_file(path)[(path, how)] = (size, mtime_ns, (facts, warnings, skipped))
        self._dirty.add(self._parse_file_name(path))

    def _parse_file_name(self, path: str) -> str:
        folder = os.path.dirname(os.path.abspath(path))
        return os.path.join(self.root, "parses", _digest(folder) + ".marshal")

    def _parse_file(self, path: str) -> dict:
        name = self._parse_file_name(path)
        entries = self._parses.get(name)
        if entries is None:
            loaded = self._load(name)
            if loaded is not _MISSING and not isinstance(loaded, dict):
                self._say(f"cache file {name} is corrupt; ignored and rebuilt")
            entries = loaded if isinstance(loaded, dict) else {}
            self._parses[name] = entries
        return entries

    # -- carry states -------------------------------------------------------------

    def carry_state(self, series_key: tuple, files: list[FileKey]) -> tuple[int, object] | None:
        """(how many of *files* the saved state covers, the state), when *files* start with its files."""
        name = self._carry_file_name(series_key)
        saved = self._load(name)
        if saved is _MISSING:
            return None
        if not isinstance(saved, tuple) or len(saved) != 3:
            self._say(f"cache file {name} is corrupt; ignored and rebuilt")
            return None
        if saved[0] != series_key:
            return None
        _, covered, state = saved
        covered = list(covered)
        if not covered or files[: len(covered)] != covered:
            return None
        return len(covered), state

    def store_carry_state(self, series_key: tuple, files: Iterable[FileKey], state: object) -> None:
        self._write(self._carry_file_name(series_key), (series_key, tuple(files), state))

    def _carry_file_name(self, series_key: tuple) -> str:
        return os.path.join(self.root, "carry", _digest(repr(series_key)) + ".marshal")

    # -- files --------------------------------------------------------------------

    def save(self) -> None:
        """Write what this run parsed; a cache that cannot be written is only a slower next run."""
        for name in sorted(self._dirty):
            self._write(name, self._parses[name])
        self._dirty.clear()

    def _load(self, name: str) -> object:
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return _MISSING
        except OSError as error:
            self._say(f"cannot read the cache file {name} ({error.strerror or error}); not used")
            return _MISSING
        if not data.startswith(MAGIC):
            self._say(f"cache file {name} is not an archwg cache of this version; ignored and rebuilt")
            return _MISSING
        try:
            return marshal.loads(data[len(MAGIC):])
        except (EOFError, ValueError, TypeError):
            self._say(f"cache file {name} is corrupt; ignored and rebuilt")
            return _MISSING

    def _write(self, name: str, value: object) -> None:
        try:
            data = MAGIC + marshal.dumps(value)
        except ValueError:
            return  # not plain data: not cached
        folder = os.path.dirname(name)
        try:
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
            self._say(f"cannot write the cache in {folder} ({error.strerror or error}); run without it")

    def _say(self, message: str) -> None:
        if self.warn is not None:
            self.warn(message)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

