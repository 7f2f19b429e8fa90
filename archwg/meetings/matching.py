"""When two writings of an action item are the same item: matching words, as a person would.

Two writings are one item when their *content words* pair up one to one, in
order: each pair the same word, or the same word with a spelling edit inside
it (a typo, "emial" for "email"). Filler words ("the", "a", "please", "to"),
case, punctuation and hyphens inside words ("e-mail") do not count. One
changed content word makes another item: "write the spec for nova" is not
"write the spec for neutron", change 435555 is not change 441203, another
URL or another nick is another item. Numbers, URLs, nicks and short words
never take a spelling edit, a word takes at most one, and at least half
of the words must be equal.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Generic, Iterable, TypeVar

from archwg.meetings.description import canonical_nick
from archwg.meetings.suffix import split_carried_suffix

Aliases = tuple[tuple[str, str], ...]

_WORD = re.compile(r"[\w\[\]\\`^{|}-]+")
_URL = re.compile(r"(?:https?|ftp|irc|ssh)://\S+|mailto:\S+", re.IGNORECASE)
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
# A word must be this long to take a spelling edit ("nova" and "nový", "spec" and "spel" stay apart).
SHORTEST_EDITED_WORD = 5


@lru_cache(maxsize=1 << 14)
def match_key(text: str, aliases: Aliases = ()) -> str:
    """The content words of an item, space-separated: what two writings of one item share.

    Lower case; the carried suffix and read-out marks (``* ``, ``ACTION:``)
    dropped; URLs kept whole; hyphens inside words dropped; nick variants
    folded; filler words dropped (unless the text has nothing else).
    """
    text = split_carried_suffix(_LEADING_REVIEW_MARK.sub("", text, count=1)).text.lower()
    words: list[str] = []
    position = 0
    for url in _URL.finditer(text):
        words.extend(_words(text[position:url.start()], aliases))
        words.append(url.group().rstrip(_URL_TRAILER))
        position = url.end()
    words.extend(_words(text[position:], aliases))
    content = [word for word in words if word not in FILLER_WORDS]
    return " ".join(content or words)


def _words(text: str, aliases: Aliases) -> Iterable[str]:
    for word in _WORD.findall(text):
        word = word.strip("-")
        if not word:
            continue
        if aliases:
            word = canonical_nick(word, aliases).lower()
        yield word.replace("-", "")


class WordMatcher:
    """Scores two match keys: 1.0 the same, 0.0 not the same item, in between spelling edits.

    A spelling edit is one letter added, dropped, changed, or two neighbours
    swapped (``emial``), in a word of letters only, at least
    ``SHORTEST_EDITED_WORD`` long, that is not a nick: *nicks* (any case)
    never take one, nor do numbers, URLs and short words.
    """

    def __init__(self, nicks: Iterable[str] = ()):
        from rapidfuzz.distance import OSA  # Levenshtein with a swap of two neighbours as one edit

        self.nicks: set[str] = set()
        for nick in nicks:
            self.know(nick)
        self._distance = OSA.distance

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
        edited = 0
        for one, other in zip(first_words, second_words):
            if one == other:
                continue
            edited += 1
            if 2 * edited > count or not (self.editable(one) and self.editable(other)):
                return 0.0
            if self._distance(one, other, score_cutoff=1) > 1:
                return 0.0
        # Below 1.0 by the share of words edited: the closest of several writings wins.
        return 1.0 - edited / (2 * count)

    def editable(self, word: str) -> bool:
        return len(word) >= SHORTEST_EDITED_WORD and word.isalpha() and word not in self.nicks

    def variants(self, word: str) -> tuple[str, ...]:
        """*word* and, when it may take a spelling edit, every way of dropping one of its letters.

        Two words one edit apart share a variant (``email``/``emial`` both
        give ``emal``), so an index of variants finds them without comparing.
        """
        if not self.editable(word):
            return (word,)
        return (word, *{word[:place] + word[place + 1:] for place in range(len(word))})


T = TypeVar("T")


class WordIndex(Generic[T]):
    """Values by match key, found by the words a key shares with them.

    A value is the same item as a key only when every word of one pairs, in
    place, with a word of the other that is equal or one spelling edit away
    (``WordMatcher``). So each place of the key names, through the variants
    of its word, every value whose word there may pair with it; the key's
    rarest place is looked up, and a line meets only the few items that
    share its rarest word, not every open item.
    """

    def __init__(self, matcher: WordMatcher):
        self.matcher = matcher
        self._exact: dict[str, dict[int, T]] = {}
        self._postings: dict[tuple[int, int, str], dict[int, T]] = {}
        self._posted: dict[int, list[tuple[int, int, str]]] = {}  # handle -> its postings, to remove it

    def add(self, handle: int, key: str, value: T) -> None:
        self._exact.setdefault(key, {})[handle] = value
        words = key.split(" ")
        posted = self._posted[handle] = [
            (len(words), place, variant) for place, word in enumerate(words) for variant in self.matcher.variants(word)
        ]
        for posting in posted:
            self._postings.setdefault(posting, {})[handle] = value

    def remove(self, handle: int, key: str) -> None:
        _discard(self._exact, key, handle)
        for posting in self._posted.pop(handle, ()):
            _discard(self._postings, posting, handle)

    def equal(self, key: str) -> dict[int, T]:
        """The values stored under *key* itself, by handle."""
        return self._exact.get(key, {})

    def candidates(self, key: str) -> dict[int, T]:
        """Every value that may be the same item as *key* (and some that are not), by handle."""
        words = key.split(" ")
        rarest: list[dict[int, T]] | None = None
        rarest_size = 0
        for place, word in enumerate(words):
            postings = [self._postings.get((len(words), place, variant), {})
                        for variant in self.matcher.variants(word)]
            size = sum(map(len, postings))
            if rarest is None or size < rarest_size:
                rarest, rarest_size = postings, size
                if not size:
                    break
        found: dict[int, T] = {}
        for posting in rarest or ():
            found.update(posting)
        return found


def _discard(table: dict, key, handle: int) -> None:
    values = table.get(key)
    if values is not None:
        values.pop(handle, None)
        if not values:
            del table[key]
