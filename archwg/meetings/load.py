"""Read meetings from files, folders and standard input, in any format archwg knows.

``read_meetings`` is the one entry point the commands use. It streams: each
file is read in chunks and each Meeting is yielded as soon as it ends, so an
archive of years of logs never sits in memory.

In a folder (read recursively, in name order), MeetBot leaves up to four
files per meeting: ``x.log.txt``, ``x.log.html``, ``x.txt`` and ``x.html``.
The meeting is read once, from the best of them: the raw ``.log.txt``, else
the ``.log.html``, else the text minutes, else the HTML minutes. Files in a
folder that cannot be read as meetings (not a log, no date, ...) are skipped
with one warning each; a file named explicitly that cannot is an error.

``warn`` receives what concerns a file (a latin-1 fallback, a file skipped);
what concerns one meeting (no ``#endmeeting``) is in ``Meeting.warnings``, for
the command to report only for the meetings it reports on.

``detail`` says what the caller reads: ``"full"`` (minutes) keeps every item
and chair line; ``"actions"`` (carrying) keeps only the ``#action`` items and
the chair lines that may review them (``meeting.is_review_line``), which lets
the readers skip the rest of the chairs' talk and keeps a long meeting's
links and notes out of memory. Everything else in each Meeting is the same.
"""

from __future__ import annotations

import os

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from archwg.errors import BadInput
from archwg.meetings.model import Meeting
from archwg.meetings.readers import detect
from archwg.meetings.readers.textio import ByteSource

Warn = Callable[[str], None]

# The best copy of a meeting first: the raw log holds everything, minutes the least.
SIBLING_SUFFIXES = (".log.txt", ".log.html", ".txt", ".html")
PROGRESS_BYTES = 4 * 1024 * 1024  # below a few MB a progress bar is only noise: reading takes a moment
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
) -> Iterator[Meeting]:
    """Every meeting in *sources* (files, folders, ``-`` for standard input), one at a time.

    With *require_meeting*, finding no meeting at all is an error that names
    the sources (a folder with how many files it holds, a named file with why
    it holds none); without it, an empty result is the caller's to judge.
    """
    if input_format is not None and input_format not in detect.FORMATS:
        raise BadInput(f"unknown input format {input_format!r} (known: {', '.join(detect.FORMATS)})")
    sources = list(sources)
    files = log_files(sources)
    # Why a file named explicitly held no meeting: said once at the end, as a
    # warning, or in the error when nothing else held a meeting either.
    skipped: dict[str, str] = {}
    found = 0
    for meeting in _read_files(files, input_format, log_date, warn, progress, detail, skipped):
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
) -> Iterator[Meeting]:
    """Every meeting in *files*, pairs from ``log_files``: ``read_meetings`` without the expansion of sources."""
    skipped: dict[str, str] = {}
    yield from _read_files(list(files), input_format, log_date, warn, progress, detail, skipped)
    _warn_skipped(skipped, warn)


def _read_files(files, input_format, log_date, warn, progress, detail, skipped) -> Iterator[Meeting]:
    if input_format is not None and input_format not in detect.FORMATS:
        raise BadInput(f"unknown input format {input_format!r} (known: {', '.join(detect.FORMATS)})")
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, not {detail!r}")
    review_only = detail == ACTIONS
    if progress:
        sizes = [_size(path) for path, _ in files]
        if sum(sizes) > PROGRESS_BYTES:
            console = None if progress is True else progress
            yield from _with_progress(files, sizes, input_format, log_date, warn, review_only, skipped, console)
            return
    for path, explicit in files:
        yield from _read_one(path, explicit, input_format, log_date, warn, review_only, skipped)


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


def _with_progress(files, sizes, input_format, log_date, warn, review_only, skipped, console) -> Iterator[Meeting]:
    """The meetings of *files* under a progress bar in bytes on *console* (None: standard error)."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("reading logs"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True, console=console or _stderr_console()) as bar:
        task = bar.add_task("logs", total=sum(sizes))
        for (path, explicit), size in zip(files, sizes):
            yield from _read_one(path, explicit, input_format, log_date, warn, review_only, skipped)
            bar.advance(task, size)


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
            for file in _folder_files(path):
                yield str(file), False
        elif path.is_file():
            yield str(path), True
        elif path.exists():
            raise BadInput(f"{source}: not a regular file")
        else:
            raise BadInput(f"{source}: no such file or directory")


def _folder_files(folder: Path) -> list[Path]:
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    best: dict[tuple[Path, str], tuple[int, Path]] = {}
    chosen: list[Path] = []
    for path in files:
        for rank, suffix in enumerate(SIBLING_SUFFIXES):
            if path.name.endswith(suffix):
                key = (path.parent, path.name[: -len(suffix)])
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, path)
                break
        else:
            chosen.append(path)
    chosen.extend(path for _, path in best.values())
    return sorted(chosen)


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
) -> Iterator[Meeting]:
    name = "<stdin>" if path == "-" else path
    stream, close = _open(path)
    try:
        source = ByteSource(stream, name)
        fmt = input_format
        if fmt is None and not source.looks_binary():
            fmt = detect.detect_format(source.head_text())
        if fmt is None:
            message = f"{name}: not a meeting log ({_why_not(source)})"
            if explicit:
                raise BadInput(message)
            if warn is not None:
                warn(message + "; skipped")
            return
        found = False
        try:
            for meeting in _meetings_of(source, fmt, log_date, warn, review_only):
                if _is_rename_stub(meeting):
                    reason = "only a #startmeeting line (the stub MeetBot leaves after #meetingname)"
                    if explicit and skipped is not None:
                        skipped[name] = reason
                    elif warn is not None:
                        warn(f"{name}: {reason}; skipped")
                    found = True
                    continue
                found = True
                # The meeting's own warnings (no #endmeeting) stay on it: the
                # command reports those of the meetings it reports on.
                yield meeting
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
    source: ByteSource, fmt: str, log_date: date | None, warn: Warn | None, review_only: bool
) -> Iterator[Meeting]:
    from archwg.meetings.meeting import meetings_from_lines
    from archwg.meetings.readers.textio import iter_text_lines

    channel = None  # an HTML log names it in its title, irssi and weechat in their first lines; MeetBot's .log.txt never
    if fmt in (detect.IRSSI, detect.WEECHAT):
        from archwg.meetings.readers.irclog import irc_log_channel

        channel = irc_log_channel(source.head_text())
    if fmt in (detect.LOG_TXT, detect.IRSSI):
        # The hot path: whole blocks of lines, not one Python object per line.
        from archwg.meetings.readers.fastlog import meetings_from_blocks
        from archwg.meetings.readers.textio import iter_text_blocks

        blocks = iter_text_blocks(source, warn)
        for meeting in meetings_from_blocks(blocks, source.name, log_date=log_date, warn=warn,
                                            review_only=review_only):
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
    yield from meetings_from_lines(lines, source.name, log_date=log_date, warn=warn, review_only=review_only,
                                   channel=channel)


def _why_not(source: ByteSource) -> str:
    if not source.head.strip():
        return "empty file"
    if source.looks_binary():
        return "binary data"
    return "no MeetBot, irssi or weechat lines, no MeetBot minutes"


def _is_rename_stub(meeting: Meeting) -> bool:
    return not meeting.ended and not meeting.items and sum(count for _, count in meeting.lines_said) <= 1
