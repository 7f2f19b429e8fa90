"""The carried suffix the group writes after an action item: "(Carried since Feb 9 2017)".

Reading every variant people write ("(Carried from Jan 2017)", "[carried over]",
"(carried over from 2017-01-26)"...) and writing back the one style archwg
uses. Pure functions of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from archwg.dates import MONTH_NUMBERS as _MONTHS
from archwg.meetings.model import DAY, MONTH, ActionItem, Since


# "(Carried since Feb 9 2017)", "(Carried from Jan 2017)", "[carried over]",
# "(carried over from 2017-01-26)", "(Carried over since 9 February 2017)"...
# Only at the very end of the text: "carried" in mid-sentence is the item itself.
_CARRIED_SUFFIX = re.compile(
    r"\s*[(\[]\s*carried(?:[\s-]+over)?(?:\s+(?:since|from))?\s*[:\-]?\s*(?P<when>[^()\[\]]*?)\s*[)\]][\s.]*$",
    re.IGNORECASE,
)
# What strptime's "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d" and "%Y/%m/%d"
# read (its %d, %m and %Y spelled out), then "%b %Y", "%B %Y", "%Y-%m" and "%Y/%m"; month
# names from archwg.dates, as strptime would take them from the locale.
_D, _M, _Y = r"(?P<d>3[01]|[12]\d|0[1-9]|[1-9])", r"(?P<m>1[0-2]|0[1-9]|[1-9])", r"(?P<y>\d\d\d\d)"
_NAME = r"(?P<name>[^\W\d_]+)"
_DAY_PATTERNS = tuple(map(re.compile, (rf"{_NAME} {_D} {_Y}", rf"{_D} {_NAME} {_Y}", rf"{_Y}(?P<s>[-/]){_M}(?P=s){_D}")))
_MONTH_PATTERNS = tuple(map(re.compile, (rf"{_NAME} {_Y}", rf"{_Y}(?P<s>[-/]){_M}")))


@dataclass(frozen=True)
class SuffixSplit:
    text: str  # without the suffix
    carried: bool  # a carried suffix was there
    since: Since | None  # the date it names, when it names one we can read
    written: str = ""  # the date as written in it ("" when it names none: "[carried over]")


def split_carried_suffix(text: str) -> SuffixSplit:
    """Read the hand-written carried suffix at the end of *text* and strip it."""
    found = _CARRIED_SUFFIX.search(text)
    if found is None:
        return SuffixSplit(text.strip(), False, None)
    when = found.group("when")
    return SuffixSplit(text[: found.start()].strip(), True, parse_since(when), when)


def parse_since(when: str) -> Since | None:
    """'Feb 9 2017' -> a day, 'Jan 2017' -> a month, anything else -> None."""
    cleaned = " ".join(when.replace(",", " ").replace(".", " ").split())
    if not cleaned:
        return None
    quick = _the_groups_spelling(cleaned)
    if quick is not None:
        return quick
    for patterns, precision in ((_DAY_PATTERNS, DAY), (_MONTH_PATTERNS, MONTH)):
        for pattern in patterns:
            found = pattern.fullmatch(cleaned)
            if found is None:
                continue
            parts = found.groupdict()
            month = int(parts["m"]) if parts.get("m") else _MONTHS.get(parts["name"].lower())
            if month is None:
                continue  # a word that is no month: the next pattern may read it
            try:
                return Since(date(int(parts["y"]), month, int(parts.get("d") or 1)), precision)
            except ValueError:
                return None  # "Feb 30 2017": no other pattern reads this shape
    return None


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


def read_out_line(item: ActionItem) -> str:
    """``* text (Carried since Feb 9 2017)``: an open item as it is read out at the next meeting
    (carry-actions, the bot), the suffix only when the item was carried before. Carrying closes
    an item a chair reads out this way under the review topic and nobody records again."""
    if was_carried(item) and item.since is not None:
        return f"* {item.text} {carried_suffix(item.since)}"
    return f"* {item.text}"
