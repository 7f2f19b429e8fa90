"""Plain helpers of the bot tests (conftest.py holds the fixtures)."""

from __future__ import annotations

from dataclasses import replace


def with_config(settings, **changes):
    return replace(settings, config=replace(settings.config, **changes))
