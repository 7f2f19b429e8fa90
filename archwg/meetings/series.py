"""Which meetings form a series (by the names inside them, or by MeetBot's file names), and loading one."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from archwg.errors import ArchwgError, BadInput, NothingYet, UsageError
from archwg.meetings.model import Meeting

if TYPE_CHECKING:
    from archwg.meetings.cache import MeetingCache
    from archwg.meetings.model import CarryReport
    from archwg.config import Config
    from archwg.gerrit.session import ItemReviews
    from archwg.meetings.carry import Carrier
    from archwg.meetings.description import MeetingDescription


def slim(meeting: Meeting) -> Meeting:
    """Only what carrying reads: the action items and the review lines (flat memory on years of logs)."""
    from archwg.meetings.carry import review_lines

    actions, chair_lines = meeting.actions, review_lines(meeting)
    if not meeting.lines_said and len(actions) == len(meeting.items) and len(chair_lines) == len(meeting.chair_lines):
        return meeting  # read with detail="actions": slim already
    return replace(meeting, items=actions, chair_lines=chair_lines, lines_said=())


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
    on_kept: Callable[[Meeting], None] | None = None,
) -> tuple[list[Meeting], int]:
    """(the chosen series' meetings: all of them slimmed and named for the series, or only its newest whole;
    how many it has).

    *unread*: series (as their file names write them) -> how many of their
    files were not read, for the warning about the series skipped. *on_kept*:
    called with each meeting kept (slimmed), as it is read.
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
            slimmed = slim(meeting)
            kept.setdefault(pair, []).append(slimmed)
            if on_kept is not None:
                on_kept(slimmed)
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
    from archwg.meetings.meeting import file_name_facts

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


@dataclass(frozen=True)
class NamedSeries:
    """A series chosen by MeetBot file names, as read: what a later run with newer logs of it goes on from."""

    series: str  # the file-name series chosen, lower case
    title: str  # the name its meetings go by
    # How many of its meetings were recorded under each name (lower case): a
    # channel's files hold several series (``shared_file_series``).
    recorded: tuple[tuple[str, int], ...]

    def with_newer(self, meetings: Sequence[Meeting], choice: SeriesByFileName) -> NamedSeries | None:
        """This series and *meetings*, read from newer files named for it, when they bear the names out as
        ``select_named_series`` asks; None when only reading every file can tell."""
        named_for = _named_for(choice)
        counts = {(self.series, name): count for name, count in self.recorded}
        for meeting in meetings:
            pair = _named_pair(meeting, self.series, named_for)
            if pair is None:
                return None
            counts[pair] = counts.get(pair, 0) + 1
        if not _names_borne_out(choice, counts, max(meeting.start for meeting in meetings)):
            return None
        return NamedSeries(self.series, self.title, tuple((name, count) for (_, name), count in counts.items()))


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
    selected = _select_named(meetings, choice, unread, warn)
    return None if selected is None else selected[0]


def _select_named(
    meetings: Iterable[Meeting],
    choice: SeriesByFileName,
    unread: Iterable[str],
    warn: Callable[[str], None] | None = None,
    ahead: Carrier | None = None,
) -> tuple[list[Meeting], NamedSeries] | None:
    """``select_named_series``, and the series as read (for a later run to go on from)."""
    named_for = _named_for(choice)
    counts: dict[tuple[str, str], int] = {}

    def named_as_their_files() -> Iterable[Meeting]:
        for meeting in meetings:
            series = choice.file_series.get(meeting.source)
            pair = None if series is None else _named_pair(meeting, series.lower(), named_for)
            if pair is None:
                raise _NamesMislead(meeting.source)
            counts[pair] = counts.get(pair, 0) + 1
            yield meeting

    def feed_ahead(meeting: Meeting) -> None:
        if choice.holds(meeting.source):
            ahead.feed_ahead(meeting)

    unread_counts: dict[str, int] = {}
    for path in unread:
        name = choice.file_series[path]
        unread_counts[name] = unread_counts.get(name, 0) + 1
    told: list[str] = []
    try:
        kept, _ = _pick_series(named_as_their_files(), choice.series, told.append, keep_all=True,
                               unread=unread_counts, on_kept=feed_ahead if ahead is not None else None)
    except (_NamesMislead, UsageError, BadInput):
        return None
    series = sorted(kept, key=lambda meeting: meeting.start)
    if not _names_borne_out(choice, counts, series[-1].start):
        return None
    if warn is not None:
        for message in told:
            warn(message)
    recorded = tuple((name, count) for (series_name, name), count in counts.items() if series_name == choice.series)
    return series, NamedSeries(choice.series, series[0].name, recorded)


