"""Fixtures of the bot's tests: a spec repository with the group's meeting, a clock to move by hand."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from botkit import DATA, SERIES, Clock


@pytest.fixture
def clock():
    # The Thursday of the meeting of 23 March 2017 (ISO week 12, even), before it starts.
    return Clock(datetime(2017, 3, 23, 19, 0, 0))


@pytest.fixture
def bot_repo(spec_repo):
    """The spec repository with the group's meeting description, its logs so far and one spec."""
    meetings = spec_repo / "meetings"
    (meetings / "logs" / "arch_wg").mkdir(parents=True)
    shutil.copy(DATA / "bot" / "arch_wg.yaml", meetings / "arch_wg.yaml")
    for log in sorted(SERIES.glob("arch_wg.2017-0[23]-*.log.txt")):
        if log.name < "arch_wg.2017-03-23":
            shutil.copy(log, meetings / "logs" / "arch_wg" / log.name)
    shutil.copy(DATA / "bot" / "nova-compute-api.rst", spec_repo / "specs" / "nova-compute-api.rst")
    return spec_repo


@pytest.fixture
def settings(bot_repo):
    from dataclasses import replace

    from archwg.bot.app import resolve_settings
    from archwg.bot.config import BotConfig
    from archwg.config import load_config

    config = replace(load_config(bot_repo), bot=BotConfig(server="127.0.0.1", tls=False, nick="archbot"))
    return resolve_settings(config, environ={})


@pytest.fixture
def closing():
    """``closing(thing)``: *thing* (a server, a proxy, a peer), closed at the end of the test, the last
    made first; returned as it is."""
    made = []

    def close_later(thing):
        made.append(thing)
        return thing

    yield close_later
    for thing in reversed(made):
        thing.close()
