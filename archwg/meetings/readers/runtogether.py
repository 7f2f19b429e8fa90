"""A log copied from a web page with its lines run together (seed 004).

What survives is ``HH:MM:SS text HH:MM:SS text ...``, possibly on one huge
line, with no nicks. A message is cut at every timestamp that follows a
space. A time inside a message ("meet at 19:30:00 then") would cut it wrongly,
so a cut is only accepted when its time does not go back from the previous
one (across midnight excepted): the log is in time order, talk rarely is.
The input is read in chunks; only the last unfinished message is held back.
"""

from __future__ import annotations

import re
from typing import Iterator

from archwg.meetings.model import Line
from archwg.meetings.readers.textio import ByteSource, Warn, iter_text_chunks

STAMP = re.compile(r"(?:^|(?<=\s))(\d\d):(\d\d):(\d\d)(?:\s+|$)")
DAY_SECONDS = 24 * 3600


def _seconds(found: re.Match) -> int:
    hours, minutes, seconds = (int(part) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def _goes_forward(previous: int | None, current: int) -> bool:
    if previous is None:
        return True
    if current >= previous:
        return True
    # Past midnight: 23:59:58 then 00:00:03.
    return previous - current > DAY_SECONDS - 3 * 3600


def read_run_together_lines(source: ByteSource, warn: Warn | None = None) -> Iterator[Line]:
    number = 0
    buffer = ""
    current_time: str | None = None
    current_seconds: int | None = None
    message_start = 0

    def split(limit: int) -> Iterator[Line]:
        """Cut *buffer* at each forward-going stamp that starts before *limit*."""
        nonlocal number, current_time, current_seconds, message_start
        message_start = 0
        for found in STAMP.finditer(buffer):
            if found.start() >= limit:
                break
            if found.group(1) > "23" or found.group(2) > "59" or found.group(3) > "59":
                continue
            seconds = _seconds(found)
            if not _goes_forward(current_seconds, seconds):
                continue
            if current_time is not None:
                number += 1
                yield Line(number, current_time, None, buffer[message_start : found.start()].strip())
            current_time = buffer[found.start() : found.start() + 8]
            current_seconds = seconds
            message_start = found.end()

    for chunk in iter_text_chunks(source, warn):
        buffer += chunk.replace("\r", " ").replace("\n", " ")
        # Keep the tail: a stamp may be cut by the chunk edge, so the last
        # 12 characters are only examined once more text has arrived.
        yield from split(max(0, len(buffer) - 12))
        buffer = buffer[message_start:]
    yield from split(len(buffer))  # the end of input: whatever stamps remain in the tail
    if current_time is not None:
        number += 1
        yield Line(number, current_time, None, buffer[message_start:].strip())
