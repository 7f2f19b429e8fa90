"""The fast reader's look-out for the next line that matters: the first mark of several patterns, each block
searched once per pattern (not once per line handled: a meeting of 20,000 chair lines read out under the
review topic, no command among them, made it quadratic)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from archwg.meetings.readers.fastlog import _Lookout

COMMANDS = re.compile(rb"#(?i:action|topic)")
CHAIR = re.compile(rb"<chair> \*")
DAY = re.compile(rb"\n---")
GREETING = re.compile(rb"Meeting started")

LINES = [b"10:00 <chair> * item", b"10:00 <chair> #action x", b"10:00 <joe> talk", b"--- Day changed Fri Mar 10 2017",
         b"10:00 <bot> Meeting started", b"10:00 <joe> a #topic mid-line", b"10:00 <chair> #TOPIC y"]


class Counting:
    """A pattern that counts the bytes its searches were given to scan."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.scanned = 0

    def search(self, block: bytes, position: int, end: int):
        found = self.pattern.search(block, position, end)
        self.scanned += max((found.end() if found else end) - position, 0)  # up to its hit, or all it was given
        return found


def brute_first(patterns, block: bytes, position: int):
    """The earliest hit of any pattern at or after *position*, as one alternation would find it."""
    starts = [found.span() for found in (pattern.search(block, position) for pattern in patterns) if found]
    return min(starts, key=lambda span: span[0]) if starts else None


def line_of(block: bytes, span) -> int:
    return block.rfind(b"\n", 0, span[0] + 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=60), st.lists(st.integers(0, 3), min_size=1, max_size=30))
def test_the_first_mark_is_on_the_line_an_alternation_finds(lines, others_choice):
    # Which of the other marks are looked out for changes as the reader goes (a topic, the greeting).
    block = b"\n" + b"\n".join(lines) + b"\n"
    choices = [(), (CHAIR,), (DAY, GREETING), (CHAIR, DAY, GREETING)]
    hits: dict = {}
    position = 0
    for choice in others_choice * 3:
        others = choices[choice]
        found = _Lookout(COMMANDS, others).first(block, position, hits)
        expected = brute_first((COMMANDS, *others), block, position)
        assert (found is None) == (expected is None)
        if found is None:
            break
        # The same line: a mark later in a command's line may be the span given, the line is what is read.
        assert line_of(block, found) == line_of(block, expected)
        end = block.find(b"\n", found[1])
        position = len(block) if end < 0 else end


def test_a_stretch_of_other_marks_is_searched_once():
    # 20,000 chair lines read out under the review topic, no command among them: each is a line that
    # matters, and the reader asks for the next one 20,000 times.
    block = b"\n" + b"".join(b"20:%02d:00 <chair> * still reading item %d out\n" % (i % 60, i) for i in range(20000))
    block += b"20:59:00 <chair> #topic next\n"
    commands, chair, day = Counting(COMMANDS), Counting(CHAIR), Counting(DAY)
    lookout = _Lookout(commands, (day, chair))
    hits: dict = {}
    position, lines = 0, 0
    while (found := lookout.first(block, position, hits)) is not None:
        lines += 1
        position = block.find(b"\n", found[1])
    assert lines == 20001
    # Each pattern scans each byte about once: not once for every line handled (20,000 times the block).
    for pattern in (commands, chair, day):
        assert pattern.scanned <= 2 * len(block), pattern.pattern
