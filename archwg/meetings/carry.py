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

Which writings are one item is ``matching.py``'s rule (words, not
characters); who owns one is ``owners.py``'s. ``Carrier`` does the work one
meeting at a time and can stop and resume from plain data (an incremental
cache keeps it); ``carry()`` feeds it a whole series. Open and closed items
are indexed by their words, so a meeting costs about the same however long
the series has run.

Everything here is pure: Meetings in, frozen values out, no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from archwg.meetings.matching import _LEADING_REVIEW_MARK, Aliases, WordIndex, WordMatcher, match_key
from archwg.meetings.meeting import NO_END_MEETING, is_review_line
# CarryReport lives with the other values, so a run answered from the cache need not import carrying.
from archwg.meetings.model import DAY, MONTH, ActionItem, CarryReport, Item, Meeting, Since  # noqa: F401
from archwg.meetings.owners import Attendance
from archwg.meetings.suffix import SuffixSplit, split_carried_suffix

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


# The review states carry-actions and the bot append to a read-out line ("[435555: ready, no +A for
# 21 days]", archwg/gerrit/annotate.py's ReviewNote.text): not words of the item, so not of its key.
_TRAILING_REVIEW_NOTES = re.compile(r"(?:\s*\[\d+: [^\[\]]*\])+\s*$")


def _review_text(text: str) -> str:
    return _TRAILING_REVIEW_NOTES.sub("", _LEADING_REVIEW_MARK.sub("", text, count=1)).strip()



# --- Carrying -----------------------------------------------------------------------

# 2: match keys keep hyphens (matching.key_variants); a state with version 1 keys is carried afresh.
STATE_VERSION = 2


@dataclass
class _Tracked:
    """An item while carrying runs (mutable on purpose: only this module sees it)."""

    owners: tuple[str, ...]
    text: str
    key: str
    since: Since | None
    recorded: list[date]
    order: int  # when it was first recorded, for a stable order
    touched: int  # the last meeting (counted from 0) that recorded, carried or closed it
    closed: date | None = None
    marked_carried: bool = False  # first recorded with a carried suffix

    def freeze(self, series: str, last_meeting: int) -> ActionItem:
        return ActionItem(
            owners=self.owners,
            text=self.text,
            since=self.since,
            recorded=tuple(self.recorded),
            # An open item the newest meeting never mentioned was not reviewed.
            reviewed=self.closed is not None or self.touched == last_meeting,
            closed=self.closed,
            meeting=series,
            marked_carried=self.marked_carried,
        )

    def to_state(self) -> list:
        return [
            list(self.owners),
            self.text,
            self.key,
            [self.since.date.isoformat(), self.since.precision] if self.since else None,
            [day.isoformat() for day in self.recorded],
            self.order,
            self.touched,
            self.closed.isoformat() if self.closed else None,
            self.marked_carried,
        ]

    @classmethod
    def from_state(cls, data: list) -> _Tracked:
        owners, text, key, since, recorded, order, touched, closed, marked_carried = data
        return cls(
            owners=tuple(_strings(owners)),
            text=_string(text),
            key=_string(key),
            since=Since(date.fromisoformat(since[0]), _precision(since[1])) if since is not None else None,
            recorded=[date.fromisoformat(day) for day in recorded],
            order=_integer(order),
            touched=_integer(touched),
            closed=date.fromisoformat(closed) if closed is not None else None,
            marked_carried=_boolean(marked_carried),
        )


@dataclass
class _Recording:
    owners: tuple[str, ...]
    text: str
    key: str
    suffix_since: Since | None
    carried: bool = False  # written with a carried suffix, dated or not ("[carried over]")
    unreadable: str = ""  # the date its carried suffix names, when it cannot be read ("Feb 30 2017")
    matched: _Tracked | None = None
    matched_key: str = ""  # the matched item's key before this recording (the text read out)


@dataclass(frozen=True)
class _Newest:
    """What the report needs of the newest meeting fed."""

    name: str
    start: datetime
    source: str