def _named_for(choice: SeriesByFileName) -> set[str]:
    """Every series some file is named for, lower case."""
    return {series.lower() for series in choice.file_series.values()}


def _named_pair(meeting: Meeting, series: str, named_for: set[str]) -> tuple[str, str] | None:
    """(the series its file is named for, the name it was recorded under); None when that name is another
    file's series: a file renamed by hand, and the names mislead."""
    recorded = meeting.name.lower()
    if recorded != series and recorded in named_for:
        return None
    return series, recorded


def _names_borne_out(choice: SeriesByFileName, counts: Mapping[tuple[str, str], int], newest: datetime) -> bool:
    """Whether the chosen series, whose meetings were recorded as *counts* says, and the newest of them at
    *newest*, is the one the names said: not a channel's files holding several series, and newer than
    every other series' newest file when no --meeting named it."""
    if choice.series in shared_file_series(counts):
        return False  # a channel's files: the series go by the names inside, which the full read compares
    return choice.newest_of_others is None or newest.replace(second=0, microsecond=0) > choice.newest_of_others


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
    named: NamedSeries | None = None  # when chosen by MeetBot file names: what a later run goes on from


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


@dataclass(frozen=True)
class Reading:
    """What every series question reads and how: the shared options of the meeting commands, built once.

    *sources*: files, folders or "-" (none: the repository's
    ``meetings/logs/<id>/``); *meeting_id* picks the series (None: the series
    of the newest meeting, or the one the description in use names);
    *input_format* forces a reader (None: detect); *log_date* dates logs that
    carry no date; *progress* shows a bar on standard error (True, or the rich
    Console that draws it); *cache* reads unchanged files from the cache of
    logs read before (``archwg.meetings.cache``; True, or the run's
    ``MeetingCache``).
    """

    sources: Sequence[str] = ()
    meeting_id: str | None = None
    input_format: str | None = None
    log_date: date | None = None
    progress: Any = False
    cache: bool | MeetingCache = False

    def __post_init__(self) -> None:
        # Frozen all through: a list the caller goes on changing must not change the question.
        object.__setattr__(self, "sources", tuple(self.sources))


class _Warnings:
    """Warnings in the order they came, each once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)


def load_series(config: Config, reading: Reading = Reading()) -> Series:
    """The series to carry: read the logs (``Reading``), pick the series, find its description."""
    return _load_series(config, reading, _what_to_read(config, reading))


def _load_series(config: Config, reading: Reading, what: tuple, listed: Sequence[tuple[str, bool]] | None = None,
                 ahead: Carrier | None = None) -> Series:
    """``load_series``, *what* to read (``_what_to_read``) already asked. *listed*: the files
    ``reading.sources`` name (``load.log_files``), when the caller has listed them already.
    *ahead*: a carrier to feed the meetings of the series MeetBot's file names choose as they
    are read (``Carrier.ahead_of_reading``)."""
    warn = _Warnings()
    cache = _cache(reading.cache, warn)
    described, meeting_id, files = what
    if not reading.sources:
        _require_logs(Path(files[0]), NothingYet, "")
    # The other names the description says the meeting was started under.
    names = described.names if described is not None else ()
    meetings, named = read_series(replace(reading, sources=files, meeting_id=meeting_id), warn, names, cache, listed,
                                  ahead)
    description = described or description_for(config, meetings[-1].name)
    return Series(tuple(meetings), description, tuple(warn.messages), named)


def _what_to_read(config: Config, reading: Reading) -> tuple[MeetingDescription | None, str | None, tuple[str, ...]]:
    """(the description in use, the series it names or --meeting does, the logs to read): what
    ``load_series`` and ``carry_series``'s cache both ask first."""
    meeting_id = reading.meeting_id
    described = description_for(config, meeting_id) if meeting_id else _description_in_use(config, reading.sources)
    if meeting_id is None and described is not None:
        meeting_id = described.meeting_id  # its series, as agenda reads it
    return described, meeting_id, _log_sources(config, reading, meeting_id)


