"""Helpers of the bot's tests (a module of its own: test files import it, never a conftest)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
SERIES = DATA / "meetings" / "series"
PROJECT_ROOT = DATA.parent.parent


class Clock:
    """An injected ``now``: naive UTC, moved by the test, never by waiting."""

    def __init__(self, start: datetime):
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value


def with_config(settings, **changes):
    return replace(settings, config=replace(settings.config, **changes))
