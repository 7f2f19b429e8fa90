"""Without a Chromium the browser tests skip, saying why; under .ci/run (ARCHWG_REQUIRE_BROWSER=1) they fail."""

from __future__ import annotations

import pytest

import browser


def test_no_chromium_skips_with_the_reason(monkeypatch):
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    monkeypatch.delenv("ARCHWG_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found: install Debian's chromium"):
        browser.start_browser()


def test_no_chromium_fails_when_ci_requires_the_browser(monkeypatch):
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    monkeypatch.setenv("ARCHWG_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="ARCHWG_REQUIRE_BROWSER=1 but no Chromium found"):
        browser.start_browser()


def test_this_machine_finds_debians_chromium_and_its_driver():
    found = browser.find_chromium()
    if found is None:
        browser.start_browser()  # skips (or fails under .ci/run) with the reason
    assert found[0].endswith(("chromium", "chromium-browser", "google-chrome"))
    assert found[1].endswith("chromedriver")
