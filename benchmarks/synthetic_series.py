"""A synthetic meeting series that makes carrying work hard: pure, seeded, Meeting values built directly.

The case that once took 215 s of CPU for 2,400 meetings: the texts share few
words (each item names its own made-up words, as specs and projects do), and
items are rarely closed, so the open list grows with the series. Every
meeting, as the group does it (seed 000):

* the chair reads out last meeting's action items (``* text``) under the
  action-items topic;
* most are recorded again with "(Carried since ...)", some with a small edit
  (a filler word added, a typo, "e-mail" for "email");
* a few are closed (read out, not recorded again);
* a few are dropped without a word (read out nowhere, recorded nowhere): they
  stay open, not reviewed, for the rest of the series;
* a few new items are recorded.

Same seed, same series: the generator uses its own ``random.Random``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from archwg.meetings.model import Item, Meeting
from archwg.meetings.suffix import carried_suffix
from archwg.meetings.model import DAY, Since

DEFAULT_SEED = 20170209
TOPIC = "previous meeting action items"
VERBS = ("review", "write", "update", "draft", "propose", "follow up on", "send", "check", "ping", "document")
SYLLABLES = ("ka", "lo", "mi", "ren", "tu", "vax", "zen", "qui", "bor", "fel", "nap", "dor", "sil", "wy", "gra", "pe")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _typo(rng: random.Random, text: str) -> str:
    """One spelling edit inside a long word (a doubled letter), or a filler word added."""
    words = text.split(" ")
    long_words = [index for index, word in enumerate(words) if word.isalpha() and len(word) >= 6]
    if long_words and rng.random() < 0.5:
        index = rng.choice(long_words)
        word = words[index]
        cut = rng.randint(1, len(word) - 1)
        words[index] = word[:cut] + word[cut - 1] + word[cut:]
        return " ".join(words)
    return "please " + text


def synthetic_series(meetings: int, seed: int = DEFAULT_SEED, new_per_meeting: int = 4) -> list[Meeting]:
    """*meetings* meetings of one series, oldest first, every two weeks from Jan 2014."""
    rng = random.Random(seed)
    nicks = [f"{_word(rng)}{index}" for index in range(40)]
    start = datetime(2014, 1, 9, 20, 0)
    last_recorded: list[tuple[str, datetime]] = []  # (text, first recorded) recorded at the previous meeting
    series: list[Meeting] = []
    for number in range(meetings):
        when = start + timedelta(days=14 * number)
        people = frozenset(rng.sample(nicks, 8)) | {"chair"}
        read_out = [f"* {text}" for text, _ in last_recorded]
        recorded: list[tuple[str, datetime]] = []
        for text, since in last_recorded:
            fate = rng.random()
            if fate < 0.04:
                continue  # done: read out, not recorded again
            if fate < 0.10:
                read_out.remove(f"* {text}")  # dropped without a word: stays open, not reviewed
                continue
            if fate < 0.15:
                text = _typo(rng, text)
            recorded.append((text, since))
        for _ in range(new_per_meeting):
            owner = rng.choice(nicks)
            text = f"{owner} {rng.choice(VERBS)} the {_word(rng)} {_word(rng)} spec for {_word(rng)}"
            if rng.random() < 0.2:
                text += f" https://review.example.org/#/c/{rng.randint(100000, 999999)}/"
            recorded.append((text, when))
        actions = [
            text if since == when else f"{text} {carried_suffix(Since(since.date(), DAY))}"
            for text, since in recorded
        ]
        series.append(
            Meeting(
                name="synthetic",
                start=when,
                source=f"synthetic.{when:%Y-%m-%d-%H.%M}.log.txt",
                chairs=("chair",),
                items=tuple(Item("action", text, "chair", None, line, TOPIC) for line, text in enumerate(actions)),
                people=people,
                bot="meetbot",
                chair_lines=tuple(Item("said", text, "chair", None, line, TOPIC) for line, text in enumerate(read_out)),
            )
        )
        last_recorded = recorded
    return series


def crowded_meetings(items: int, seed: int = DEFAULT_SEED) -> list[Meeting]:
    """Two meetings of *items* action items and read-out lines each: the cost inside one meeting.

    The first records *items* new items and reads out as many others from
    history the series does not hold; the second records half of them again
    and reads the same lines out.
    """
    rng = random.Random(seed)
    nicks = [f"{_word(rng)}{index}" for index in range(30)]
    actions = [f"{rng.choice(nicks)} {rng.choice(VERBS)} the {_word(rng)} {_word(rng)} spec" for _ in range(items)]
    read_out = [f"* {rng.choice(nicks)} write the {_word(rng)} {_word(rng)} doc" for _ in range(items)]
    people = frozenset(nicks) | {"chair"}

    def crowded(when: datetime, recorded: list[str]) -> Meeting:
        return Meeting(
            name="crowded",
            start=when,
            source=f"crowded.{when:%Y-%m-%d-%H.%M}.log.txt",
            chairs=("chair",),
            items=tuple(Item("action", text, "chair", None, line, TOPIC) for line, text in enumerate(recorded)),
            people=people,
            bot="meetbot",
            chair_lines=tuple(Item("said", text, "chair", None, line, TOPIC) for line, text in enumerate(read_out)),
        )

    return [crowded(datetime(2020, 1, 9, 20, 0), actions), crowded(datetime(2020, 1, 23, 20, 0), actions[: items // 2])]
