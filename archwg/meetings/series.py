"""Which meetings form a series (by the names inside them, or by MeetBot's file names), and loading one."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from archwg.errors import ArchwgError, BadInput, UsageError
from archwg.meetings.carry import CarryReport, review_lines
from archwg.meetings.meeting import file_name_facts
from archwg.meetings.model import Meeting

if TYPE_CHECKING:
    from archwg.meetings.cache import MeetingCache
    from archwg.config import Config
    from archwg.gerrit.session import ItemReviews
    from archwg.meetings.description import MeetingDescription


def slim(meeting: Meeting) -> Meeting:
    """Only what carrying reads: the action items and the review lines (flat memory on years of logs)."""
    return replace(
        meeting,
        items=meeting.actions,
        chair_lines=review_lines(meeting),
        lines_said=(),
    )


def series_of(meeting: Meeting) -> str:
    """The series a meeting belongs to, lower case: its MeetBot file name's, else the name it was recorded under.

    A chair who starts every meeting under a new title ("#startmeeting Storage
    Sync 7/10/2018") still holds one series: MeetBot files them all under one
    name (``storagesync.2018-07-10-13.33.log.txt``).
    """
    return (meeting.file_series or meeting.name).lower()


def select_series(
    meetings: Iterable[Meeting],
    meeting_id: str | None = None,
    warn: Callable[[str], None] | None = None,
    names: Iterable[str] = (),
) -> list[Meeting]:
    """The meetings of one series, oldest first, each slimmed to what carrying reads.

    *meeting_id* picks the series (case-insensitive, as MeetBot lower-cases
    ``#meetingname``): the meetings whose file-name series (``series_of``) or
    recorded name it is, or one of *names* (the other names a meeting
    description says the meeting was started under). Without it, the series
    of the newest meeting. Meetings of other series are skipped with one
    warning. Every meeting returned bears the series' name, whatever title
    it was started under, so carrying reports one series.
    """
    kept, _ = _pick_series(meetings, meeting_id, warn, keep_all=True, names=names)
    return sorted(kept, key=lambda meeting: meeting.start)


def newest_of_series(
    meetings: Iterable[Meeting],
    meeting_id: str | None = None,
    warn: Callable[[str], None] | None = None,
    names: Iterable[str] = (),
) -> tuple[Meeting, int]:
    """The newest meeting, whole and under its recorded name, of the series ``select_series`` picks, and how many
    meetings that series has.

    For minutes: one meeting is kept in full, not every meeting of years of logs.
    """
    kept, count = _pick_series(meetings, meeting_id, warn, keep_all=False, names=names)
    return kept[0], count


def _pick_series(
    meetings: Iterable[Meeting],
    meeting_id: str | None,
    warn: Callable[[str], None] | None,
    keep_all: bool,
    unread: Mapping[str, int] | None = None,
    names: Iterable[str] = (),
) -> tuple[list[Meeting], int]:
    """(the chosen series' meetings: all of them slimmed and named for the series, or only its newest whole;
    how many it has).

    *unread*: series (as their file names write them) -> how many of their
    files were not read, for the warning about the series skipped.
    """
    from archwg.meetings.meeting import meeting_name

    # A name as written ("Storage Sync 7/10/2018"), as MeetBot spells it, or
    # as a channel MeetBot named a meeting started without one for ("storage-sync").
    wanted = {meeting_id.lower(), *(spelling for name in names for spelling in (meeting_name(name), name.lower()))
              } if meeting_id else None
    # Meetings are told apart by (series, recorded name): a --meeting may name
    # either, and a meeting reached by both is still one meeting.
    counts: dict[tuple[str, str], int] = {}
    kept: dict[tuple[str, str], list[Meeting]] = {}
    spelled: dict[str, str] = {}  # lower-case series -> as written
    newest: Meeting | None = None  # of all meetings: without --meeting, its series is chosen
    newest_wanted: Meeting | None = None
    for meeting in meetings:
        series = series_of(meeting)
        pair = (series, meeting.name.lower())
        spelled.setdefault(series, meeting.file_series or meeting.name)
        spelled.setdefault(pair[1], meeting.name)
        counts[pair] = counts.get(pair, 0) + 1
        if keep_all:
            kept.setdefault(pair, []).append(slim(meeting))
        if newest is None or meeting.start > newest.start:
            newest = meeting
        if wanted is not None and not wanted.isdisjoint(pair) and (
                newest_wanted is None or meeting.start >= newest_wanted.start):
            newest_wanted = meeting
    if newest is None and not (wanted is not None and unread):
        raise BadInput("no meeting found in the logs read")
    shared = shared_file_series(counts)

    def key(pair: tuple[str, str]) -> str:
        return pair[1] if pair[0] in shared else pair[0]

    if wanted is None:
        wanted = {key((series_of(newest), newest.name.lower()))}
        newest_wanted = newest
    chosen = [pair for pair in counts if not wanted.isdisjoint(pair)]
    skipped: dict[str, int] = {}
    for pair, count in counts.items():
        if wanted.isdisjoint(pair):
            skipped[key(pair)] = skipped.get(key(pair), 0) + count
    for name, count in (unread or {}).items():
        spelled.setdefault(name.lower(), name)
        if name.lower() not in wanted:
            skipped[name.lower()] = skipped.get(name.lower(), 0) + count
    if not chosen:
        found = ", ".join(sorted(spelled[series] for series in skipped))
        raise UsageError(f"no meeting of series {meeting_id!r} in the logs read (series found: {found})")
    title = spelled.get(meeting_id.lower(), meeting_id.lower()) if meeting_id else spelled[next(iter(wanted))]
    if skipped and warn is not None:
        others = ", ".join(f"{spelled[series]} ({count})" for series, count in sorted(skipped.items()))
        warn(f"read only meeting series {title}; skipped the meetings of {others}")
    count = sum(counts[pair] for pair in chosen)
    if not keep_all:
        return [newest_wanted], count
    series_meetings = [meeting for pair in chosen for meeting in kept[pair]]
    return [meeting if meeting.name == title else replace(meeting, name=title) for meeting in series_meetings], count


def shared_file_series(counts: Mapping[tuple[str, str], int]) -> set[str]:
    """The file-name series that hold several series, from how many meetings each (series, recorded name) has.

    MeetBot's default names files for the channel, and a channel may host
    several meetings, each started again and again under its own name: a
    file-name series in which two or more names recur is such a channel, and
    its meetings go by the names recorded in them. A chair who retitles
    every meeting repeats a title now and then, not two of them.
    """
    recurring: dict[str, int] = {}
    for (series, _), count in counts.items():
        if count > 1:
            recurring[series] = recurring.get(series, 0) + 1
    return {series for series, names in recurring.items() if names > 1}


# --- Choosing the series from MeetBot file names ---------------------------------------
#
# MeetBot names every file after the series it holds (the meeting's final
# name, or the channel) and its start: ``arch_wg.2017-03-09-20.01.log.txt``.
# When every file read has such a name, the series and the newest meeting are
# known before any file is opened, and an archive of many series needs only
# the chosen series' files read. Names are a claim, not a fact: the meetings
# read must bear them out (``select_named_series``), or the caller reads
# everything and selects as ``select_series`` does.


@dataclass(frozen=True)
class SeriesByFileName:
    """The series to read, chosen from MeetBot file names before any file is opened."""

    series: str  # lower case: series compare case-insensitively, as MeetBot lower-cases #meetingname
    file_series: Mapping[str, str]  # path -> the series its name gives, as written
    # With no --meeting: the newest start any other series' file names give,
    # which the chosen series' newest meeting must be later than.
    newest_of_others: datetime | None

    def holds(self, path: str) -> bool:
        """Whether *path* is named for the chosen series."""
        return self.file_series[path].lower() == self.series


def series_by_file_names(paths: Sequence[str], meeting_id: str | None = None) -> SeriesByFileName | None:
    """The series ``select_series`` would pick, from the files' MeetBot names alone.

    *meeting_id* picks it case-insensitively; without it, the series of the
    newest file by the date and time in its name. None when the names cannot
    tell: standard input or a file without a MeetBot name, no file named for
    *meeting_id*, or files of two series sharing the newest minute (the
    seconds inside them decide, as MeetBot's rename stub shares its meeting's).
    """
    file_series: dict[str, str] = {}
    newest: dict[str, datetime] = {}  # lower-case series -> its newest file's start
    for path in paths:
        series, start = file_name_facts(path) if path != "-" else (None, None)
        if series is None or start is None:
            return None
        file_series[path] = series
        key = series.lower()
        if key not in newest or start > newest[key]:
            newest[key] = start
    if not newest:
        return None
    if meeting_id is not None:
        chosen = meeting_id.lower()
        if chosen not in newest:
            return None  # the full read names the series found, in the names the meetings give
        return SeriesByFileName(chosen, file_series, None)
    ranked = sorted(newest.items(), key=lambda pair: pair[1], reverse=True)
    chosen, chosen_start = ranked[0]
    others_start = ranked[1][1] if len(ranked) > 1 else None
    if others_start == chosen_start:
        return None
    return SeriesByFileName(chosen, file_series, others_start)


class _NamesMislead(Exception):
    """A meeting read does not bear out its file's name."""


def select_named_series(
    meetings: Iterable[Meeting],
    choice: SeriesByFileName,
    unread: Iterable[str],
    warn: Callable[[str], None] | None = None,
) -> list[Meeting] | None:
    """``select_series`` for the meetings read from the files *choice* named; *unread*: the files not read.

    None, having warned nothing, when the meetings do not bear the names out: a
    meeting recorded under the name of another series some file is named for
    (a file renamed by hand) means other files' names may hide meetings
    recorded under the chosen series' name too; without --meeting, a newest
    meeting not later than every other series' newest file means the names
    misled about which series is the newest. The caller then reads
    everything. So does a chosen series that is a channel's files holding
    several series (``shared_file_series``). A meeting recorded under a name
    no file bears (a chair who retitles every meeting) bears its file's name out.
    """
    named_for = {series.lower() for series in choice.file_series.values()}

    counts: dict[tuple[str, str], int] = {}

    def named_as_their_files() -> Iterable[Meeting]:
        for meeting in meetings:
            series = choice.file_series.get(meeting.source)
            recorded = meeting.name.lower()
            if series is None or (recorded != series.lower() and recorded in named_for):
                raise _NamesMislead(meeting.source)
            pair = (series.lower(), recorded)
            counts[pair] = counts.get(pair, 0) + 1
            yield meeting

    unread_counts: dict[str, int] = {}
    for path in unread:
        name = choice.file_series[path]
        unread_counts[name] = unread_counts.get(name, 0) + 1
    told: list[str] = []
    try:
        kept, _ = _pick_series(named_as_their_files(), choice.series, told.append, keep_all=True,
                               unread=unread_counts)
    except (_NamesMislead, UsageError, BadInput):
        return None
    if choice.series in shared_file_series(counts):
        return None  # a channel's files: the series go by the names inside, which the full read compares
    series = sorted(kept, key=lambda meeting: meeting.start)
    if choice.newest_of_others is not None and series[-1].start.replace(second=0, microsecond=0) <= (
            choice.newest_of_others):
        return None
    if warn is not None:
        for message in told:
            warn(message)
    return series



# --- Loading a series: what every front end asks first ---------------------------------
#
# The functions below read the logs (files, folders, "-"; by default the
# repository's meetings/logs/<id>/), pick the series and find its
# description, collecting every warning once, in order, for the front end to
# show: they print nothing themselves.

# A file this small is read whatever series its name gives: cheap, and it may
# be the stub MeetBot leaves under a meeting's first name after #meetingname
# (one #startmeeting line), which the full read skips with a warning rather
# than counting it as a meeting of that series.
STUB_MAX_BYTES = 1024


@dataclass(frozen=True)
class Series:
    """The meetings of one series, oldest first (slimmed to what carrying reads), and what reading said."""

    meetings: tuple[Meeting, ...]
    description: MeetingDescription | None  # None: no description file found
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Newest:
    """The newest meeting of a series, whole (for minutes), and how many meetings the series has."""

    meeting: Meeting
    count: int
    description: MeetingDescription | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class CarryRun:
    """A carried series: the report, the description it was carried with, and every warning."""

    report: CarryReport
    description: MeetingDescription | None
    warnings: tuple[str, ...]
    # Review states of the open items that name a spec or a change (archwg.gerrit.session.ItemReviews);
    # None when not asked for (no `now`) or no Gerrit server is configured.
    reviews: ItemReviews | None = None


class _Warnings:
    """Warnings in the order they came, each once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)


def load_series(
    config: Config,
    sources: Sequence[str] = (),
    meeting_id: str | None = None,
    input_format: str | None = None,
    log_date: date | None = None,
    progress: bool = False,
    cache: bool | MeetingCache = False,
) -> Series:
    """The series to carry: read *sources* (default: the repository's logs), pick the series, find its description.

    *meeting_id* picks the series (default: the series of the newest meeting);
    *input_format* forces a reader (None: detect); *log_date* dates logs that
    carry no date; *progress* shows a progress bar on standard error; *cache*
    (True, or a ``MeetingCache``) reads unchanged files from the cache of logs
    read before (``archwg.meetings.cache``).
    """
    warn = _Warnings()
    cache = _cache(cache, warn)
    files = tuple(sources) or (str(default_log_folder(config, meeting_id)),)
    # The other names the description says the meeting was started under.
    described = description_for(config, meeting_id) if meeting_id else None
    names = described.names if described is not None else ()
    meetings = read_series(files, meeting_id, input_format, log_date, progress, warn, names, cache)
    description = described or description_for(config, meetings[-1].name)
    return Series(tuple(meetings), description, tuple(warn.messages))


def carry_series(
    config: Config,
    sources: Sequence[str] = (),
    meeting_id: str | None = None,
    input_format: str | None = None,
    log_date: date | None = None,
    progress: bool = False,
    now: datetime | None = None,
    cache: bool = False,
) -> CarryRun:
    """``load_series``, then carry it with its description: what carry-actions, actions and the site show.

    With *now*, the open items that name a spec or a change get its review
    state from the Gerrit snapshot. With *cache*, carrying resumes from the
    state a run on the same files left (``archwg.meetings.cache``).
    """
    about_cache = _Warnings()  # a damaged cache, said after what reading said
    meeting_cache = _cache(cache, about_cache)
    series = load_series(config, sources, meeting_id, input_format, log_date, progress, meeting_cache or False)
    report = carry_described(series.meetings, series.description, meeting_cache)
    warnings = list(series.warnings)
    warnings += [message for message in about_cache.messages if message not in warnings]
    warnings += [message for message in report.warnings if message not in warnings]
    reviews = None
    if now is not None:
        from archwg.gerrit.session import item_reviews

        reviews = item_reviews(config, report.open, now)
    return CarryRun(report, series.description, tuple(warnings), reviews)


def newest_meeting(
    config: Config,
    sources: Sequence[str] = (),
    meeting_id: str | None = None,
    input_format: str | None = None,
    log_date: date | None = None,
    progress: bool = False,
    cache: bool = False,
) -> Newest:
    """The newest meeting of the series ``load_series`` would pick (--meeting in any case), read whole."""
    from archwg.meetings.load import read_meetings

    warn = _Warnings()
    files = tuple(sources) or (str(default_log_folder(config, meeting_id)),)
    meetings = read_meetings(files, input_format=input_format, log_date=log_date, warn=warn,
                             progress=progress, require_meeting=True, cache=_cache(cache, warn))
    newest, count = newest_of_series(meetings, meeting_id, warn=warn)
    for message in newest.warnings:  # only the chosen meeting's (no #endmeeting), not every file's
        warn(message)
    if count > 1:
        warn(f"{count} meetings of {newest.name} read; minutes of the newest, of {newest.date.isoformat()}")
    return Newest(newest, count, description_for(config, newest.name), tuple(warn.messages))


def described_series(
    config: Config,
    description: MeetingDescription,
    sources: Sequence[str] = (),
    input_format: str | None = None,
    log_date: date | None = None,
    progress: bool = False,
    cache: bool = False,
) -> Series:
    """Every logged meeting of the described series, oldest first; none when it has not met yet.

    Without *sources*, the repository's ``meetings/logs/<id>/``, which may not
    exist yet or hold no meeting: a series that has not met.
    """
    from archwg.meetings.load import read_meetings

    warn = _Warnings()
    files = tuple(sources)
    if not files:
        if config.root is None:
            raise UsageError("no LOG given and not inside a spec repository: name the log files to read")
        folder = config.root / "meetings" / "logs" / description.meeting_id
        if not folder.is_dir():
            return Series((), description, ())
        files = (str(folder),)
    meetings = iter(read_meetings(files, input_format, log_date, warn=warn, progress=progress, detail="actions",
                                  cache=_cache(cache, warn)))
    first = next(meetings, None)
    if first is None:
        if sources:
            raise BadInput(f"no meeting found in {', '.join(sources)}")
        return Series((), description, tuple(warn.messages))
    chosen = select_series(chain([first], meetings), description.meeting_id, warn=warn, names=description.names)
    return Series(tuple(chosen), description, tuple(warn.messages))


def read_series(
    sources: Sequence[str],
    meeting_id: str | None,
    input_format: str | None,
    log_date: date | None,
    progress: bool,
    warn: Callable[[str], None],
    names: Sequence[str] = (),
    cache: MeetingCache | None = None,
) -> list[Meeting]:
    """The meetings of the series to carry, oldest first (``select_series``), reading as few files as it can.

    When MeetBot's file names tell each file's series, only the chosen series'
    files are read (an archive of many series, read for one). Names are only
    trusted when the meetings read bear them out; otherwise, or when any file
    has another name, everything is read and the series picked by the names
    inside the meetings: a renamed file must not hide meetings, and that read
    gives the errors and warnings of record.
    """
    from archwg.meetings.load import log_files, read_log_files, read_meetings

    reading = dict(
        input_format=input_format,
        log_date=log_date,
        progress=progress,
        detail="actions",  # carrying reads only action items and the review of them
        cache=cache,
    )
    files = log_files(sources)
    # A meeting recorded under one of the description's other *names* may sit
    # in any file, whatever its name says: then every file is read.
    choice = None if names else series_by_file_names([path for path, _ in files], meeting_id)
    if choice is not None:
        # A file named on the command line is always read: its errors are the user's to see.
        wanted = [(path, explicit) for path, explicit in files
                  if explicit or choice.holds(path) or _small(path)]
        read = {path for path, _ in wanted}
        # The attempt's warnings wait: if the names mislead, the full read says its own.
        told: list[str] = []
        try:
            series = select_named_series(
                read_log_files(wanted, warn=told.append, **reading),
                choice,
                unread=[path for path, _ in files if path not in read],
                warn=told.append,
            )
        except ArchwgError:
            series = None  # the full read below raises the error of record, or finds the meetings elsewhere
        if series is not None:
            for message in told:
                warn(message)
            return series
    meetings = read_meetings(
        sources,
        warn=warn,
        require_meeting=True,  # no meeting at all: an error naming what was read
        **reading,
    )
    return select_series(meetings, meeting_id, warn=warn, names=names)


def _small(path: str) -> bool:
    try:
        return os.stat(path).st_size < STUB_MAX_BYTES
    except OSError:
        return True  # reading it gives the error


def carry_described(
    meetings: Sequence[Meeting], description: MeetingDescription | None, cache: MeetingCache | None = None
) -> CarryReport:
    """Carry *meetings* with the description's aliases; every nick the description names is a person.

    carry-actions, actions and agenda all carry through here, so they agree on owners. With a
    *cache* (the one the meetings were read through), carrying resumes from the state a run on
    the same files left.
    """
    from archwg.meetings.cache import carry_with_cache

    if description is None:
        return carry_with_cache(cache, list(meetings))
    aliases = description.aliases
    known = [*description.courtesy_ping, *(nick for pair in aliases for nick in pair)]
    if description.chair:
        known.append(description.chair)
    return carry_with_cache(cache, list(meetings), aliases=aliases, known_nicks=known)


def _cache(cache: bool | MeetingCache, warn: Callable[[str], None]) -> MeetingCache | None:
    """The cache to read through: None (no cache), the one given, or a new one in the cache folder."""
    if cache is True:
        from archwg.meetings.cache import open_cache

        return open_cache(True, warn)
    return cache or None


# --- Which meeting, which description ---------------------------------------------------


def default_meeting_id(config: Config) -> str:
    """The series a command reads when none is named: ``[group] meeting``, else the repository's only one."""
    if config.group.meeting:
        return config.group.meeting
    root = config.root
    assert root is not None  # callers refuse to default outside a repository first
    described = [meeting_id for meeting_id, _ in config.meeting_files]
    if len(described) == 1:
        return described[0]
    logged = sorted(path.name for path in (root / "meetings" / "logs").glob("*") if path.is_dir())
    if len(logged) == 1:
        return logged[0]
    found = ", ".join(described or logged) or "none"
    raise UsageError(f"name the meeting with --meeting ID (meeting series in {root / 'meetings'}: {found})")


def default_log_folder(config: Config, meeting_id: str | None) -> Path:
    """``meetings/logs/<id>/`` of the repository, where the group keeps MeetBot's files."""
    if config.root is None:
        raise UsageError("no LOG given and not inside a spec repository: name the log files to read")
    meeting_id = meeting_id or default_meeting_id(config)
    logs = config.root / "meetings" / "logs"
    folder = logs / meeting_id
    if not folder.is_dir():
        # Series compare case-insensitively, as MeetBot lower-cases #meetingname.
        same = [path for path in logs.glob("*") if path.is_dir() and path.name.lower() == meeting_id.lower()]
        if len(same) != 1:
            raise UsageError(f"no logs for meeting {meeting_id!r}: {folder} does not exist")
        folder = same[0]
    return folder


def description_for(config: Config, meeting_id: str | None) -> MeetingDescription | None:
    """The description of *meeting_id*: --meeting-file, else the repository's meetings/<id>.yaml, else None."""
    from archwg.meetings.description import load_description

    if config.meeting_file is not None:
        return load_description(config.meeting_file)
    path = config.description_file(meeting_id) if meeting_id else None
    return load_description(path) if path is not None else None


def described_meeting(config: Config, meeting_id: str | None) -> MeetingDescription:
    """The description a command cannot do without (agenda, ical): --meeting-file, else meetings/<id>.yaml."""
    from archwg.meetings.description import load_description

    if config.meeting_file is not None:
        description = load_description(config.meeting_file)
        if meeting_id and meeting_id.lower() != description.meeting_id.lower():
            raise UsageError(
                f"--meeting {meeting_id} but {config.meeting_file} describes meeting {description.meeting_id}"
            )
        return description
    if config.root is None:
        raise UsageError(
            "not inside a spec repository: name the meeting description with --meeting-file PATH"
        )
    meeting_id = meeting_id or default_meeting_id(config)
    path = config.description_file(meeting_id)
    if path is None:
        path = config.root / "meetings" / f"{meeting_id}.yaml"
        raise UsageError(f"no description of meeting {meeting_id!r}: write {path} or pass --meeting-file PATH")
    return load_description(path)
