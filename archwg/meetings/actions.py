"""Action items: who owns them, the carried suffix, and carrying them over a meeting series.

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

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Sequence

from archwg.errors import BadInput, UsageError
from archwg.meetings.description import canonical_nick
from archwg.meetings.meeting import NO_END_MEETING, file_name_facts, is_review_line
from archwg.meetings.model import DAY, MONTH, ActionItem, Item, Meeting, Since

UNASSIGNED = "UNASSIGNED"

# Two texts are the same item when difflib's ratio reaches this (small edits:
# "e-mail" for "email", "a raw proposal" for "raw proposal").
SIMILARITY = 0.85

Aliases = tuple[tuple[str, str], ...]


# --- The carried suffix --------------------------------------------------------

# "(Carried since Feb 9 2017)", "(Carried from Jan 2017)", "[carried over]",
# "(carried over from 2017-01-26)", "(Carried over since 9 February 2017)"...
# Only at the very end of the text: "carried" in mid-sentence is the item itself.
_CARRIED_SUFFIX = re.compile(
    r"\s*[(\[]\s*carried(?:[\s-]+over)?(?:\s+(?:since|from))?\s*[:\-]?\s*(?P<when>[^()\[\]]*?)\s*[)\]][\s.]*$",
    re.IGNORECASE,
)
_DAY_FORMATS = ("%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%Y/%m/%d")
_MONTH_FORMATS = ("%b %Y", "%B %Y", "%Y-%m", "%Y/%m")


@dataclass(frozen=True)
class SuffixSplit:
    text: str  # without the suffix
    carried: bool  # a carried suffix was there
    since: Since | None  # the date it names, when it names one we can read


# Carrying meets the same texts meeting after meeting (an item is read out and
# recorded again until it is done): the pure text functions below remember
# their answers, which are frozen values.
TEXT_CACHE_SIZE = 1 << 14


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def split_carried_suffix(text: str) -> SuffixSplit:
    """Read the hand-written carried suffix at the end of *text* and strip it."""
    found = _CARRIED_SUFFIX.search(text)
    if found is None:
        return SuffixSplit(text.strip(), False, None)
    return SuffixSplit(text[: found.start()].strip(), True, parse_since(found.group("when")))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def parse_since(when: str) -> Since | None:
    """'Feb 9 2017' -> a day, 'Jan 2017' -> a month, anything else -> None."""
    cleaned = " ".join(when.replace(",", " ").replace(".", " ").split())
    if not cleaned:
        return None
    quick = _the_groups_spelling(cleaned)
    if quick is not None:
        return quick
    for pattern in _DAY_FORMATS:
        try:
            return Since(datetime.strptime(cleaned, pattern).date(), DAY)
        except ValueError:
            pass
    for pattern in _MONTH_FORMATS:
        try:
            return Since(datetime.strptime(cleaned, pattern).date().replace(day=1), MONTH)
        except ValueError:
            pass
    return None


_MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_GROUPS_SPELLING = re.compile(r"([A-Za-z]{3}) (?:(\d{1,2}) )?(\d{4})", re.ASCII)


def _the_groups_spelling(cleaned: str) -> Since | None:
    """'Feb 9 2017' or 'Jan 2017' without strptime (slow, and tried format after format).

    Only what the first day or month format reads the same way; None sends
    anything else, an impossible date included, through strptime.
    """
    found = _GROUPS_SPELLING.fullmatch(cleaned)
    if found is None:
        return None
    month = _MONTHS.get(found.group(1).lower())
    if month is None:
        return None
    try:
        if found.group(2) is None:
            return Since(date(int(found.group(3)), month, 1), MONTH)
        return Since(date(int(found.group(3)), month, int(found.group(2))), DAY)
    except ValueError:
        return None


def carried_suffix(since: Since) -> str:
    """The one style archwg writes back: '(Carried since Feb 9 2017)' / '(Carried since Jan 2017)'."""
    return f"(Carried since {since.human()})"


def was_carried(item: ActionItem) -> bool:
    """True when the item was already carried at least once before its latest recording."""
    if len(item.recorded) > 1 or item.marked_carried:
        return True
    return bool(item.recorded) and item.since is not None and item.since.date < item.recorded[0]


# --- Matching texts --------------------------------------------------------------

_WORD = re.compile(r"[\w\[\]\\`^{|}-]+")
_LEADING_REVIEW_MARK = re.compile(r"^\s*(?:[*\-•]\s*)?(?:action\s*:\s*)?", re.IGNORECASE)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def match_key(text: str, aliases: Aliases = ()) -> str:
    """What two writings of one item share: lower case, words only, nick variants folded."""
    text = split_carried_suffix(_LEADING_REVIEW_MARK.sub("", text, count=1)).text
    words = []
    for word in _WORD.findall(text.lower()):
        word = word.strip("-")
        if word:
            words.append(canonical_nick(word, aliases).lower() if aliases else word)
    return " ".join(words)


class _Similarity:
    """Compares many candidate texts with one key, calling difflib only when it can reach the bar.

    The SequenceMatcher is built on first need: most candidates fail the
    length bound (difflib's real_quick_ratio) and never cost more than that.
    """

    # (key, other) -> ratio, for all instances: the same open item meets the
    # same read-out line at every meeting until it is closed.
    known: dict[tuple[str, str], float] = {}
    KNOWN_LIMIT = 1 << 16  # entries; forgotten all at once past it (memory stays flat)

    def __init__(self, key: str):
        self.key = key
        self._matcher: SequenceMatcher | None = None

    def ratio(self, other: str) -> float:
        if other == self.key:
            return 1.0
        total = len(other) + len(self.key)
        if not total or 2 * min(len(other), len(self.key)) / total < SIMILARITY:
            return 0.0
        pair = (self.key, other)
        ratio = self.known.get(pair)
        if ratio is None:
            if len(self.known) >= self.KNOWN_LIMIT:
                self.known.clear()
            ratio = self.known[pair] = self._difflib_ratio(other)
        return ratio

    def _difflib_ratio(self, other: str) -> float:
        # difflib's quick_ratio (characters in common, an upper bound of the
        # ratio) from counts kept per text: most pairs stop here, before a
        # SequenceMatcher is built.
        if 2.0 * _shared_characters(other, self.key) / (len(other) + len(self.key)) < SIMILARITY:
            return 0.0
        matcher = self._matcher
        if matcher is None:
            matcher = self._matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(self.key)  # difflib caches what it learns about seq2
        matcher.set_seq1(other)
        return matcher.ratio()


# Match keys are mostly these characters: their counts are kept as a vector,
# so two texts' characters in common cost one pass of C-level min() calls.
_COMMON_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789 _-"
_DROP_COMMON = str.maketrans("", "", _COMMON_CHARACTERS)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _character_counts(text: str) -> tuple[tuple[int, ...], dict[str, int]]:
    """(counts of each of _COMMON_CHARACTERS, counts of any other character) in *text*."""
    common = tuple(map(text.count, _COMMON_CHARACTERS))
    others: dict[str, int] = {}
    for character in text.translate(_DROP_COMMON):
        others[character] = others.get(character, 0) + 1
    return common, others


def _shared_characters(first: str, second: str) -> int:
    """How many characters two texts have in common, counted with repeats (difflib's quick_ratio)."""
    first_common, first_others = _character_counts(first)
    second_common, second_others = _character_counts(second)
    shared = sum(map(min, first_common, second_common))
    if first_others and second_others:
        shared += sum(min(count, second_others.get(character, 0)) for character, count in first_others.items())
    return shared


# --- Owners ------------------------------------------------------------------------

# Words that open an action item without naming anybody ("Everyone to review...",
# "Follow up with...", "Send email..."): never taken as an absent person's nick.
COMMON_FIRST_WORDS = frozenset(
    """
    a an the this that these those it its all any each every everyone everybody someone somebody anyone
    anybody nobody no none one we us our you your they them their he she his her i me my who whoever
    team teams group wg chair chairs core cores ptl ptls tc board foundation community people folks
    and or but if then also maybe please to for from with about on in at by of as re fyi todo tbd
    add ask ping email mail send write draft create make file open close merge review check look read
    follow figure find fix get go investigate discuss talk reach contact update upload post push submit
    propose prepare plan schedule set setup start continue finish complete clean document test try
    research report summarize share move keep track remind confirm collect gather organize organise
    invite book reply respond resurrect revive work next new more other some
    """.split()
)

# Words that, right after the first word, say the first word is somebody
# ("nikhil to draft", "nikhil will ask", "nikhil review ...").
_OWNER_FOLLOWERS = frozenset(
    "to will should shall must can may could would needs need and & is are has have takes take".split()
)
_ACTION_VERBS = frozenset(
    """
    add ask ping email mail send write draft create make file open close merge review check look read
    follow figure find fix get investigate discuss talk reach contact update upload post push submit
    propose prepare plan schedule set setup start continue finish complete clean document test try
    research report summarize share move keep track remind confirm collect gather organize organise
    invite book reply respond resurrect revive work bring drive lead own coordinate sync circle
    """.split()
)
_NICK_SHAPE = re.compile(r"^[A-Za-z\[\]\\`_^{|}][\w\[\]\\`^{|}-]*$")
_NICK_MARKS = re.compile(r"[\d_\[\]\\`^{|}-]")


def owners_of(
    text: str,
    people: Iterable[str],
    bot: str | None = None,
    aliases: Aliases = (),
    known_nicks: Iterable[str] = (),
) -> tuple[str, ...]:
    """The nicks an action item belongs to, in the order the text names them.

    As MeetBot attributes them: every person of the meeting whose nick occurs
    in the text as a whole word, case-insensitively. Also the first word of
    the text when it names somebody who was not there (``#action nikhil to
    ...``; see ``_first_word_owner``). Aliases fold a person's nick variants
    into one; the meeting bot never owns anything. Empty: UNASSIGNED.
    """
    bot_lower = bot.lower() if bot else None
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    # In ASCII, re.IGNORECASE matches what lower() makes equal, so a nick
    # that is not in the lowered text cannot match: skip its regex search.
    # (Beyond ASCII it also folds e.g. "ſ" to "s": always search there.)
    text_lower = text.lower() if text.isascii() else None
    for nick in people:
        lowered = nick.lower()
        if lowered == bot_lower or lowered in seen or not nick:
            continue
        if text_lower is not None and nick.isascii() and lowered not in text_lower:
            continue
        position = _find_nick(text, nick)
        if position >= 0:
            found.append((position, nick))
            seen.add(lowered)
    first = _first_word_owner(text, seen, bot_lower, known_nicks)
    if first is not None:
        found.append((0, first))
    found.sort(key=lambda pair: pair[0])
    owners: list[str] = []
    for _, nick in found:
        canonical = canonical_nick(nick, aliases)
        if canonical.lower() not in {owner.lower() for owner in owners}:
            owners.append(canonical)
    return tuple(owners)


def _find_nick(text: str, nick: str) -> int:
    found = _nick_pattern(nick).search(text)
    return found.start() if found else -1


@lru_cache(maxsize=4096)
def _nick_pattern(nick: str) -> re.Pattern:
    # MeetBot's rule is \bnick\b; lookarounds behave the same for ordinary
    # nicks and still work for nicks that end in a non-word character (joe|away).
    return re.compile(r"(?<!\w)" + re.escape(nick) + r"(?!\w)", re.IGNORECASE)


def _first_word_owner(text: str, present: set[str], bot_lower: str | None, known_nicks: Iterable[str]) -> str | None:
    """The first word, when it names a person who did not speak.

    It counts when it is a nick the series or its description knows (courtesy
    ping, aliases, people of earlier meetings), or when it is not a common
    English word and either looks like a nick (digits, ``_``, ``|``, an inner
    capital as in ``SpamapS``), ends in ``:`` or ``,``, or is followed by
    ``to``/``will``/... or an action verb (``nikhil review ...``).
    """
    words = text.split(None, 2)
    if not words:
        return None
    raw = words[0]
    candidate = raw.rstrip(":,")
    lowered = candidate.lower()
    if not candidate or lowered in present or lowered == bot_lower or not _NICK_SHAPE.match(candidate):
        return None
    if isinstance(known_nicks, dict):  # lower-cased nick -> spelling, as carry() keeps them
        known = known_nicks.get(lowered)
    else:
        known = next((nick for nick in known_nicks if nick.lower() == lowered), None)
    if known is not None:
        return known
    if lowered in COMMON_FIRST_WORDS or len(candidate) < 2:
        return None
    if _NICK_MARKS.search(candidate) or any(letter.isupper() for letter in candidate[1:]):
        return candidate
    if raw != candidate:  # "nikhil: draft the ..."
        return candidate
    following = words[1].lower().strip(",.:;") if len(words) > 1 else ""
    if following in _OWNER_FOLLOWERS or following in _ACTION_VERBS or following.rstrip("s") in _ACTION_VERBS:
        return candidate
    return None


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


# --- Series -------------------------------------------------------------------------


def slim(meeting: Meeting) -> Meeting:
    """Only what carrying reads: the action items and the review lines (flat memory on years of logs)."""
    return replace(
        meeting,
        items=meeting.actions,
        chair_lines=review_lines(meeting),
        lines_said=(),
    )


def select_series(
    meetings: Iterable[Meeting],
    meeting_id: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Meeting]:
    """The meetings of one series, oldest first, each slimmed to what carrying reads.

    *meeting_id* picks the series (case-insensitive, as MeetBot lower-cases
    ``#meetingname``); without it, the series of the newest meeting. Meetings
    of other series are skipped with one warning.
    """
    kept, _ = _pick_series(meetings, meeting_id, warn, keep_all=True)
    return sorted(kept, key=lambda meeting: meeting.start)


def newest_of_series(
    meetings: Iterable[Meeting],
    meeting_id: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[Meeting, int]:
    """The newest meeting, whole, of the series ``select_series`` picks, and how many meetings that series has.

    For minutes: one meeting is kept in full, not every meeting of years of logs.
    """
    kept, count = _pick_series(meetings, meeting_id, warn, keep_all=False)
    return kept[0], count


def _pick_series(
    meetings: Iterable[Meeting],
    meeting_id: str | None,
    warn: Callable[[str], None] | None,
    keep_all: bool,
    unread: Mapping[str, int] | None = None,
) -> tuple[list[Meeting], int]:
    """(the chosen series' meetings: all of them slimmed, or only its newest whole; how many it has).

    *unread*: series (as their file names write them) -> how many of their
    files were not read, for the warning about the series skipped.
    """
    wanted = meeting_id.lower() if meeting_id else None
    kept: dict[str, list[Meeting]] = {}
    counts: dict[str, int] = {}
    skipped: dict[str, int] = {}
    names: dict[str, str] = {}
    newest: Meeting | None = None
    for meeting in meetings:
        series = meeting.name.lower()
        names.setdefault(series, meeting.name)
        if wanted is not None and series != wanted:
            skipped[series] = skipped.get(series, 0) + 1
            continue
        counts[series] = counts.get(series, 0) + 1
        if keep_all:
            kept.setdefault(series, []).append(slim(meeting))
        elif series not in kept or meeting.start >= kept[series][0].start:
            kept[series] = [meeting]
        if newest is None or meeting.start > newest.start:
            newest = meeting
    for name, count in (unread or {}).items():
        names.setdefault(name.lower(), name)
        skipped[name.lower()] = skipped.get(name.lower(), 0) + count
    if newest is None:
        if wanted is not None and skipped:
            found = ", ".join(sorted(names[series] for series in skipped))
            raise UsageError(f"no meeting of series {meeting_id!r} in the logs read (series found: {found})")
        raise BadInput("no meeting found in the logs read")
    chosen = wanted or newest.name.lower()
    for series, count in counts.items():
        if series != chosen:
            skipped[series] = skipped.get(series, 0) + count
    if skipped and warn is not None:
        others = ", ".join(f"{names[series]} ({count})" for series, count in sorted(skipped.items()))
        warn(f"read only meeting series {names[chosen]}; skipped the meetings of {others}")
    return kept[chosen], counts[chosen]


# --- Choosing the series from MeetBot file names ---------------------------------------
#
# MeetBot names every file after the meeting it holds, with its final name
# (after #meetingname) and its start: ``arch_wg.2017-03-09-20.01.log.txt``.
# When every file read has such a name, the series and the newest meeting are
# known before any file is opened, and an archive of many series needs only
# the chosen series' files read. Names are a claim, not a fact: the meetings
# read must bear them out (``select_named_series``), or the caller reads
# everything and selects by the names inside, as ``select_series`` does.


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
    meeting named otherwise than its file (renamed by hand, or sharing its file
    with another meeting) means other files' names may hide meetings of the
    chosen series too; without --meeting, a newest meeting not later than
    every other series' newest file means the names misled about which
    series is the newest. The caller then reads everything.
    """

    def named_as_their_files() -> Iterable[Meeting]:
        for meeting in meetings:
            series = choice.file_series.get(meeting.source)
            if series is None or meeting.name.lower() != series.lower():
                raise _NamesMislead(meeting.source)
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
    series = sorted(kept, key=lambda meeting: meeting.start)
    if choice.newest_of_others is not None and series[-1].start.replace(second=0, microsecond=0) <= (
            choice.newest_of_others):
        return None
    if warn is not None:
        for message in told:
            warn(message)
    return series


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


# --- Output helpers shared by carry-actions and actions ------------------------------


def item_json(item: ActionItem) -> dict:
    data = {
        "owners": list(item.owners),
        "text": item.text,
        "since": item.since.iso() if item.since else None,
        "recorded": [day.isoformat() for day in item.recorded],
        "reviewed": item.reviewed,
    }
    if item.closed is not None:
        data["closed"] = item.closed.isoformat()
    return data


def by_person(items: Iterable[ActionItem]) -> list[tuple[str, list[ActionItem]]]:
    """Items per owner (an item with two owners is under both), owners in order, UNASSIGNED last."""
    groups: dict[str, tuple[str, list[ActionItem]]] = {}
    unassigned: list[ActionItem] = []
    for item in items:
        if not item.owners:
            unassigned.append(item)
        for owner in item.owners:
            groups.setdefault(owner.lower(), (owner, []))[1].append(item)
    return [*groups.values(), (UNASSIGNED, unassigned)]
