"""When two writings of an action item are the same item."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from archwg.meetings.description import canonical_nick
from archwg.meetings.suffix import TEXT_CACHE_SIZE, split_carried_suffix

# Two texts are the same item when difflib's ratio reaches this (small edits:
# "e-mail" for "email", "a raw proposal" for "raw proposal").
SIMILARITY = 0.85

Aliases = tuple[tuple[str, str], ...]

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

