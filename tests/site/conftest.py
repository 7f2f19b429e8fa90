"""Fixtures of the site tests: a spec repository, a site built once, a headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/browser.py
sys.path.insert(0, str(Path(__file__).resolve().parent))  # sitedata.py

from browser import start_browser, stop_browser  # noqa: E402
from sitedata import NOW, make_repo, review_data  # noqa: E402


@pytest.fixture
def status_repo(tmp_path) -> Path:
    return make_repo(tmp_path / "wg")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """(site folder, site folder without review data), built once per module."""
    from archwg.config import load_config
    from archwg.site.render import build_site

    base = tmp_path_factory.mktemp("site")
    root = make_repo(base / "wg")
    with_reviews = build_site(load_config(root), base / "out", NOW, reviews=review_data()).outdir
    without = build_site(load_config(root), base / "out-none", NOW, reviews=None).outdir
    return with_reviews, without


@pytest.fixture(scope="session")
def chrome():
    driver, profile = start_browser()
    yield driver
    stop_browser(driver, profile)
