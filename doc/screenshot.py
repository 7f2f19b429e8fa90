"""Take doc/status-site.png: the status site's index in the same headless Chromium the tests use.

    .venv/bin/python doc/screenshot.py

The site is built from the example repository of tests/site (this
repository's specs and meetings, plus the review data the tests give it), so
the picture shows review states without a Gerrit to ask.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE.parent / "tests" / "site")]

from browser import open_page, start_browser, stop_browser  # noqa: E402
from sitedata import NOW, make_repo, review_data  # noqa: E402

from archwg.config import load_config  # noqa: E402
from archwg.site.render import build_site  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = make_repo(Path(scratch) / "wg")
        for name in ("xss-spec.rst", "broken-status.rst"):  # the tests' hostile specs are no sight to show
            (root / "specs" / name).unlink()
        site = build_site(load_config(root), Path(scratch) / "site", NOW, reviews=review_data())
        chrome, profile = start_browser()
        try:
            chrome.set_window_size(1280, 820)
            open_page(chrome, site.index)
            chrome.save_screenshot(str(HERE / "status-site.png"))
        finally:
            stop_browser(chrome, profile)
    print(HERE / "status-site.png")


if __name__ == "__main__":
    main()
