"""Fixtures of the Gerrit tests; plain helpers live in gerrit_fixtures.py (one name per module)."""

from __future__ import annotations

import pytest

from gerrit_standin import StandinGerrit


@pytest.fixture
def standin():
    server = StandinGerrit()
    server.start()
    yield server
    server.stop()
