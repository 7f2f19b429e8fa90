"""Read meetings from files, folders and standard input, in any format archwg knows.

``read_meetings`` is the one entry point the commands use. It streams: each
file is read in chunks and each Meeting is yielded as soon as it ends, so an
archive of years of logs never sits in memory.

In a folder (read recursively, in name order), MeetBot leaves up to four
files per meeting: ``x.log.txt``, ``x.log.html``, ``x.txt`` and ``x.html``.
The meeting is read once, from the best of them: the raw ``.log.txt``, else
the ``.log.html``, else the text minutes, else the HTML minutes. Files in a
folder that cannot be read as meetings (not a log, no date, ...) are skipped
with one warning each (the stub MeetBot leaves after ``#meetingname`` beside
the renamed meeting's log, without one); a file named explicitly that
cannot is an error.

``warn`` receives what concerns a file (a latin-1 fallback, a file skipped);
what concerns one meeting (no ``#endmeeting``) is in ``Meeting.warnings``, for
the command to report only for the meetings it reports on.

``detail`` says what the caller reads: ``"full"`` (minutes) keeps every item;
``"actions"`` (carrying) keeps only the ``#action`` items, which lets the
readers skip most commands and keeps a long meeting's links and notes out of
memory, and drops the lines said (``series.slim``). Everything else in each
Meeting is the same; in both, the chair lines kept are those that may review
action items (``meeting.is_review_line``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from archwg.errors import ArchwgError, BadInput
from archwg.meetings.cache import MeetingCache, file_key, packed_parse, parse_cacheable, unpacked_parse
from archwg.meetings.model import Meeting
from archwg.meetings.readers import detect
from archwg.meetings.readers.textio import ByteSource

Warn = Callable[[str], None]

# The best copy of a meeting first: the raw log holds everything, minutes the least.
SIBLING_SUFFIXES = (".log.txt", ".log.html", ".txt", ".html")
PROGRESS_BYTES = 4 * 1024 * 1024  # below a few MB a progress bar is only noise: reading takes a moment
# Files to read: from this many, other processes read them (below it, starting
# processes costs more than it saves; 1.6x faster on two cores from a few hundred).
PARALLEL_FROM = 100
MAX_WORKERS = 8
FULL = "full"
ACTIONS = "actions"
DETAILS = (FULL, ACTIONS)


def read_meetings(
    sources: Iterable[str],
    input_format: str | None = None,
    log_date: date | None = None,
    warn: Warn | None = None,
    progress: bool = False,
    detail: str = FULL,
    require_meeting: bool = False,
    cache: MeetingCache | None = None,
) -> Iterator[Meeting]:
    """Every meeting in *sources* (files, folders, ``-`` for standard input), one at a time.

    With *require_meeting*, finding no meeting at all is an error that names
    the sources (a folder with how many files it holds, a named file with why
    it holds none); without it, an empty result is the caller's to judge.
    With a *cache* (``archwg.meetings.cache``), files read before and unchanged
    since are not read again: the same meetings and warnings come from it.
    """
    if input_format is not None and input_format not in detect.FORMATS:
        raise BadInput(f"unknown input format {input_format!r} (known: {', '.join(detect.FORMATS)})")
    sources = list(sources)
    files = log_files(sources)
    # Why a file named explicitly held no meeting: said once at the end, as a
    # warning, or in the error when nothing else held a meeting either.
    skipped: dict[str, str] = {}
    found = 0
    for meeting in _read_files(files, input_format, log_date, warn, progress, detail, skipped, cache):
        found += 1
        yield meeting
    if not found and require_meeting:
        raise BadInput(f"no meeting found in {_describe_sources(sources, files, skipped)}")
    _warn_skipped(skipped, warn)


def log_files(sources: Iterable[str]) -> list[tuple[str, bool]]:
    """(path, named explicitly) for every file *sources* name: folders read recursively, siblings once.

    What ``read_meetings`` reads; a caller that can tell from the names which
    files it needs gives those to ``read_log_files``.
    """
    return list(_expand(sources))


def read_log_files(
    files: Iterable[tuple[str, bool]],
    input_format: str | None = None,
    log_date: date | None = None,
    warn: Warn | None = None,
    progress: bool = False,
    detail: str = FULL,
    cache: MeetingCache | None = None,
) -> Iterator[Meeting]:
    """Every meeting in *files*, pairs from ``log_files``: ``read_meetings`` without the expansion of sources."""
    skipped: dict[str, str] = {}
    yield from _read_files(list(files), input_format, log_date, warn, progress, detail, skipped, cache)
    _warn_skipped(skipped, warn)


def _read_files(files, input_format, log_date, warn, progress, detail, skipped, cache) -> Iterator[Meeting]:
    if input_format is not None and input_format not in detect.FORMATS:
        raise BadInput(f"unknown input format {input_format!r} (known: {', '.join(detect.FORMATS)})")
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, not {detail!r}")
    review_only = detail == ACTIONS
    reader = _LazyReader()  # this run's: its patterns serve every file (made when a file is read here)
    many = len(files) >= PARALLEL_FROM
    renamed = _beside_their_rename([path for path, explicit in files if not explicit])
    # Each file: (path, explicit, beside its rename, its cache key, how it is read, what the cache knows of it).
    plan = []
    for path, explicit in files:
        key = cache.file_key(path) if cache is not None else file_key(path) if many else None
        if not parse_cacheable(key):
            key = None  # read here, streamed: standard input, or too large to hold whole
        beside = path in renamed
        how = (detail, input_format, log_date.isoformat() if log_date else None, explicit, beside)
        if cache is not None and key is not None:
            cache.read_how[path] = how  # a carry state holds what the files gave read this way only
        known = cache.parse(key, how) if cache is not None and key is not None else None
        plan.append((path, explicit, beside, key, how, known))
    # Files small enough to be read whole are read by other processes when there are many.
    elsewhere = [(path, explicit, beside) for path, explicit, beside, key, _, known in plan
                 if known is None and key is not None]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    parsed = None
    if len(elsewhere) >= PARALLEL_FROM and workers > 1:
        parsed = _parse_in_processes(elsewhere, input_format, log_date, detail, workers)
    bar = None
    if progress:
        sizes = [_size(path) for path, _ in files]
        if sum(sizes) > PROGRESS_BYTES:
            bar = _ProgressBar(sizes, None if progress is True else progress)
    try:
        for path, explicit, beside, key, how, known in plan:
            if known is None and key is not None and (parsed is not None or cache is not None):
                if parsed is not None:
                    packed = next(parsed)
                    known = unpacked_parse(packed)
                else:
                    known = _read_whole(path, explicit, input_format, log_date, review_only, reader, beside)
                    packed = packed_parse(*known)  # here, a cache keeps it
                if cache is not None:
                    cache.store_parse(key, how, packed)
            if known is None:
                # Streamed: standard input, a file too large to hold whole, or no cache and few files.
                yield from _read_one(path, explicit, input_format, log_date, warn, review_only, skipped, reader,
                                     beside)
            else:
                meetings, told, said_skipped = known
                if warn is not None:
                    for message in told:
                        warn(message)
                skipped.update(said_skipped)
                yield from meetings
            if bar is not None:
                bar.advance()  # one file more
    finally:
        if bar is not None:
            bar.close()
    if cache is not None:
        cache.save()


class _LazyReader:
    """The run's LogReader, imported and made only if a file is read in this process (not on a warm run)."""

    def __init__(self) -> None:
        self._reader = None

    def meetings(self, *args, **kwargs) -> Iterator[Meeting]:
        if self._reader is None:
            from archwg.meetings.readers.fastlog import LogReader

            self._reader = LogReader()
        return self._reader.meetings(*args, **kwargs)