def _log_sources(config: Config, reading: Reading, meeting_id: str | None) -> tuple[str, ...]:
    """The logs *reading* names, else the repository's ``meetings/logs/<id>/``."""
    return tuple(reading.sources) or (str(default_log_folder(config, meeting_id)),)


def _description_in_use(config: Config, sources: Sequence[str]) -> MeetingDescription | None:
    """Without --meeting: --meeting-file's description, else, reading the repository's logs, its one meeting's."""
    if config.meeting_file is not None:
        return description_for(config, None)
    if sources or config.root is None:
        return None  # the logs named choose their series: the newest meeting's
    return description_for(config, default_meeting_id(config))


def carry_series(config: Config, reading: Reading = Reading(), now: datetime | None = None) -> CarryRun:
    """``load_series``, then carry it with its description: what carry-actions, actions and the site show.

    With *now*, the open items that name a spec or a change get its review
    state from the Gerrit snapshot. With *cache*, a run over the same
    unchanged files with the same question is answered from the cache, and
    one with newer files resumes carrying from the state the last run left
    (``archwg.meetings.cache``).
    """
    about_cache = _Warnings()  # a damaged cache, said after what reading said
    meeting_cache = _cache(reading.cache, about_cache)
    answered = question = listed = paths = None
    # As load_series: the description in use, the other names it gives the series, the logs.
    what = _what_to_read(config, reading)
    described, meeting_id, files = what
    if meeting_cache is not None:
        from archwg.meetings.load import log_files

        names = described.names if described is not None else ()
        log_date = reading.log_date.isoformat() if reading.log_date else None
        # The series the description in use names too: another --meeting-file asks another question.
        question = (files, meeting_id, reading.input_format, log_date, os.getcwd())
        paths = log_files(files)
        listed = _listed(paths, meeting_cache)
        if listed is not None:
            answered = _answer(config, meeting_cache, question, listed, paths, described,
                               replace(reading, meeting_id=meeting_id))
    if answered is not None:
        report, description, read_warnings = answered
    else:
        from archwg.meetings.carry import Carrier

        # Carried as it is read, in this process while others read the logs (the description's
        # aliases and nicks as they seem now: carry_described checks it all).
        aliases, known = _carry_inputs(described)
        ahead = Carrier.ahead_of_reading(aliases, known)
        series = _load_series(config, replace(reading, cache=meeting_cache or False), what, listed=paths, ahead=ahead)
        description, read_warnings = series.description, series.warnings
        report = carry_described(series.meetings, description, meeting_cache, ahead)
        if meeting_cache is not None and listed is not None:
            from archwg.meetings.cache import series_key

            aliases, known = _carry_inputs(description)
            named = series.named and (series.named, series_key(meeting_cache, list(series.meetings), aliases, known))
            _store_answer(meeting_cache, question, listed, series.meetings[-1].name, names, description,
                          read_warnings, report, named)
    warnings = list(read_warnings)
    warnings += [message for message in about_cache.messages if message not in warnings]
    warnings += [message for message in report.warnings if message not in warnings]
    reviews = None
    if now is not None:
        from archwg.gerrit.config import gerrit_config

        # Without a Gerrit server configured there is nothing to annotate: the
        # Gerrit client and the specs' parse are not even imported then.
        if gerrit_config(config) is not None:
            from archwg.gerrit.session import item_reviews

            reviews = item_reviews(config, report.open, now)
    return CarryRun(report, description, tuple(warnings), reviews)


def _listed(paths: Sequence[tuple[str, bool]], cache: MeetingCache) -> list | None:
    """Every log file listed (``log_files``), as (its (path, size, mtime_ns), named explicitly): what a carry
    report kept in the cache depends on. None when one cannot be keyed (standard input)."""
    listed = []
    for path, explicit in paths:
        key = cache.file_key(path)
        if key is None:
            return None
        listed.append((key, explicit))
    return listed