class Carrier:
    """Carrying one series, meeting after meeting, resumable from plain data.

    ``carry()`` is ``Carrier.for_series`` fed every meeting, then
    ``report()``. Any carrier can be stopped and restarted:
    ``Carrier.from_state(carrier.to_state())`` (plain, JSON-able data) fed
    more meetings reports exactly what the first one fed them would.

    *known_nicks* are nicks the series knows (its description's courtesy
    ping and chair): the first word of an item names one of them, or an
    alias, even when that person was not there. The people of every meeting
    fed are added to them as it is fed; ``for_series`` adds the people of
    every meeting of the series up front, later meetings' too. So a cache
    that kept the state after meetings A carries meetings B on only when
    ``resume`` says that gives what ``carry(A + B)`` gives.
    """

    def __init__(self, aliases: Aliases = (), known_nicks: Iterable[str] = ()):
        self.aliases: Aliases = tuple((str(first), str(second)) for first, second in aliases)
        self._known: dict[str, str] = {}  # lower-cased -> as first written
        for nick in [*known_nicks, *(nick for pair in self.aliases for nick in pair)]:
            self._known.setdefault(nick.lower(), nick)
        self._open: dict[int, _Tracked] = {}  # by order: insertion order is the order of recording
        # Nicks never take a spelling edit: "cdent" is not "cdemt"'s item.
        self._matcher = WordMatcher(self._known)
        self._nick_patterns: dict[str, re.Pattern] = {}  # see Attendance: not part of the state
        self._open_index: WordIndex[_Tracked] = WordIndex()
        self._closed: list[_Tracked] = []
        self._closed_index: WordIndex[_Tracked] = WordIndex()
        self._first_date: date | None = None
        self._counter = 0
        # Lower-cased owner -> rank: the order owners were first written in an
        # #action of the series, whatever became of that item (the group's order).
        self._owner_rank: dict[str, int] = {}
        self._meetings = 0
        self._newest: _Newest | None = None
        self._warnings = _SeriesWarnings()
        # What the texts of this meeting and the one before were read into: an
        # item recorded at one meeting is read out and recorded again, word
        # for word, at the next. Not part of the state: it changes no answer.
        self._read: dict[str, tuple[SuffixSplit, str]] = {}
        self._read_before: dict[str, tuple[SuffixSplit, str]] = {}
        self._described: tuple[Aliases, tuple[str, ...]] | None = None  # see for_series
        self._ahead: _Ahead | None = None  # see ahead_of_reading

    @classmethod
    def for_series(cls, meetings: Iterable[Meeting], aliases: Aliases = (), known_nicks: Iterable[str] = ()) -> Carrier:
        """A carrier for the series *meetings* (not fed yet), as ``carry()`` makes it.

        It knows *known_nicks* (the description's) and every person of
        *meetings*, and remembers which aliases and nicks it was described
        with, for ``resume``.
        """
        known_nicks = tuple(known_nicks)
        carrier = cls(aliases, [*known_nicks, *series_people(meetings)])
        carrier._described = (carrier.aliases, known_nicks)
        return carrier

    @classmethod
    def ahead_of_reading(cls, aliases: Aliases = (), known_nicks: Iterable[str] = ()) -> Carrier:
        """A carrier fed the meetings of a series while the later ones are still being read (``feed_ahead``).

        Reading a long series runs in other processes, and carrying it
        after the last log is read made every run wait for both, one after
        the other. But ``for_series`` knows the people of every meeting before
        the first one is fed, because a person first seen later may own an
        earlier item (``#action nikhil to ...`` before nikhil ever spoke), and
        nicks never take a spelling edit when items are matched. This carrier
        learns people as they come instead, and remembers every word it read
        an item's owners or match key by: ``carried_as_for_series`` says
        afterwards whether it carried what ``for_series`` would, that is,
        whether no person came after a word that is their nick was read.
        """
        known_nicks = tuple(known_nicks)
        carrier = cls(aliases, known_nicks)
        carrier._described = (carrier.aliases, known_nicks)
        carrier._ahead = _Ahead()
        return carrier

    def feed_ahead(self, meeting: Meeting) -> None:
        """Carry *meeting*, as read, when feeding ahead of reading may still give what ``for_series`` gives."""
        ahead = self._ahead
        if ahead is None or not ahead.sound:
            return
        if not self.starts_after_newest(meeting):
            # The series is put in order once all of it is read: in the order read, this may not be it.
            ahead.sound = False
            return
        ahead.fed.append(meeting)
        self.meeting(meeting)

    def carried_as_for_series(self, meetings: list[Meeting], aliases: Aliases = (),
                              known_nicks: Iterable[str] = ()) -> bool:
        """Has this carrier, fed ahead of reading, carried *meetings* as ``for_series(meetings, aliases,
        known_nicks)`` fed them would? Then it is that carrier from now on."""
        ahead = self._ahead
        known_nicks = tuple(known_nicks)
        # The very meetings fed, not equal ones: 2017-02-10 00:00+01:00 equals 2017-02-09 23:00+00:00.
        if (ahead is None or not ahead.sound or len(ahead.fed) != len(meetings)
                or any(fed is not meeting for fed, meeting in zip(ahead.fed, meetings))
                or self._described != (tuple((str(first), str(second)) for first, second in aliases), known_nicks)):
            return False
        # Every person spelled as for_series spells them (who comes first is written as first written).
        spelled = type(self).for_series(meetings, aliases, known_nicks)._known
        if spelled != self._known:
            return False
        self._known.clear()
        self._known.update(spelled)  # in for_series' order too, which to_state keeps
        self._ahead = None
        return True

    @classmethod
    def resume(cls, state: dict, meetings: Iterable[Meeting], aliases: Aliases = (),
               known_nicks: Iterable[str] = ()) -> Carrier | None:
        """The carrier *state* holds, ready to be fed *meetings*, when that gives what ``carry()`` would.

        *state* is ``to_state()`` of a ``for_series`` carrier fed the older
        meetings of the series; *meetings* are the ones that came since. None
        (carry the whole series instead) when the state was made with other
        aliases or known nicks, when a meeting is older than the newest the
        state holds, or when a meeting brings a person the state did not
        know (that nick may own an item of an earlier meeting). ValueError
        when *state* is not a carry state.
        """
        carrier = cls.from_state(state)
        meetings = list(meetings)
        described = (tuple((str(first), str(second)) for first, second in aliases), tuple(known_nicks))
        if carrier._described != described:
            return None
        if meetings and carrier._newest is not None and meetings[0].start < carrier._newest.start:
            return None
        if not all(nick.lower() in carrier._known for nick in series_people(meetings)):
            return None
        return carrier

    def starts_after_newest(self, meeting: Meeting) -> bool:
        """Whether *meeting* starts later than every meeting fed so far.

        A meeting at the same time as the newest is fed in the order the files
        were read, which the carrier does not know: a cache that would feed it
        after the saved state carries the whole series instead.
        """
        return self._newest is None or meeting.start > self._newest.start

    # --- feeding meetings -------------------------------------------------------------

    def meeting(self, meeting: Meeting) -> None:
        """Carry the items over one more meeting of the series (not older than the last one fed)."""
        if self._newest is not None and meeting.start < self._newest.start:
            raise ValueError("carry() needs the meetings oldest first: use select_series()")
        if self._first_date is None:
            self._first_date = meeting.date
        bot = meeting.bot.lower() if meeting.bot else None
        people = sorted(nick for nick in meeting.people if nick.lower() != bot)
        for nick in people:
            if nick.lower() not in self._known:
                if self._ahead is not None and self._ahead.may_have_read(nick):
                    self._ahead.sound = False  # for_series knew this nick when it read that word
                self._known[nick.lower()] = nick
                self._matcher.know(nick)
        attendance = Attendance(people, meeting.bot, self.aliases, self._known, self._nick_patterns)
        recordings = self._recordings(meeting, attendance)
        for recording in recordings:
            for owner in recording.owners:
                self._owner_rank.setdefault(owner.lower(), len(self._owner_rank))
        self._match_recordings(recordings, meeting)
        self._review(recordings, meeting, attendance)
        said: list[str] = []
        for recording in recordings:
            if recording.matched is None:
                self._record_new(recording, meeting)
                if recording.unreadable:
                    # Said where the series first records the item; a carried one keeps the series' date.
                    said.append(f"{meeting.source}: unreadable carried date {recording.unreadable!r} in the action "
                                f"item {recording.text!r}; counted from {meeting.date.isoformat()}")
        self._warnings.add(meeting, said)
        self._newest = _Newest(meeting.name, meeting.start, meeting.source)
        self._meetings += 1
        self._read_before, self._read = self._read, {}

    def _read_text(self, text: str) -> tuple[SuffixSplit, str]:
        """(the text without its carried suffix, its match key): an #action's or a read-out line's."""
        read = self._read.get(text) or self._read_before.get(text)
        if read is None:
            split = split_carried_suffix(text)
            read = (split, match_key(split.text, self.aliases))
            if self._ahead is not None:
                self._ahead.read(split.text, read[1])
        self._read[text] = read
        return read

    def _recordings(self, meeting: Meeting, attendance: Attendance) -> list[_Recording]:
        recordings: list[_Recording] = []
        by_key: dict[str, list[tuple[str, ...]]] = {}  # key -> the owners recorded with it
        for action in meeting.actions:
            split, key = self._read_text(action.text)
            if not split.text:
                continue
            owners = attendance.owners_of(split.text)
            # The same item twice in one meeting is one item.
            if key in by_key and any(_same_people(other, owners) for other in by_key[key]):
                continue
            by_key.setdefault(key, []).append(owners)
            unreadable = split.written if split.carried and split.since is None else ""
            recordings.append(_Recording(owners, split.text, key, split.since if split.carried else None,
                                         carried=split.carried, unreadable=unreadable))
        return recordings

    def _match_recordings(self, recordings: list[_Recording], meeting: Meeting) -> None:
        """Recorded again = carried: same owners, same item (``WordMatcher``)."""
        matched: set[int] = set()  # orders of the items carried here
        # Most items are recorded again word for word: the exact-key index finds those at once.
        for recording in recordings:
            candidates = [item for order, item in sorted(self._open_index.equal(recording.key).items())
                          if order not in matched]
            if candidates:
                same = [item for item in candidates if _same_people(item.owners, recording.owners)]
                item = (same or candidates)[0]
                matched.add(item.order)
                self._carried(recording, item, meeting)
        for recording in recordings:
            if recording.matched is not None:
                continue
            best, best_score = None, 0.0
            for order, item in sorted(self._open_index.candidates(recording.key).items()):
                if order in matched:
                    continue
                # Owners need not agree: nicks are words that must be equal, so
                # both name the same nicks and only who attended differs.
                score = self._matcher.score(recording.key, item.key)
                if score > best_score:
                    best, best_score = item, score
            if best is not None:
                matched.add(best.order)
                self._carried(recording, best, meeting)

    def _carried(self, recording: _Recording, item: _Tracked, meeting: Meeting) -> None:
        recording.matched = item
        recording.matched_key = item.key
        item.recorded.append(meeting.date)
        item.text = recording.text
        if item.key != recording.key:
            self._open_index.remove(item.order, item.key)
            item.key = recording.key
            self._open_index.add(item.order, item.key, item)
        item.owners = _union(item.owners, recording.owners)
        item.touched = self._meetings
        item.since = self._carried_since(item.since, recording.suffix_since)

    def _review(self, recordings: list[_Recording], meeting: Meeting, attendance: Attendance) -> None:
        score = self._matcher.score
        carried_recordings = [recording for recording in recordings if recording.matched is not None]
        # Read as the #action it reads out: "* text (Carried since ...)" is "text (Carried since ...)".
        lines = [(line, self._read_text(_review_text(line.text))[1]) for line in review_lines(meeting)]
        lines = [(line, key) for line, key in lines if key]
        # The read-out of an item carried here must not close a similar item
        # the meeting never mentioned: the line is the carried item's when it
        # is at least as close to it (as read out before, or as recorded now).
        carried_keys = {key for recording in carried_recordings for key in (recording.matched_key, recording.key)}
        carried_index = _LazyKeys(carried_keys)
        carried_score: dict[int, float] = {}

        def closest_carried(index: int) -> float:
            if index not in carried_score:
                key = lines[index][1]
                carried_score[index] = max((score(key, known) for known in carried_index.candidates(key)),
                                           default=0.0)
            return carried_score[index]

        # Each open item not carried here is closed by the first line that reads
        # it out word for word, else by the line closest to it.
        exact_hit: dict[int, int] = {}  # item order -> line index
        best_hit: dict[int, tuple[float, int]] = {}  # item order -> (score, line index)
        for index, (_, key) in enumerate(lines):
            # The read-out of an item carried here closes another only word for word.
            found = self._open_index.equal(key) if key in carried_keys else self._open_index.candidates(key)
            for order, item in found.items():
                if item.touched == self._meetings:
                    continue  # carried here
                if item.key == key:
                    exact_hit.setdefault(order, index)
                    continue
                ratio = score(key, item.key)
                if ratio > 0.0 and ratio > best_hit.get(order, (0.0, 0))[0] and ratio > closest_carried(index):
                    best_hit[order] = (ratio, index)
        used: set[int] = set()
        for order in sorted({*exact_hit, *best_hit}):
            item = self._open.pop(order)
            used.add(exact_hit[order] if order in exact_hit else best_hit[order][1])
            self._open_index.remove(order, item.key)
            item.closed = meeting.date
            item.touched = self._meetings
            self._add_closed(item)
        # A read-out item that nothing in the series recorded and this meeting
        # did not record again: closed here, from history the series does not hold.
        recorded_keys = {recording.key for recording in recordings}
        recorded_index = _LazyKeys(recorded_keys)
        known_keys = recorded_keys | {recording.matched_key for recording in carried_recordings}
        for index, (line, key) in enumerate(lines):
            if index in used or key in known_keys or not _reads_out_an_item(line.text):
                continue
            if self._closed_index.equal(key):
                continue
            if any(score(key, known) > 0.0 for known in recorded_index.candidates(key)):
                continue
            if any(score(key, item.key) > 0.0 for item in self._closed_index.candidates(key).values()):
                continue
            split = self._read_text(_review_text(line.text))[0]
            if not split.text:
                continue
            self._counter += 1
            self._add_closed(_Tracked(
                owners=attendance.owners_of(split.text),
                text=split.text,
                key=key,
                since=split.since if split.since and split.since.date <= meeting.date else None,
                recorded=[],
                order=self._counter,
                touched=self._meetings,
                closed=meeting.date,
            ))

    def _add_closed(self, item: _Tracked) -> None:
        self._closed.append(item)
        self._closed_index.add(item.order, item.key, item)

    def _record_new(self, recording: _Recording, meeting: Meeting) -> None:
        # Not _wholly_before here: the series holds no earlier recording of this
        # item, so 'Carried from Jan 2014' written on Jan 23 2014 is all we know
        # of its history (an earlier meeting that month), not a date to drop.
        since = Since(meeting.date, DAY)
        if recording.suffix_since is not None and recording.suffix_since.date < meeting.date:
            since = recording.suffix_since
        self._counter += 1
        item = self._open[self._counter] = _Tracked(
            owners=recording.owners,
            text=recording.text,
            key=recording.key,
            since=since,
            recorded=[meeting.date],
            order=self._counter,
            touched=self._meetings,
            # "[carried over]" with no date: carried before, from history the series does not hold.
            marked_carried=recording.carried,
        )
        self._open_index.add(item.order, item.key, item)

    def _carried_since(self, since: Since | None, suffix: Since | None) -> Since | None:
        # The series' own first recording wins; the hand-written suffix only
        # speaks for history older than anything the series holds.
        if suffix is None:
            return since
        if since is None:
            return suffix
        older_than_the_series = self._first_date is not None and _wholly_before(suffix, self._first_date)
        if older_than_the_series and _wholly_before(suffix, since.date):
            return suffix
        return since

    # --- the answer ---------------------------------------------------------------------

    def report(self) -> CarryReport:
        """What carrying the meetings fed so far gives (the carrier can be fed more afterwards)."""
        newest = self._newest
        series = newest.name if newest else ""
        warnings = self._warnings.lines(series)
        last = self._meetings - 1
        # Only the newest meeting's omissions matter: what it skipped, the next one must review.
        skipped = [item for item in self._open.values() if item.touched != last]
        if skipped and newest is not None:
            texts = "; ".join(item.text for item in skipped)
            warnings.append(
                f"the meeting {series} {newest.start.date().isoformat()} did not review {len(skipped)} open action "
                f"item{'s' if len(skipped) > 1 else ''}, still open: {texts}"
            )
        return CarryReport(
            series=series,
            date=newest.start.date() if newest else None,
            source=newest.source if newest else "",
            open=tuple(item.freeze(series, last) for item in group_order(list(self._open.values()), self._owner_rank)),
            closed=tuple(item.freeze(series, last)
                         for item in sorted(self._closed, key=lambda item: (item.closed, item.order))),
            warnings=tuple(warnings),
            meetings=self._meetings,
        )

    # --- resuming -------------------------------------------------------------------------

    def to_state(self) -> dict:
        """Everything needed to carry on, as JSON-able plain data (lists, str, int, bool, ISO dates)."""
        newest = self._newest
        return {
            "version": STATE_VERSION,
            "aliases": [list(pair) for pair in self.aliases],
            "known_nicks": list(self._known.values()),
            "described": [[list(pair) for pair in self._described[0]], list(self._described[1])]
            if self._described is not None else None,
            "open": [item.to_state() for item in self._open.values()],
            "closed": [item.to_state() for item in self._closed],
            "first_date": self._first_date.isoformat() if self._first_date else None,
            "counter": self._counter,
            "owner_rank": list(self._owner_rank),
            "meetings": self._meetings,
            "newest": [newest.name, newest.start.isoformat(), newest.source] if newest else None,
            "warnings": self._warnings.to_state(),
        }

    @classmethod
    def from_state(cls, data: dict) -> Carrier:
        """The carrier ``to_state()`` described; ValueError when *data* is not such a state."""
        try:
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"carry state version {data.get('version')!r}, not {STATE_VERSION}")
            carrier = cls(aliases=[tuple(_strings(pair)) for pair in data["aliases"]],
                          known_nicks=_strings(data["known_nicks"]))
            for item in map(_Tracked.from_state, data["open"]):
                carrier._open[item.order] = item
                carrier._open_index.add(item.order, item.key, item)
            for item in map(_Tracked.from_state, data["closed"]):
                carrier._add_closed(item)
            first = data["first_date"]
            carrier._first_date = date.fromisoformat(first) if first is not None else None
            carrier._counter = _integer(data["counter"])
            carrier._owner_rank = {owner: rank for rank, owner in enumerate(_strings(data["owner_rank"]))}
            carrier._meetings = _integer(data["meetings"])
            newest = data["newest"]
            if newest is not None:
                name, start, source = _strings(newest)
                carrier._newest = _Newest(name, datetime.fromisoformat(start), source)
            carrier._warnings = _SeriesWarnings.from_state(data["warnings"])
            described = data["described"]
            if described is not None:
                carrier._described = (tuple((first, second) for first, second in map(_strings, described[0])),
                                      tuple(_strings(described[1])))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not a carry state: {error}") from error
        return carrier


