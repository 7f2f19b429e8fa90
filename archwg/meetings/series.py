"""Which meetings form a series: by the names inside them, or by MeetBot's file names."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, Iterable, Mapping, Sequence

from archwg.errors import BadInput, UsageError
from archwg.meetings.carry import review_lines
from archwg.meetings.meeting import file_name_facts
from archwg.meetings.model import Meeting



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

    wanted = {meeting_id.lower(), *(meeting_name(name) for name in names)} if meeting_id else None
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