def _answer(config: Config, cache: MeetingCache, question: tuple, listed: list, paths: Sequence[tuple[str, bool]],
            described: MeetingDescription | None, reading: Reading):
    """(the report, the description, what reading said) for *question* asked of the files *listed*, from the
    answer the cache keeps: given to these very files, or to some of them and carried on over the logs
    added since (``_carry_newer_logs``). None when it keeps none that serves, or one read with other
    series names or carried with other aliases or known nicks than the descriptions now give."""
    saved = cache.answer(question, listed)
    if saved is None:
        return None
    from archwg.meetings.cache import is_series_key, report_from_facts

    asked, answer = saved
    names = described.names if described is not None else ()
    try:
        newest_name, saved_names, inputs, read_warnings, facts, named = answer
        description = described or description_for(config, newest_name)
        if saved_names != names or inputs != _answer_inputs(description):
            return None
        read_warnings = tuple(map(str, read_warnings))
        if len(asked) == len(listed):  # the same files
            return report_from_facts(facts), description, read_warnings
        if named is None:
            return None
        (series, title, recorded), key = named
        if not (isinstance(series, str) and isinstance(title, str) and is_series_key(key)):
            raise TypeError("not an answer")
        named = NamedSeries(series, title, tuple((str(name), int(count)) for name, count in recorded))
    except (TypeError, ValueError, OverflowError):
        cache.say("a saved carry report is corrupt; ignored and rebuilt")
        return None
    report = _carry_newer_logs(cache, question, listed, asked, paths, named, key, description, names,
                               read_warnings, reading)
    return None if report is None else (report, description, read_warnings)


def _carry_newer_logs(cache: MeetingCache, question: tuple, listed: list, asked: tuple,
                      paths: Sequence[tuple[str, bool]], named: NamedSeries, key: tuple,
                      description: MeetingDescription | None, names: tuple[str, ...],
                      read_warnings: tuple[str, ...], reading: Reading):
    """The report of a series chosen by file names (*named*, its carry state saved under *key*) that
    *question* was answered for, asked of the files *asked* among *listed*, carried on over the others:
    what reading and carrying every file gives, having read only the added ones. A run after one new meeting.

    None when only that full read can tell: an added file named for another series, one that warns or holds
    no meeting, meetings that do not bear the names out (``NamedSeries.with_newer``), or a saved carry state
    that does not resume (``cache.carry_on``). Reading them all then gives the answer of record.
    """
    from archwg.meetings.cache import carry_on
    from archwg.meetings.load import ACTIONS, read_log_files

    then = set(asked)
    added = [path for path, entry in zip(paths, listed) if entry not in then]
    choice = series_by_file_names([path for path, _ in paths], reading.meeting_id)
    # Each added file named for the series as its title spells it (the first file read spells the
    # title, and an added "ARCH_WG.2017-..." read before "arch_wg.2017-..." would respell it), or small
    # enough that reading every file reads it too, and then holding no meeting: the stub MeetBot
    # leaves under a meeting's first name after #meetingname, added with every meeting it renames.
    if choice is None or choice.series != named.series or any(
            explicit or (choice.file_series[path] != named.title and not _small(path, cache))
            for path, explicit in added):
        return None
    told: list[str] = []
    try:
        newer = list(read_log_files(added, input_format=reading.input_format, log_date=reading.log_date,
                                    warn=told.append, detail=ACTIONS, cache=cache))
    except ArchwgError:
        return None
    if any(choice.file_series[meeting.source] != named.title for meeting in newer):
        return None  # a small file of another series held a meeting: reading every file counts it
    grown = named.with_newer(newer, choice) if newer and not told else None
    if grown is None:
        return None
    newer = sorted((slim(meeting) if meeting.name == named.title else replace(slim(meeting), name=named.title)
                    for meeting in newer), key=lambda meeting: meeting.start)
    aliases, known = _carry_inputs(description)
    files = [file for file, _ in asked if choice.holds(file[0])]
    report = carry_on(cache, key, files, newer, aliases, known)
    if report is None:
        return None
    report = _scheduled(report, description)
    _store_answer(cache, question, listed, named.title, names, description, read_warnings, report, (grown, key))
    return report