class _Ahead:
    """What a carrier fed ahead of reading has read (``Carrier.ahead_of_reading``)."""

    __slots__ = ("fed", "words", "sound")

    def __init__(self) -> None:
        self.fed: list[Meeting] = []
        # Every word that was looked up as a known nick: an item's first word
        # (Attendance.owners_of) and the words of match keys (WordMatcher).
        self.words: set[str] = set()
        self.sound = True  # False: a later person may have changed what was carried

    def read(self, text: str, key: str) -> None:
        """*text* (without its carried suffix) was read into match key *key*."""
        first = text.split(None, 1)
        if first:
            self.words.add(first[0].rstrip(":,").lower())  # as _first_word_owner looks it up
        for word in key.split(" "):
            # Every form key_variants may give the word, whole, joined or split at its hyphens.
            self.words.update((word, word.replace("-", ""), *word.split("-")))

    def may_have_read(self, nick: str) -> bool:
        """Was *nick* read as a word (in either form WordMatcher.know keeps) before it was known?"""
        lowered = nick.lower()
        return lowered in self.words or lowered.replace("-", "") in self.words


class _LazyKeys:
    """Keys of one meeting, indexed by word only when first asked (most meetings never ask)."""

    def __init__(self, keys: Iterable[str]):
        self._keys = keys
        self._index: WordIndex[str] | None = None

    def candidates(self, key: str) -> Iterable[str]:
        if self._index is None:
            self._index = WordIndex()
            for handle, known in enumerate(sorted(self._keys)):
                self._index.add(handle, known, known)
        return self._index.candidates(key).values()


