"""When two writings of an action item are the same item: matching words, as a person would.

Two writings are one item when their *content words* pair up one to one, in
order: each pair the same word, or the same word with a spelling edit inside
it (a typo, "emial" for "email"). Filler words ("the", "a", "please", "to"),
case, punctuation and hyphens inside words ("e-mail") do not count. One
changed content word makes another item: "write the spec for nova" is not
"write the spec for neutron", change 435555 is not change 441203, another
URL or another nick is another item. Numbers, URLs, nicks and short words
never take a spelling edit; a word takes at most one edit, and an item may
have one edited word, one more every eight words: the others must be equal.
"""

from __future__ import annotations

import re
from typing import Callable, Generic, Iterable, TypeVar

from archwg.meetings.suffix import split_carried_suffix

Aliases = tuple[tuple[str, str], ...]

# A URL (kept whole: another URL is another item) or a word (nicks' characters included).
_TOKEN = re.compile(r"((?:https?|ftp|irc|ssh)://\S+|mailto:\S+)|([\w\[\]\\`^{|}-]+)", re.IGNORECASE)
_URL_TRAILER = ".,;:!?)]}>'\""
_LEADING_REVIEW_MARK = re.compile(r"^\s*(?:[*\-•]\s*)?(?:action\s*:\s*)?", re.IGNORECASE)

# Words that can come and go without changing the item ("please send the email" is "send email").
FILLER_WORDS = frozenset(
    """
    a an the this that these those some any please pls plz kindly to will shall should must can could would
    may might also just again still then and or of for from in into on onto at by with about as is are be
    re via up
    """.split()
)
# A word must be this long to take a spelling edit ("heat" and "neat", "spec" and "spel" stay apart).
SHORTEST_EDITED_WORD = 5


def match_key(text: str, aliases: Aliases = ()) -> str:
    """The content words of an item, space-separated: what two writings of one item share.

    Lower case; the carried suffix and read-out marks (``* ``, ``ACTION:``)
    dropped; URLs kept whole; hyphens inside words dropped; nick variants
    folded; filler words dropped (unless the text has nothing else).
    """
    text = split_carried_suffix(_LEADING_REVIEW_MARK.sub("", text, count=1)).text.lower()
    folded = {variant.lower(): canonical.lower() for variant, canonical in aliases}
    words: list[str] = []
    for url, word in _TOKEN.findall(text):
        if url:
            words.append(url.rstrip(_URL_TRAILER))
            continue
        word = word.strip("-")
        if word:
            words.append(folded.get(word, word).replace("-", ""))
    content = [word for word in words if word not in FILLER_WORDS]
    return " ".join(content or words)


def most_edits(words: int) -> int:
    """How many words of an item of *words* words may take a spelling edit: one, one more every eight words.

    Never more than half: the rest must be equal. (Each edit allowed is one
    more word an index lookup must try: see WordIndex.)
    """
    return min(1 + words // 8, words // 2)


class WordMatcher:
    """Scores two match keys: 1.0 the same, 0.0 not the same item, in between spelling edits.

    A spelling edit is one letter added, dropped, changed, or two neighbours
    swapped (``emial``), in a word of letters only, at least
    ``SHORTEST_EDITED_WORD`` long, that is not a nick: *nicks* (any case)
    never take one, nor do numbers, URLs and short words. At most
    ``most_edits`` words of an item take one.
    """

    def __init__(self, nicks: Iterable[str] = ()):
        self.nicks: set[str] = set()
        for nick in nicks:
            self.know(nick)
        self._distance: Callable[..., int] | None = None  # imported when two words first differ

    def know(self, nick: str) -> None:
        """One more nick that must never take a spelling edit."""
        self.nicks.add(nick.lower().replace("-", ""))  # as match_key writes it

    def score(self, first: str, second: str) -> float:
        if first == second:
            return 1.0
        first_words, second_words = first.split(" "), second.split(" ")
        count = len(first_words)
        if count != len(second_words):
            return 0.0
        allowed = most_edits(count)
        edited = 0
        for one, other in zip(first_words, second_words):
            if one == other:
                continue
            edited += 1
            if edited > allowed or not (self._editable(one) and self._editable(other)):
                return 0.0
            if self._edit_distance(one, other) > 1:
                return 0.0
        # Below 1.0 by the share of words edited: the closest of several writings wins.
        return 1.0 - edited / (2 * count)

    def _edit_distance(self, one: str, other: str) -> int:
        if self._distance is None:
            from rapidfuzz.distance import OSA  # Levenshtein with a swap of two neighbours as one edit

            self._distance = OSA.distance
        return self._distance(one, other, score_cutoff=1)

    def _editable(self, word: str) -> bool:
        return len(word) >= SHORTEST_EDITED_WORD and word.isalpha() and word not in self.nicks


T = TypeVar("T")


class WordIndex(Generic[T]):
    """Values by match key, found by the words a key shares with them in place.

    A value is the same item as a key only when both have as many words and
    all but ``most_edits`` of them are equal, in place (``WordMatcher``). So
    any ``most_edits + 1`` places of the key hold, between them, every value
    that may match: the rarest such places are looked up, and a line meets
    only the few items that share a rare word with it, not every open item.
    """

    def __init__(self) -> None:
        self._exact: dict[str, dict[int, T]] = {}
        self._postings: dict[tuple[int, int, str], dict[int, T]] = {}

    def add(self, handle: int, key: str, value: T) -> None:
        self._exact.setdefault(key, {})[handle] = value
        words = key.split(" ")
        for place, word in enumerate(words):
            self._postings.setdefault((len(words), place, word), {})[handle] = value

    def remove(self, handle: int, key: str) -> None:
        _discard(self._exact, key, handle)
        words = key.split(" ")
        for place, word in enumerate(words):
            _discard(self._postings, (len(words), place, word), handle)

    def equal(self, key: str) -> dict[int, T]:
        """The values stored under *key* itself, by handle."""
        return self._exact.get(key, {})

    def candidates(self, key: str) -> dict[int, T]:
        """Every value that may be the same item as *key* (and some that are not), by handle."""
        words = key.split(" ")
        postings = [self._postings.get((len(words), place, word), {}) for place, word in enumerate(words)]
        postings.sort(key=len)
        found: dict[int, T] = {}
        for posting in postings[: most_edits(len(words)) + 1]:
            found.update(posting)
        return found


def _discard(table: dict, key, handle: int) -> None:
    values = table.get(key)
    if values is not None:
        values.pop(handle, None)
        if not values:
            del table[key]