def _store_answer(cache: MeetingCache, question: tuple, listed: list, newest_name: str, names: tuple[str, ...],
                  description: MeetingDescription | None, read_warnings: tuple[str, ...], report: CarryReport,
                  named: tuple[NamedSeries, tuple] | None) -> None:
    """Keep the answer to *question* asked of *listed*: for a run over the same files, and, when the series
    was chosen by file names (*named*: how, and its carry state's key), for one with newer logs of it."""
    from archwg.meetings.cache import report_facts

    kept_named = None if named is None else ((named[0].series, named[0].title, named[0].recorded), named[1])
    cache.store_answer(question, listed, (newest_name, names, _answer_inputs(description), read_warnings,
                                          report_facts(report), kept_named))


def newest_meeting(config: Config, reading: Reading = Reading()) -> Newest:
    """The newest meeting of the series ``load_series`` would pick (--meeting in any case), read whole."""
    from archwg.meetings.load import read_meetings

    warn = _Warnings()
    files = _log_sources(config, reading, reading.meeting_id)
    if not reading.sources:
        _require_logs(Path(files[0]), BadInput, ": nothing to write minutes of")
    meetings = read_meetings(files, input_format=reading.input_format, log_date=reading.log_date, warn=warn,
                             progress=reading.progress, require_meeting=True, cache=_cache(reading.cache, warn))
    newest, count = newest_of_series(meetings, reading.meeting_id, warn=warn)
    for message in newest.warnings:  # only the chosen meeting's (no #endmeeting), not every file's
        warn(message)
    if count > 1:
        warn(f"{count} meetings of {newest.name} read; minutes of the newest, of {newest.date.isoformat()}")
    return Newest(newest, count, description_for(config, newest.name), tuple(warn.messages))


def described_series(config: Config, description: MeetingDescription, reading: Reading = Reading(),
                     listed: Sequence[tuple[str, bool]] | None = None) -> Series:
    """Every logged meeting of the described series, oldest first; none when it has not met yet.

    The description names the series (``reading.meeting_id`` is not read).
    Without ``reading.sources``, the repository's ``meetings/logs/<id>/``,
    which may not exist yet or hold no meeting: a series that has not met.
    *listed*: the files to read instead, as ``load.log_files`` lists them
    (path, named explicitly): a file found in a folder that cannot be read
    is skipped with a warning, as when its folder is read.
    """
    from archwg.meetings.load import read_log_files, read_meetings

    warn = _Warnings()
    sources = reading.sources
    files = tuple(sources)
    if listed is not None:
        meetings = iter(read_log_files(listed, reading.input_format, reading.log_date, warn=warn,
                                       progress=reading.progress, detail="actions", cache=_cache(reading.cache, warn)))
    else:
        if not files:
            if config.root is None:
                raise UsageError("no LOG given and not inside a spec repository: name the log files to read")
            folder = config.root / "meetings" / "logs" / description.meeting_id
            if not folder.is_dir():
                return Series((), description, ())
            files = (str(folder),)
        meetings = iter(read_meetings(files, reading.input_format, reading.log_date, warn=warn,
                                      progress=reading.progress, detail="actions", cache=_cache(reading.cache, warn)))
    first = next(meetings, None)
    if first is None:
        if sources and listed is None:
            raise BadInput(f"no meeting found in {', '.join(sources)}")
        return Series((), description, tuple(warn.messages))
    chosen = select_series(chain([first], meetings), description.meeting_id, warn=warn, names=description.names)
    return Series(tuple(chosen), description, tuple(warn.messages))


