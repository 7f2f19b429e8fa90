"""Fixtures of the Gerrit tests: a stand-in Gerrit on 127.0.0.1."""

from __future__ import annotations

import pytest

from gerrit_standin import StandinGerrit


@pytest.fixture
def standin():
    server = StandinGerrit()
    server.start()
    yield server
    server.stop()
