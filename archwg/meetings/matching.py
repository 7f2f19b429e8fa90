"""When two writings of an action item are the same item: matching words, as a person would.

Two writings are one item when their *content words* pair up one to one, in
order: each pair the same word, or the same word with a spelling edit inside
it (a typo, "emial" for "email"). Filler words ("the", "a", "please", "to"),
case, punctuation, a plural "s" or a possessive "'s" ("specs", "neutron's")
and hyphens ("e-mail" is "email", "cross-project" is "cross project") do not
count, nor does a URL's trailing "/". One
changed content word makes another item: "write the spec for nova" is not
"write the spec for neutron", change 435555 is not change 441203, another
URL or another nick is another item. Numbers, URLs, nicks and short words
never take a spelling edit, nor a plural "s"; a word takes at most one edit, and an item may
have one edited word, one more every eight words: the others must be equal.
"""

from __future__ import annotations

import re
from typing import Callable, Generic, Iterable, TypeVar

from archwg.meetings.suffix import split_carried_suffix

Aliases = tuple[tuple[str, str], ...]

# A URL (kept whole: another URL is another item) or a word (nicks' characters included),
# a possessive "'s" after it dropped ("neutron's spec" is "neutron spec", not "neutron s spec").
_TOKEN = re.compile(
    r"((?:https?|ftp|irc|ssh)://\S+|mailto:\S+)|([\w\[\]\\`^{|}-]+)(?:['\u2019]s\b)?", re.IGNORECASE
)
_URL_TRAILER = ".,;:!?)]}>'\"/"  # a trailing "/" too: ".../p/arch-wg-ptg/" is ".../p/arch-wg-ptg"
# A key with more hyphen-joined words than this matches only all of them joined or all split.
_MOST_HYPHENS_VARIED = 3
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
    dropped; URLs kept whole; hyphens inside words kept (``key_variants``
    reads them joined and split); nick variants folded; filler words dropped
    (unless the text has nothing else).
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
            words.append(folded.get(word, folded.get(word.replace("-", ""), word)))
    content = [word for word in words if word not in FILLER_WORDS]
    return " ".join(content or words)


def key_variants(key: str) -> tuple[str, ...]:
    """The ways a key may be read: each hyphen-joined word joined ("email") or split ("e mail").

    "cross-project" is both "crossproject" and "cross project"; a split part
    that is a filler word goes ("follow-up" is "follow up", read "follow").
    """
    if "-" not in key:
        return (key,)
    words = key.split(" ")
    choices = []
    for word in words:
        if "-" in word.strip("-"):
            parts = [part for part in word.split("-") if part]
            split = " ".join(part for part in parts if part not in FILLER_WORDS) or " ".join(parts)
            choices.append((word.replace("-", ""), split))
        else:
            choices.append((word.replace("-", "") or word,))
    if sum(len(choice) > 1 for choice in choices) > _MOST_HYPHENS_VARIED:
        return tuple(dict.fromkeys(" ".join(choice[side] if len(choice) > 1 else choice[0] for choice in choices)
                                   for side in (0, 1)))
    variants = [""]
    for choice in choices:
        variants = [f"{variant} {option}" if variant else option for variant in variants for option in choice]
    return tuple(dict.fromkeys(variants))


def plural_stem(word: str) -> str:
    """*word* without a trailing plural "s": the form the word index files it under."""
    return word[:-1] if len(word) > 1 and word.endswith("s") else word


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
        nick = nick.lower()
        self.nicks.update((nick, nick.replace("-", "")))  # as key_variants reads it

    def score(self, first: str, second: str) -> float:
        if first == second:
            return 1.0
        if "-" not in first and "-" not in second:
            return self._score_words(first, second)
        return max(self._score_words(one, other) for one in key_variants(first) for other in key_variants(second))

    def _score_words(self, first: str, second: str) -> float:
        if first == second:
            return 1.0
        first_words, second_words = first.split(" "), second.split(" ")
        count = len(first_words)
        if count != len(second_words):
            return 0.0
        allowed = most_edits(count)
        edited = plurals = 0
        for one, other in zip(first_words, second_words):
            if one == other:
                continue
            if self._plural_of(one, other):
                plurals += 1  # the same word: only a hair further than equal
                continue
            edited += 1
            if edited > allowed or not (self._editable(one) and self._editable(other)):
                return 0.0
            if self._edit_distance(one, other) > 1:
                return 0.0
        # Below 1.0 by the share of words edited: the closest of several writings wins.
        return 1.0 - (edited + plurals / 4) / (2 * count)

    def _plural_of(self, one: str, other: str) -> bool:
        """One word is the other with a plural "s" ("specs", "spec"), neither a nick nor a number."""
        shorter, longer = (one, other) if len(one) < len(other) else (other, one)
        return (
            longer == shorter + "s"
            and shorter.isalnum()
            and not shorter.isdigit()
            and one not in self.nicks
            and other not in self.nicks
        )

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
        # key -> key_variants(key): a carried item's key is looked up again at every meeting.
        self._variants: dict[str, tuple[str, ...]] = {}

    def _variants_of(self, key: str) -> tuple[str, ...]:
        if "-" not in key:
            return (key,)
        variants = self._variants.get(key)
        if variants is None:
            variants = self._variants[key] = key_variants(key)
        return variants

    def add(self, handle: int, key: str, value: T) -> None:
        for variant in self._variants_of(key):
            self._exact.setdefault(variant, {})[handle] = value
            words = variant.split(" ")
            for place, word in enumerate(words):
                self._postings.setdefault((len(words), place, plural_stem(word)), {})[handle] = value

    def remove(self, handle: int, key: str) -> None:
        for variant in self._variants_of(key):
            _discard(self._exact, variant, handle)
            words = variant.split(" ")
            for place, word in enumerate(words):
                _discard(self._postings, (len(words), place, plural_stem(word)), handle)

    def equal(self, key: str) -> dict[int, T]:
        """The values stored under *key* itself (either reading of its hyphens), by handle."""
        variants = self._variants_of(key)
        if len(variants) == 1:
            return self._exact.get(key, {})
        found: dict[int, T] = {}
        for variant in variants:
            found.update(self._exact.get(variant, {}))
        return found

    def candidates(self, key: str) -> dict[int, T]:
        """Every value that may be the same item as *key* (and some that are not), by handle.

        Words are filed without a plural "s", so "specs" finds "spec".
        """
        found: dict[int, T] = {}
        for variant in self._variants_of(key):
            words = variant.split(" ")
            postings = [self._postings.get((len(words), place, plural_stem(word)), {})
                        for place, word in enumerate(words)]
            postings.sort(key=len)
            for posting in postings[: most_edits(len(words)) + 1]:
                found.update(posting)
        return found


def _discard(table: dict, key, handle: int) -> None:
    values = table.get(key)
    if values is not None:
        values.pop(handle, None)
        if not values:
            del table[key]
