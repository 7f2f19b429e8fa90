"""Real headless Chromium (Debian's chromium + chromium-driver) driven by Selenium, for the site tests.

A test that needs the browser skips with the reason when no Chromium can be
found, unless ARCHWG_REQUIRE_BROWSER=1 (set by .ci/run): then it fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def find_chromium() -> tuple[str, str] | None:
    """(browser, driver) paths, or None."""
    browser = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                    if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver") or (
        "/usr/lib/chromium/chromedriver" if Path("/usr/lib/chromium/chromedriver").exists() else None)
    if browser and driver:
        return browser, driver
    return None


def start_browser():
    """A Selenium driver on headless Chromium with a new empty profile, or skip/fail with the reason."""
    found = find_chromium()
    if found is None:
        reason = "no Chromium found: install Debian's chromium and chromium-driver (./dev.sh does as root)"
        if os.environ.get("ARCHWG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ARCHWG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = found
    profile = tempfile.mkdtemp(prefix="archwg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(30)
    return chrome, profile


def stop_browser(chrome, profile: str) -> None:
    try:
        chrome.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_page(chrome, path: Path) -> None:
    chrome.get(path.resolve().as_uri())


def alert_shown(chrome) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        chrome.switch_to.alert
    except NoAlertPresentException:
        return False
    return True
