"""The outgoing lines, in order, at a rate the server accepts.

A token bucket: up to ``burst`` lines go at once, then ``per_second``. The
bot's reactor drains it on a schedule (``execute_every``), never blocking
the event loop as ``set_rate_limit`` would. The clock is injected (monotonic
seconds), so the rate is tested without waiting. It holds at most ``limit``
lines: beyond that, a line is refused (``put`` says so) rather than kept
for minutes of channel flood or an unbounded memory.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Callable


LIMIT = 500  # lines: over eight minutes at the default rate


class SendQueue:
    def __init__(self, burst: int = 4, per_second: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 limit: int = LIMIT):
        if burst < 1 or per_second <= 0 or limit < 1:
            raise ValueError("burst and limit must be at least 1 and per_second positive")
        self.limit = limit
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._lines: deque[tuple[str, str]] = deque()
        self._tokens = float(burst)
        self._last = clock()

    def put(self, target: str, text: str) -> bool:
        """Queue a line; False (and the line dropped) when the queue already holds ``limit``."""
        if len(self._lines) >= self.limit:
            return False
        self._lines.append((target, text))
        return True

    def __len__(self) -> int:
        return len(self._lines)

    def take(self) -> list[tuple[str, str]]:
        """The lines that may go now, oldest first; the rest wait for a later call."""
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.per_second)
        self._last = now
        ready = []
        while self._lines and self._tokens >= 1.0:
            ready.append(self._lines.popleft())
            self._tokens -= 1.0
        return ready
