"""Carrying action items over a meeting series.

The group's habit (seed 000): the chair reads last meeting's action items out
as ``* nick text`` lines under ``#topic previous meeting action items``, then
records again with ``#action ... (Carried since Feb 9 2017)`` the ones that are
not done. Carrying replays that over a series of meetings in date order:

- an open item recorded again is *carried* and keeps the date it was first
  recorded (``since``);
- an open item the chair read out and did not record again is *closed* by
  that meeting;
- an open item the meeting never mentioned stays open, marked not reviewed,
  so a meeting that skipped the review loses nothing.

Everything here is pure: Meetings in, frozen values out, no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from archwg.meetings.matching import _LEADING_REVIEW_MARK, SIMILARITY, Aliases, _Similarity, match_key
from archwg.meetings.meeting import NO_END_MEETING, is_review_line
from archwg.meetings.model import DAY, MONTH, ActionItem, Item, Meeting, Since
from archwg.meetings.owners import owners_of
from archwg.meetings.suffix import split_carried_suffix

# --- What a meeting reviewed --------------------------------------------------------

def review_lines(meeting: Meeting) -> tuple[Item, ...]:
    """The chair lines that may read out last meeting's action items.

    Every chair line under a topic about action items ("previous meeting
    action items"), and ``* ...`` lines said before any topic was set
    (``is_review_line``; a meeting read with ``detail="actions"`` holds no others).
    """
    return tuple(line for line in meeting.chair_lines if is_review_line(line.topic, line.text))


def _reads_out_an_item(text: str) -> bool:
    """A read-out line written like an item (``* ...``, ``ACTION: ...``), not chat about one."""
    stripped = text.lstrip()
    return stripped.startswith("*") or stripped.lower().startswith("action:")


def _review_text(text: str) -> str:
    return _LEADING_REVIEW_MARK.sub("", text, count=1).strip()



# --- Carrying -----------------------------------------------------------------------


@dataclass
class _Tracked:
    """An item while carrying runs (mutable on purpose: only this module sees it)."""

    owners: tuple[str, ...]
    text: str
    key: str
    since: Since | None
    recorded: list[date]
    order: int  # when it was first recorded, for a stable order
    reviewed: bool = True
    closed: date | None = None
    marked_carried: bool = False  # first recorded with a carried suffix
    _similarity: _Similarity | None = None

    @property
    def similarity(self) -> _Similarity:
        if self._similarity is None or self._similarity.key != self.key:
            self._similarity = _Similarity(self.key)
        return self._similarity

    def freeze(self, series: str) -> ActionItem:
        return ActionItem(
            owners=self.owners,
            text=self.text,
            since=self.since,
            recorded=tuple(self.recorded),
            reviewed=self.reviewed,
            closed=self.closed,
            meeting=series,
            marked_carried=self.marked_carried,
        )


@dataclass(frozen=True)
class CarryReport:
    series: str
    date: date | None  # the newest meeting's
    source: str
    open: tuple[ActionItem, ...]
    closed: tuple[ActionItem, ...]
    warnings: tuple[str, ...] = ()
    meetings: int = 0


@dataclass
class _Recording:
    owners: tuple[str, ...]
    text: str
    key: str
    suffix_since: Since | None
    carried: bool = False  # written with a carried suffix, dated or not ("[carried over]")
    matched: _Tracked | None = None
    matched_key: str = ""  # the matched item's key before this recording (the text read out)


@dataclass
class _Carrier:
    aliases: Aliases
    known_nicks: dict[str, str]  # lower-cased -> as first written
    open: list[_Tracked] = field(default_factory=list)
    closed: list[_Tracked] = field(default_factory=list)
    closed_keys: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    first_date: date | None = None
    counter: int = 0
    # Lower-cased owner -> rank: the order owners were first written in an
    # #action of the series, whatever became of that item (the group's order).
    owner_rank: dict[str, int] = field(default_factory=dict)

    def meeting(self, meeting: Meeting) -> None:
        if self.first_date is None:
            self.first_date = meeting.date
        people = [nick for nick in meeting.people if not meeting.bot or nick.lower() != meeting.bot.lower()]
        for nick in people:
            self.known_nicks.setdefault(nick.lower(), nick)
        recordings = self._recordings(meeting, people)
        for recording in recordings:
            for owner in recording.owners:
                self.owner_rank.setdefault(owner.lower(), len(self.owner_rank))
        self._match_recordings(recordings, meeting)
        before = [item for item in self.open]  # open after the previous meeting
        self._review(before, recordings, meeting, people)
        for recording in recordings:
            if recording.matched is None:
                self._record_new(recording, meeting)

    def _recordings(self, meeting: Meeting, people: list[str]) -> list[_Recording]:
        recordings: list[_Recording] = []
        for action in meeting.actions:
            split = split_carried_suffix(action.text)
            if not split.text:
                continue
            owners = owners_of(split.text, people, meeting.bot, self.aliases, self.known_nicks)
            key = match_key(split.text, self.aliases)
            # The same item twice in one meeting is one item.
            if any(other.key == key and _same_people(other.owners, owners) for other in recordings):
                continue
            recordings.append(
                _Recording(owners, split.text, key, split.since if split.carried else None, carried=split.carried)
            )
        return recordings

    def _match_recordings(self, recordings: list[_Recording], meeting: Meeting) -> None:
        """Recorded again = carried: same owners, same text give or take small edits."""
        unmatched = list(self.open)
        # Most items are recorded again word for word: match those without difflib.
        by_key: dict[str, list[_Tracked]] = {}
        for item in unmatched:
            by_key.setdefault(item.key, []).append(item)
        for recording in recordings:
            candidates = by_key.get(recording.key)
            if candidates:
                same = [item for item in candidates if _same_people(item.owners, recording.owners)]
                self._carried(recording, (same or candidates)[0], meeting)
                candidates.remove(recording.matched)
                unmatched.remove(recording.matched)
        for recording in recordings:
            if recording.matched is not None:
                continue
            similarity = _Similarity(recording.key)
            best, best_ratio = None, 0.0
            for item in unmatched:
                ratio = similarity.ratio(item.key)
                if ratio < SIMILARITY or ratio <= best_ratio:
                    continue
                # Owners must agree, unless the texts are equal: then the same
                # nicks are named and only who happened to attend differs.
                if ratio < 1.0 and not _same_people(item.owners, recording.owners):
                    continue
                best, best_ratio = item, ratio
            if best is None:
                continue
            unmatched.remove(best)
            self._carried(recording, best, meeting)

    def _carried(self, recording: _Recording, item: _Tracked, meeting: Meeting) -> None:
        recording.matched = item
        recording.matched_key = item.key
        item.recorded.append(meeting.date)
        item.text = recording.text
        item.key = recording.key
        item.owners = _union(item.owners, recording.owners)
        item.reviewed = True
        item.since = self._carried_since(item.since, recording.suffix_since)

    def _review(
        self,
        before: list[_Tracked],
        recordings: list[_Recording],
        meeting: Meeting,
        people: list[str],
    ) -> None:
        carried_recordings = [recording for recording in recordings if recording.matched is not None]
        carried = {id(recording.matched) for recording in carried_recordings}
        lines = [(line, match_key(line.text, self.aliases)) for line in review_lines(meeting)]
        lines = [(line, key) for line, key in lines if key]
        used: set[int] = set()
        exact: dict[str, int] = {}
        for index, (_, key) in enumerate(lines):
            exact.setdefault(key, index)
        # The read-out of an item carried here must not close a similar item
        # the meeting never mentioned: the line is the carried item's when it
        # is at least as close to it (as read out before, or as recorded now).
        carried_keys = [_Similarity(key) for recording in carried_recordings
                        for key in {recording.matched_key, recording.key}]
        carried_ratio: dict[int, float] = {}

        def closest_carried(index: int) -> float:
            if index not in carried_ratio:
                key = lines[index][1]
                carried_ratio[index] = max((known.ratio(key) for known in carried_keys), default=0.0)
            return carried_ratio[index]

        for item in before:
            if id(item) in carried:
                continue
            hit = exact.get(item.key)
            if hit is None:
                similarity = item.similarity
                best_ratio = 0.0
                for index, (_, key) in enumerate(lines):
                    ratio = similarity.ratio(key)
                    if ratio >= SIMILARITY and ratio > best_ratio and ratio > closest_carried(index):
                        hit, best_ratio = index, ratio
            if hit is not None:
                used.add(hit)
                item.closed = meeting.date
                item.reviewed = True
                self.open.remove(item)
                self.closed.append(item)
                self.closed_keys.add(item.key)
            else:
                item.reviewed = False
        # A read-out item that nothing in the series recorded and this meeting
        # did not record again: closed here, from history the series does not hold.
        recorded_keys = [_Similarity(recording.key) for recording in recordings]
        known_keys = {recording.key for recording in recordings} | self.closed_keys
        known_keys |= {recording.matched_key for recording in carried_recordings}
        for index, (line, key) in enumerate(lines):
            if index in used or key in known_keys or not _reads_out_an_item(line.text):
                continue
            if any(known.ratio(key) >= SIMILARITY for known in recorded_keys):
                continue
            if any(item.similarity.ratio(key) >= SIMILARITY for item in self.closed):
                continue
            split = split_carried_suffix(_review_text(line.text))
            if not split.text:
                continue
            self.counter += 1
            item = _Tracked(
                owners=owners_of(split.text, people, meeting.bot, self.aliases, self.known_nicks),
                text=split.text,
                key=key,
                since=split.since if split.since and split.since.date <= meeting.date else None,
                recorded=[],
                order=self.counter,
                closed=meeting.date,
            )
            self.closed.append(item)
            self.closed_keys.add(key)

    def _record_new(self, recording: _Recording, meeting: Meeting) -> None:
        # Not _wholly_before here: the series holds no earlier recording of this
        # item, so 'Carried from Jan 2014' written on Jan 23 2014 is all we know
        # of its history (an earlier meeting that month), not a date to drop.
        since = Since(meeting.date, DAY)
        if recording.suffix_since is not None and recording.suffix_since.date < meeting.date:
            since = recording.suffix_since
        self.counter += 1
        self.open.append(
            _Tracked(
                owners=recording.owners,
                text=recording.text,
                key=recording.key,
                since=since,
                recorded=[meeting.date],
                order=self.counter,
                # "[carried over]" with no date: carried before, from history the series does not hold.
                marked_carried=recording.carried,
            )
        )

    def _carried_since(self, since: Since | None, suffix: Since | None) -> Since | None:
        # The series' own first recording wins; the hand-written suffix only
        # speaks for history older than anything the series holds.
        if suffix is None:
            return since
        if since is None:
            return suffix
        older_than_the_series = self.first_date is not None and _wholly_before(suffix, self.first_date)
        if older_than_the_series and _wholly_before(suffix, since.date):
            return suffix
        return since


def _wholly_before(written: Since, day: date) -> bool:
    """True when the time a hand-written suffix names ends before *day*.

    A month is compared as a month: 'Jan 2014' is not before Jan 9 2014, as
    the series' first meeting on Jan 9 may be the very recording it means.
    """
    if written.precision == MONTH:
        return (written.date.year, written.date.month) < (day.year, day.month)
    return written.date < day


def _same_people(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    return {nick.lower() for nick in first} == {nick.lower() for nick in second}


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    seen = {nick.lower() for nick in first}
    return first + tuple(nick for nick in second if nick.lower() not in seen)


def carry(
    meetings: Iterable[Meeting],
    aliases: Aliases = (),
    known_nicks: Iterable[str] = (),
) -> CarryReport:
    """Carry the action items over *meetings* (one series, oldest first), in one pass.

    Only the open items are kept while it runs, so years of meetings need
    little memory. *aliases* fold nick variants (``rocky_g`` -> ``rockyg``);
    *known_nicks* (the description's courtesy ping) let the first word of an
    item name a person who was absent.
    """
    carrier = _Carrier(aliases=tuple(aliases), known_nicks={nick.lower(): nick for nick in reversed(list(known_nicks))})
    meeting_warnings = _SeriesWarnings()
    last: Meeting | None = None
    count = 0
    for meeting in meetings:
        if last is not None and meeting.start < last.start:
            raise ValueError("carry() needs the meetings oldest first: use select_series()")
        carrier.meeting(meeting)
        meeting_warnings.add(meeting)
        last = meeting
        count += 1
    series = last.name if last else ""
    carrier.warnings[:0] = meeting_warnings.lines(series)
    # Only the newest meeting's omissions matter: what it skipped, the next one must review.
    skipped = [item for item in carrier.open if not item.reviewed]
    if skipped and last is not None:
        texts = "; ".join(item.text for item in skipped)
        carrier.warnings.append(
            f"the meeting {series} {last.date.isoformat()} did not review {len(skipped)} open action "
            f"item{'s' if len(skipped) > 1 else ''}, still open: {texts}"
        )
    return CarryReport(
        series=series,
        date=last.date if last else None,
        source=last.source if last else "",
        open=tuple(item.freeze(series) for item in group_order(carrier.open, carrier.owner_rank)),
        closed=tuple(item.freeze(series) for item in sorted(carrier.closed, key=lambda item: (item.closed, item.order))),
        warnings=tuple(carrier.warnings),
        meetings=count,
    )


class _SeriesWarnings:
    """The meetings' own warnings, as the chair wants them on every run.

    The newest meeting's are said as they are. A series of years holds old
    files cut off before ``#endmeeting``: those are said in one line rather
    than one each, run after run; other warnings of old meetings stay as they are.
    """

    def __init__(self) -> None:
        self.newest: Meeting | None = None
        self.earlier: list[str] = []
        self.cut_off: list[tuple[Meeting, str]] = []  # earlier meetings with no #endmeeting, oldest first

    def add(self, meeting: Meeting) -> None:
        if self.newest is not None:
            for message in self.newest.warnings:
                if not self.newest.ended and message.endswith(NO_END_MEETING):
                    self.cut_off.append((self.newest, message))
                else:
                    self.earlier.append(message)
        self.newest = meeting

    def lines(self, series: str) -> list[str]:
        lines = list(self.earlier)
        if len(self.cut_off) == 1:
            lines.append(self.cut_off[0][1])
        elif self.cut_off:
            latest = self.cut_off[-1][0]
            lines.append(
                f"{len(self.cut_off)} earlier meetings of {series} have no #endmeeting (files cut off?), "
                f"the newest of them on {latest.date.isoformat()}: {latest.source}"
            )
        if self.newest is not None:
            lines.extend(self.newest.warnings)
        return lines


def group_order(items: list[_Tracked], owner_rank: dict[str, int]) -> list[_Tracked]:
    """The group's order: by first owner, owners in the order they were first written, then by since.

    *owner_rank* ranks every owner of the series, items since closed
    included: an owner whose first items are done still comes before one
    first written later. UNASSIGNED items come last.
    """
    by_recording = sorted(items, key=lambda item: item.order)
    rank = dict(owner_rank)
    for item in by_recording:  # an owner known only from a read-out line: after the others
        if item.owners:
            rank.setdefault(item.owners[0].lower(), len(rank))

    def key(item: _Tracked):
        owner_rank = rank[item.owners[0].lower()] if item.owners else len(rank)
        since = item.since.date if item.since else date.max
        return (owner_rank, since, item.order)

    return sorted(by_recording, key=key)