def _string(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _strings(values) -> list[str]:
    return [_string(value) for value in values]


def _integer(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _boolean(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _precision(value) -> str:
    if value not in (DAY, MONTH):
        raise ValueError(f"expected a precision, got {value!r}")
    return value


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
    """Carry the action items over *meetings* (one series, oldest first).

    *aliases* fold nick variants (``rocky_g`` -> ``rockyg``). The first word
    of an item names a person who was not there when the series knows that
    nick: *known_nicks* (the description's courtesy ping and chair), the
    aliases, and the people of every meeting of the series, later ones too.
    """
    meetings = list(meetings)
    carrier = Carrier.for_series(meetings, aliases, known_nicks)
    for meeting in meetings:
        carrier.meeting(meeting)
    return carrier.report()


def with_schedule(report: CarryReport, description) -> CarryReport:
    """*report* with each open item's ``open_through``: the meetings after its since date up to the
    newest meeting read, as the description schedules them and as the logs hold them.

    An item "(Carried since Jan 26 2017)" first seen in a log of Feb 23 was carried by the
    meetings of Feb 9 and Feb 23 too; counting recordings alone missed them.
    """
    from dataclasses import replace

    from archwg.meetings.model import last_day_of
    from archwg.meetings.schedule import next_occurrence, occurrence_after

    if report.date is None or not description.schedules:
        return report

    def meetings_after(day: date) -> list[date]:
        found = []
        current = next_occurrence(description, day + timedelta(days=1))
        while current is not None and current.date <= report.date:
            found.append(current.date)
            current = occurrence_after(description, current)
        return found

    items = []
    for item in report.open:
        if item.since is not None:
            after = last_day_of(item.since)
            held = [day for day in item.recorded if day > after]
            item = replace(item, open_through=tuple(sorted({*meetings_after(after), *held})))
        items.append(item)
    return replace(report, open=tuple(items))


def series_people(meetings: Iterable[Meeting]) -> list[str]:
    """Everybody present at any of *meetings* (spoke, ``#chair``, ``#nick``), the bots left out, first seen first."""
    people: dict[str, str] = {}
    for meeting in meetings:
        bot = meeting.bot.lower() if meeting.bot else None
        for nick in sorted(meeting.people):
            if nick.lower() != bot:
                people.setdefault(nick.lower(), nick)
    return list(people.values())


class _SeriesWarnings:
    """The meetings' own warnings, as the chair wants them on every run.

    The newest meeting's are said as they are. A series of years holds old
    files cut off before ``#endmeeting``: those are said in one line rather
    than one each, run after run; other warnings of old meetings stay as they are.
    """

    def __init__(self) -> None:
        # The newest meeting: (its warnings, whether it ended, its date, its source).
        self.newest: tuple[tuple[str, ...], bool, date, str] | None = None
        self.earlier: list[str] = []
        self.cut_off: list[tuple[date, str, str]] = []  # (date, source, warning) of earlier meetings, oldest first

    def add(self, meeting: Meeting, said: Iterable[str] = ()) -> None:
        """*meeting*'s own warnings, and what carrying it *said* (an unreadable carried date)."""
        if self.newest is not None:
            warnings, ended, day, source = self.newest
            for message in warnings:
                if not ended and message.endswith(NO_END_MEETING):
                    self.cut_off.append((day, source, message))
                else:
                    self.earlier.append(message)
        self.newest = (tuple(meeting.warnings) + tuple(said), meeting.ended, meeting.date, meeting.source)

    def lines(self, series: str) -> list[str]:
        lines = list(self.earlier)
        if len(self.cut_off) == 1:
            lines.append(self.cut_off[0][2])
        elif self.cut_off:
            latest_date, latest_source, _ = self.cut_off[-1]
            lines.append(
                f"{len(self.cut_off)} earlier meetings of {series} have no #endmeeting (files cut off?), "
                f"the newest of them on {latest_date.isoformat()}: {latest_source}"
            )
        if self.newest is not None:
            lines.extend(self.newest[0])
        return lines

    def to_state(self) -> dict:
        newest = self.newest
        return {
            "newest": [list(newest[0]), newest[1], newest[2].isoformat(), newest[3]] if newest else None,
            "earlier": list(self.earlier),
            "cut_off": [_cut_off_state(entry) for entry in self.cut_off],
        }

    @classmethod
    def from_state(cls, data: dict) -> _SeriesWarnings:
        warnings = cls()
        newest = data["newest"]
        if newest is not None:
            messages, ended, day, source = newest
            warnings.newest = (tuple(_strings(messages)), _boolean(ended), date.fromisoformat(day), _string(source))
        warnings.earlier = _strings(data["earlier"])
        warnings.cut_off = [_cut_off_from_state(entry) for entry in data["cut_off"]]
        return warnings


def _cut_off_state(entry: tuple[date, str, str]) -> list[str]:
    return [entry[0].isoformat(), entry[1], entry[2]]


def _cut_off_from_state(data: list) -> tuple[date, str, str]:
    day, source, message = _strings(data)
    return date.fromisoformat(day), source, message


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