def _read_whole(path: str, explicit: bool, input_format, log_date, review_only: bool, reader=None,
                beside_rename: bool = False) -> tuple:
    """(the meetings, the warnings said, why it was skipped) of one file read whole.

    An error (a file named explicitly that holds no meeting) is raised.
    """
    told: list[str] = []
    said_skipped: dict[str, str] = {}
    meetings = list(_read_one(path, explicit, input_format, log_date, told.append, review_only, said_skipped, reader,
                              beside_rename))
    return meetings, tuple(told), tuple(said_skipped.items())


def _parse_file(path: str, explicit: bool, input_format, log_date, review_only: bool, reader=None,
                beside_rename: bool = False) -> bytes:
    """``_read_whole`` packed as the parse cache keeps it (``packed_parse``): what another process sends back."""
    return packed_parse(*_read_whole(path, explicit, input_format, log_date, review_only, reader, beside_rename))


def _parse_in_processes(files, input_format, log_date, detail, workers: int) -> Iterator[bytes]:
    """``_parse_file`` of each of *files*, in their order, read by *workers* processes.

    Each process is sent runs of files, which it reads with one LogReader:
    the patterns it compiles serve the whole run (10% of reading a short log).
    The processes start here, before any progress bar's thread does.
    """
    from concurrent.futures import ProcessPoolExecutor

    # Imported before the processes fork: each would otherwise import it again.
    import archwg.meetings.readers.fastlog  # noqa: F401

    jobs = list(files)
    size = max(1, len(jobs) // (workers * 32))  # small runs: no process waits long for the last one
    runs = [(jobs[start : start + size], input_format, log_date, detail) for start in range(0, len(jobs), size)]
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        results = pool.map(_parse_run, runs)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return _results(pool, results)


def _results(pool, results: Iterator) -> Iterator[bytes]:
    try:
        for run in results:
            for result in run:
                if isinstance(result, ArchwgError):
                    raise result  # where reading here would have raised it: after the files before
                yield result
    finally:
        # A reader that stops early (the series found elsewhere, an error) leaves nothing running.
        pool.shutdown(cancel_futures=True)


def _parse_run(run: tuple) -> list[bytes | ArchwgError]:
    """``_parse_file`` of each file of a run, with one LogReader; a file's error stops the run there."""
    from archwg.meetings.readers.fastlog import LogReader

    files, input_format, log_date, detail = run
    reader = LogReader()
    results: list[bytes | ArchwgError] = []
    for path, explicit, beside_rename in files:
        try:
            results.append(_parse_file(path, explicit, input_format, log_date, detail == ACTIONS, reader,
                                       beside_rename))
        except ArchwgError as error:
            results.append(error)
            break
    return results


def _beside_their_rename(paths: list[str]) -> set[str]:
    """The files of *paths* whose MeetBot name bears the start another series' file in their folder bears:
    the stub MeetBot leaves under a meeting's first name and the log under the name #meetingname gave it.

    The folders are listed whole: a run may read the stub and not the log (another series').
    """
    from archwg.meetings.meeting import file_name_facts

    series_at: dict[tuple[str, object], set[str]] = {}
    start_of: dict[tuple[str, str], object] = {}  # (folder, file name) -> its start: each name read once
    for folder in {os.path.dirname(path) for path in paths}:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            series, start = file_name_facts(name)
            if series is not None and start is not None:
                series_at.setdefault((folder, start), set()).add(series.lower())
                start_of[(folder, name)] = start
    beside = set()
    for path in paths:
        folder, name = os.path.split(path)
        start = start_of.get((folder, name))
        if start is not None and len(series_at[(folder, start)]) > 1:
            beside.add(path)
    return beside


def _warn_skipped(skipped: dict[str, str], warn: Warn | None) -> None:
    if warn is not None:
        for name, reason in skipped.items():
            warn(f"{name}: {reason}; skipped")


def _describe_sources(sources: list[str], files: list[tuple[str, bool]], skipped: dict[str, str]) -> str:
    """'logs/ (0 files)', 'x.log.txt: only a #startmeeting line (...)': what was read, for an error."""
    labels = []
    for source in sources:
        if source != "-" and Path(source).is_dir():
            folder = Path(source)
            count = sum(1 for path, explicit in files if not explicit and folder in Path(path).parents)
            labels.append(f"{source.rstrip('/')}/ ({count} file{'' if count == 1 else 's'})")
        else:
            name = "<stdin>" if source == "-" else source
            labels.append(f"{name}: {skipped[name]}" if name in skipped else name)
    return "; ".join(labels)


def _size(path: str) -> int:
    try:
        return 0 if path == "-" else os.stat(path).st_size
    except OSError:
        return 0  # reading it says what is wrong


class _ProgressBar:
    """A transient bar in bytes on *console* (None: standard error), one step per file."""

    def __init__(self, sizes: list[int], console=None):
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("reading logs"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
        self.sizes = iter(sizes)
        self.progress = Progress(*columns, transient=True, console=console or _stderr_console())
        self.progress.start()
        self.task = self.progress.add_task("logs", total=sum(sizes))

    def advance(self) -> None:
        self.progress.advance(self.task, next(self.sizes, 0))

    def close(self) -> None:
        self.progress.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _expand(sources: Iterable[str]) -> Iterator[tuple[str, bool]]:
    for source in sources:
        if source == "-":
            yield "-", True
            continue
        path = Path(source)
        if path.is_dir():
            for file in _folder_files(str(path)):
                yield file, False
        elif path.is_file():
            yield str(path), True
        elif path.exists():
            raise BadInput(f"{source}: not a regular file")
        else:
            raise BadInput(f"{source}: no such file or directory")


def _folder_files(folder: str) -> list[str]:
    """The files under *folder* to read, hidden ones aside, the best sibling of each meeting, in path order.

    Paths are strings and the walk is os.scandir's: an archive of 19,000
    files is listed in a fraction of what Path objects cost.
    """
    files: list[tuple[str, ...]] = []  # path parts under folder: sorted as Paths sort
    _walk(folder, (), files)
    files.sort()
    best: dict[tuple[tuple[str, ...], str], tuple[int, tuple[str, ...]]] = {}
    chosen: list[tuple[str, ...]] = []
    for parts in files:
        name = parts[-1]
        for rank, suffix in enumerate(SIBLING_SUFFIXES):
            if name.endswith(suffix):
                key = (parts[:-1], name[: -len(suffix)])
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, parts)
                break
        else:
            chosen.append(parts)
    chosen.extend(parts for _, parts in best.values())
    chosen.sort()
    prefix = "" if folder == "." else folder if folder.endswith("/") else folder + "/"
    return [prefix + "/".join(parts) for parts in chosen]


def _walk(folder: str, under: tuple[str, ...], files: list[tuple[str, ...]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # as rglob: a folder that cannot be listed holds nothing to read
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():  # as rglob: a link to a folder is not followed
                _walk(entry.path, under + (entry.name,), files)
        elif entry.is_file():
            files.append(under + (entry.name,))


def _open(path: str) -> tuple[BinaryIO, bool]:
    if path == "-":
        return sys.stdin.buffer, False
    try:
        return open(path, "rb"), True
    except OSError as error:
        raise BadInput(f"{path}: cannot read: {error.strerror or error}") from None


def _read_one(
    path: str,
    explicit: bool,
    input_format: str | None,
    log_date: date | None,
    warn: Warn | None,
    review_only: bool = False,
    skipped: dict[str, str] | None = None,
    reader=None,
    beside_rename: bool = False,
) -> Iterator[Meeting]:
    name = "<stdin>" if path == "-" else path
    stream, close = _open(path)
    try:
        source = ByteSource(stream, name)
        fmt = input_format
        if fmt is None and not source.looks_binary():
            fmt = detect.LOG_TXT if detect.meetbot_shaped(source.head) else detect.detect_format(source.head_text())
        if fmt is None:
            message = f"{name}: not a meeting log ({_why_not(source)})"
            if explicit:
                raise BadInput(message)
            if warn is not None:
                warn(message + "; skipped")
            return
        found = False
        try:
            for meeting in _meetings_of(source, fmt, log_date, warn, review_only, reader):
                if _is_rename_stub(meeting):
                    reason = "only a #startmeeting line (the stub MeetBot leaves after #meetingname)"
                    if explicit and skipped is not None:
                        skipped[name] = reason
                    elif warn is not None and (explicit or not beside_rename):
                        # Beside the log of the meeting it renamed, it is said nothing of: MeetBot leaves
                        # one for every meeting renamed with #meetingname (Fedora's, every week), and a
                        # warning each would drown what matters. Alone, it may be a meeting cut off.
                        warn(f"{name}: {reason}; skipped")
                    found = True
                    continue
                found = True
                # The meeting's own warnings (no #endmeeting) stay on it: the
                # command reports those of the meetings it reports on. Carrying
                # never reads the lines said: they stay out of the cache and of
                # what other processes send back.
                yield replace(meeting, lines_said=()) if review_only else meeting
        except BadInput as error:
            # One unreadable file found in a folder (no date, binary past its
            # head...) must not stop the reading of a whole archive.
            if explicit:
                raise
            if warn is not None:
                warn(f"{error}; skipped")
            return
        if not found:
            message = f"{name}: no #startmeeting found: not a meeting log"
            if explicit:
                raise BadInput(message)
            if warn is not None:
                warn(message + "; skipped")
    finally:
        if close:
            stream.close()


def _meetings_of(
    source: ByteSource, fmt: str, log_date: date | None, warn: Warn | None, review_only: bool, reader
) -> Iterator[Meeting]:
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.textio import iter_text_lines

    channel = None  # an HTML log names it in its title, irssi and weechat in their first lines; MeetBot's .log.txt never
    if fmt in (detect.IRSSI, detect.WEECHAT):
        from archwg.meetings.readers.irclog import irc_log_channel

        channel = irc_log_channel(source.head_text())
    if fmt in (detect.LOG_TXT, detect.IRSSI):
        # The hot path: bytes, and only the lines that matter become objects.
        if reader is None:
            from archwg.meetings.readers.fastlog import LogReader

            reader = LogReader()
        for meeting in reader.meetings(source, log_date=log_date, warn=warn, review_only=review_only):
            yield meeting if channel is None else replace(meeting, channel=channel)
        return
    if fmt == detect.WEECHAT:
        from archwg.meetings.readers.irclog import read_weechat_lines

        lines = read_weechat_lines(iter_text_lines(source, warn))
    elif fmt == detect.LOG_HTML:
        from archwg.meetings.readers.loghtml import html_log_channel, read_html_log_lines

        channel = html_log_channel(source.head_text())
        lines = read_html_log_lines(source, warn)
    elif fmt == detect.RUN_TOGETHER:
        from archwg.meetings.readers.runtogether import read_run_together_lines

        lines = read_run_together_lines(source, warn)
    else:
        from archwg.meetings.readers.minutes import read_minutes

        yield from read_minutes(source, fmt, log_date=log_date, warn=warn)
        return
    yield from meetings_from_lines(lines, source.name, log_date=log_date, review_only=review_only, channel=channel)


def _why_not(source: ByteSource) -> str:
    if not source.head.strip():
        return "empty file"
    if source.looks_binary():
        return "binary data"
    return "no MeetBot, irssi or weechat lines, no MeetBot minutes"


def _is_rename_stub(meeting: Meeting) -> bool:
    return not meeting.ended and not meeting.items and sum(count for _, count in meeting.lines_said) <= 1
