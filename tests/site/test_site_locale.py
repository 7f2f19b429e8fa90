"""The status site names the next meeting's day and month in English whatever the locale."""

from __future__ import annotations

from locales import compile_german, german_locale
from sitedata import NOW, make_repo

from archwg.config import load_config
from archwg.site.render import build_site


def test_the_next_meeting_is_named_in_english_under_a_german_locale(tmp_path):
    root = make_repo(tmp_path / "wg")
    with german_locale(compile_german(tmp_path)):
        site = build_site(load_config(root), tmp_path / "out", NOW, reviews=None).outdir
    index = (site / "index.html").read_text(encoding="utf-8")
    meetings = (site / "meetings.html").read_text(encoding="utf-8")
    assert "Next meeting: <strong>Thursday 20 April 2017, 20:00 UTC</strong>" in index
    assert "next on Thursday 20 April 2017, 20:00 UTC." in meetings
    assert "Donnerstag" not in index + meetings
