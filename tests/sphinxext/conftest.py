"""Fixtures of the Sphinx extension's tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))  # browser.py
sys.path.insert(0, str(TESTS / "site"))  # sitedata.py
sys.path.insert(0, str(Path(__file__).resolve().parent))  # sphinxdata.py

from sphinxdata import make_doc_repo  # noqa: E402


@pytest.fixture
def doc_repo(tmp_path) -> Path:
    return make_doc_repo(tmp_path / "wg")


@pytest.fixture(scope="session")
def chrome():
    from browser import start_browser, stop_browser

    driver, profile = start_browser()
    yield driver
    stop_browser(driver, profile)