def read_series(
    reading: Reading,
    warn: Callable[[str], None],
    names: Sequence[str] = (),
    cache: MeetingCache | None = None,
    listed: Sequence[tuple[str, bool]] | None = None,
    ahead: Carrier | None = None,
) -> tuple[list[Meeting], NamedSeries | None]:
    """The meetings of the series to carry, oldest first (``select_series``), reading as few files as it can,
    and, when the file names chose it, the series as read (``NamedSeries``).

    When MeetBot's file names tell each file's series, only the chosen series'
    files are read (an archive of many series, read for one). Names are only
    trusted when the meetings read bear them out; otherwise, or when any file
    has another name, everything is read and the series picked by the names
    inside the meetings: a renamed file must not hide meetings, and that read
    gives the errors and warnings of record. *cache*: the run's, opened (``reading.cache`` is not read).
    *ahead*: fed each meeting of the series the names choose, as it is read (``load_series``).
    """
    from archwg.meetings.load import log_files, read_log_files, read_meetings

    sources, meeting_id = reading.sources, reading.meeting_id
    options = dict(
        input_format=reading.input_format,
        log_date=reading.log_date,
        progress=reading.progress,
        detail="actions",  # carrying reads only action items and the review of them
        cache=cache,
    )
    files = log_files(sources) if listed is None else listed
    # A meeting recorded under one of the description's other *names* may sit
    # in any file, whatever its name says: then every file is read.
    choice = None if names else series_by_file_names([path for path, _ in files], meeting_id)
    if choice is not None:
        # A file named on the command line is always read: its errors are the user's to see.
        wanted = [(path, explicit) for path, explicit in files
                  if explicit or choice.holds(path) or _small(path, cache)]
        read = {path for path, _ in wanted}
        # The attempt's warnings wait: if the names mislead, the full read says its own.
        told: list[str] = []
        try:
            selected = _select_named(
                read_log_files(wanted, warn=told.append, **options),
                choice,
                unread=[path for path, _ in files if path not in read],
                warn=told.append,
                ahead=ahead,
            )
        except ArchwgError:
            selected = None  # the full read below raises the error of record, or finds the meetings elsewhere
        if selected is not None:
            for message in told:
                warn(message)
            return selected
    meetings = read_meetings(
        sources,
        warn=warn,
        require_meeting=True,  # no meeting at all: an error naming what was read
        **options,
    )
    return select_series(meetings, meeting_id, warn=warn, names=names), None


def _small(path: str, cache: MeetingCache | None) -> bool:
    if cache is not None:  # it has the size, or takes it once for the run
        key = cache.file_key(path)
        return key is None or key[1] < STUB_MAX_BYTES
    try:
        return os.stat(path).st_size < STUB_MAX_BYTES
    except OSError:
        return True  # reading it gives the error


def carry_described(
    meetings: Sequence[Meeting], description: MeetingDescription | None, cache: MeetingCache | None = None,
    ahead: Carrier | None = None,
) -> CarryReport:
    """Carry *meetings* with the description's aliases; every nick the description names is a person.

    carry-actions, actions and agenda all carry through here, so they agree on owners. With a
    *cache* (the one the meetings were read through), carrying resumes from the state a run on
    the same files left. *ahead*: a carrier fed them as they were read (``Carrier.ahead_of_reading``),
    taken instead of carrying them again when it carried what that gives.
    """
    from archwg.meetings.cache import carry_with_cache

    aliases, known = _carry_inputs(description)
    return _scheduled(carry_with_cache(cache, list(meetings), aliases=aliases, known_nicks=known, ahead=ahead),
                      description)


def _scheduled(report: CarryReport, description: MeetingDescription | None) -> CarryReport:
    """*report* with how many scheduled meetings each item was carried through, when a description gives them."""
    from archwg.meetings.carry import with_schedule

    return with_schedule(report, description) if description is not None else report


def _answer_inputs(description: MeetingDescription | None) -> tuple:
    """What of the description a saved carry report depends on: the carry inputs, and the
    schedule that counts the meetings an item was carried through (``with_schedule``)."""
    schedules = repr(description.schedules) if description is not None else ""
    return (*_carry_inputs(description), schedules)


def _carry_inputs(description: MeetingDescription | None) -> tuple[tuple, tuple[str, ...]]:
    """(aliases, known nicks) a description gives carrying: every nick it names is a person."""
    if description is None:
        return (), ()
    aliases = tuple(tuple(pair) for pair in description.aliases)
    known = [*description.courtesy_ping, *(nick for pair in aliases for nick in pair)]
    if description.chair:
        known.append(description.chair)
    return aliases, tuple(known)


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


def _require_logs(folder: Path, error: type[ArchwgError], why: str) -> None:
    """A default log folder with no log in it is a series that has not met yet (a group just started)."""
    from archwg.meetings.load import log_files

    if not log_files([str(folder)]):
        raise error(f"no meetings of {folder.name} yet{why} (MeetBot's logs go in {folder})")


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
    path = config.meeting_file
    if path is None and meeting_id:
        path = config.description_file(meeting_id)
    if path is None:
        return None  # and the descriptions' module (YAML) is not even imported
    from archwg.meetings.description import load_description

    return load_description(path)


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
