"""The status site, as a person sees it in headless Chromium, plus its files and its atomic writing."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from sitedata import NOW, XSS_IMG, XSS_SCRIPT, make_repo, review_data

from browser import alert_shown, open_page

from archwg.config import load_config
from archwg.site.gather import gather_report
from archwg.site.model import report_json

NO_SERVER_SENTENCE = "No Gerrit server configured: add a [gerrit] table to archwg.toml."


def rows(chrome):
    return [row.get_attribute("id") for row in chrome.find_elements("css selector", "#specs tbody tr")]


def test_index_shows_a_known_change_as_a_coloured_badge(built_site, chrome):
    open_page(chrome, built_site[0] / "index.html")
    badge = chrome.find_element("css selector", '#spec-nova-compute-api a.badge[data-change="435555"]')
    assert badge.text.startswith("435555: ready")
    assert "stale" in badge.text  # 21 days without activity
    assert badge.value_of_css_property("background-color") == "rgba(26, 127, 55, 1)"  # ready: green
    blocked = chrome.find_element("css selector", '#spec-dlm a.badge[data-change="441203"]')
    assert blocked.value_of_css_property("background-color") == "rgba(130, 7, 30, 1)"  # blocked: dark red
    assert badge.get_attribute("href") == "https://review.example.org/435555"
    pending = chrome.find_element("css selector", "section.pending").text
    assert "nova-compute-api: proposed → active pending in 435555, ready, no +A for 21 days" in pending
    assert "Next meeting: Thursday 20 April 2017, 20:00 UTC" in chrome.find_element("css selector", ".next-meeting").text


def test_sorting_by_status_reorders_rows_and_filters_hide_them(built_site, chrome):
    from selenium.webdriver.support.ui import Select

    open_page(chrome, built_site[0] / "index.html")
    before = rows(chrome)
    assert before == sorted(before)  # by slug as built
    chrome.find_element("xpath", "//th[button[text()='Status']]/button").click()
    by_status = rows(chrome)
    statuses = [chrome.find_element("id", row).get_attribute("data-status") for row in by_status]
    assert statuses[:3] == ["draft", "draft", "draft"] and statuses[-1] == "bogus"
    assert by_status != before
    chrome.find_element("xpath", "//th[button[text()='Status']]/button").click()
    descending = [chrome.find_element("id", row).get_attribute("data-status") for row in rows(chrome)]
    assert descending == list(reversed(statuses))
    Select(chrome.find_element("id", "filter-kind")).select_by_value("workstream")
    visible = [row.get_attribute("id") for row in chrome.find_elements("css selector", "#specs tbody tr")
               if row.is_displayed()]
    assert sorted(visible) == ["spec-base-services", "spec-dlm"]
    assert chrome.find_element("id", "shown").text == "2 of 8 specs"


def test_spec_page_shows_history_votes_items_and_meetings(built_site, chrome):
    open_page(chrome, built_site[0] / "specs" / "dlm.html")
    timeline = chrome.find_elements("css selector", "ol.timeline li")
    assert timeline[0].text.startswith("2016-07-28 active Started by harlowja")
    votes = chrome.find_element("css selector", 'tr[data-number="441203"] .votes').text
    assert "Code-Review" in votes and "-2 ttx" in votes
    items = chrome.find_element("css selector", "section.items").text
    assert f"nikhil check {XSS_SCRIPT}" in items
    meeting = chrome.find_element("css selector", "section.mentions a")
    assert meeting.text == "2017-04-06"
    assert meeting.get_attribute("href").endswith("/logs/arch_wg.2017-04-06-20.00.log.txt")
    assert (built_site[0] / "logs" / "arch_wg.2017-04-06-20.00.log.txt").is_file()


def test_meetings_page_flags_stuck_items_and_charts_one_bar_per_meeting(built_site, chrome):
    open_page(chrome, built_site[0] / "meetings.html")
    stuck = chrome.find_elements("css selector", "li.item.stuck")
    # Open through three meetings or more after the one that first wrote it (ActionItem.carried_through):
    # rocky_g's since Feb 9, cdent's "(Carried since Jan 26 2017)", dtroyer's since Feb 23.
    assert {element.find_element("css selector", ".item-text").text[:12] for element in stuck} == {
        "rocky_g Send", "cdent propos", "dtroyer and "}
    flag = stuck[0].find_element("css selector", ".stuck-flag")
    assert flag.is_displayed() and flag.text.startswith("stuck · ")
    bars = chrome.find_elements("css selector", "figure.open-items g.bar")
    assert [bar.get_attribute("data-label") for bar in bars] == [
        "2017-02-09", "2017-02-23", "2017-03-09", "2017-03-23", "2017-04-06"]
    # Bar heights follow the counts: 6 open after Feb 9, 5 after Mar 9.
    heights = [sum(float(rect.get_attribute("height")) for rect in bar.find_elements(
        "css selector", "rect.seg-carried, rect.seg-opened")) for bar in bars]
    assert heights[0] == pytest.approx(heights[2] * 6 / 5, rel=0.01)
    months = [bar.get_attribute("data-label") for bar in chrome.find_elements(
        "css selector", "figure.status-changes g.bar")]
    assert months[0] == "2016-07" and months == sorted(set(months))  # one bar per month with a status change
    assert "2016-12" in months  # base-services tabled over the holidays
    assert chrome.find_element("css selector", "figure.open-items svg").size["height"] > 100


def test_review_buckets_link_to_the_same_query_on_gerrit(built_site, chrome):
    open_page(chrome, built_site[0] / "reviews.html")
    link = chrome.find_element("css selector", "#bucket-ready h2 a")
    assert link.get_attribute("href").startswith("https://review.example.org/q/project:openstack/arch-wg%20")
    assert "435555" in chrome.find_element("id", "bucket-ready").text
    assert "441203" in chrome.find_element("id", "bucket-blocked").text
    open_page(chrome, built_site[0] / "queries.html")
    assert "450001" in chrome.find_element("css selector", "section.query").text


@pytest.mark.parametrize("page", ["index.html", "specs/xss-spec.html", "meetings.html", "reviews.html",
                                  "specs/dlm.html"])
def test_hostile_text_shows_as_text(built_site, chrome, page):
    open_page(chrome, built_site[0] / page)
    assert not alert_shown(chrome)
    assert chrome.find_elements("css selector", "img") == []
    scripts = [element.get_attribute("src") for element in chrome.find_elements("css selector", "script")]
    assert all(src and src.endswith("site.js") for src in scripts)
    body = chrome.find_element("tag name", "body").text
    if page != "reviews.html":
        assert XSS_SCRIPT in body or XSS_IMG in body
    else:
        assert f"Fix {XSS_SCRIPT}" in body and XSS_IMG in body


def test_without_snapshot_every_review_page_says_so(built_site, chrome):
    for page in ("index.html", "specs/nova-compute-api.html", "reviews.html", "queries.html"):
        open_page(chrome, built_site[1] / page)
        notice = chrome.find_element("css selector", ".no-snapshot")
        # reviews=None: no Gerrit configuration given, so the notice says what is missing, as `archwg status` does.
        assert notice.is_displayed() and notice.text == NO_SERVER_SENTENCE, page
    open_page(chrome, built_site[1] / "index.html")
    assert chrome.find_elements("css selector", "a.badge") == []


def test_broken_metadata_gets_a_warning_badge(built_site, chrome):
    open_page(chrome, built_site[0] / "index.html")
    badge = chrome.find_element("css selector", "#spec-broken-status .badge.warning")
    assert badge.text == "⚠ metadata: 1 problem"
    assert "'bogus'" in badge.get_attribute("title")


def test_status_json_is_the_report(built_site, tmp_path):
    root = make_repo(tmp_path / "wg")
    report, _ = gather_report(load_config(root), NOW, reviews=review_data())
    assert json.loads((built_site[0] / "status.json").read_text()) == report_json(report)


def test_feed_holds_status_changes_and_merged_changes(built_site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(built_site[0] / "feed.xml").getroot()
    titles = [entry.find(atom + "title").text for entry in feed.iter(atom + "entry")]
    assert "Merged 430000: Start the DLM workstream" in titles
    assert "Distributed Lock Management: active" in titles
    assert f"Evil {XSS_SCRIPT} {XSS_IMG}: draft" in titles  # escaped by XML, read back as written
    assert titles[0] == f"Evil {XSS_SCRIPT} {XSS_IMG}: draft"  # newest first: 2017-03-01


def test_a_failed_build_leaves_the_previous_site(tmp_path, monkeypatch):
    from archwg.site import render

    root = make_repo(tmp_path / "wg")
    out = tmp_path / "out"
    render.build_site(load_config(root), out, NOW, reviews=None)
    before = (out / "index.html").read_bytes()
    (root / "specs" / "dlm-two.rst").write_text((root / "workstreams" / "dlm.rst").read_text())

    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setattr(render, "atom_feed", broken)
    with pytest.raises(RuntimeError):
        render.build_site(load_config(root), out, NOW, reviews=None)
    assert (out / "index.html").read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "wg"]


def test_command_line_builds_into_the_default_folder(tmp_path):
    from click.testing import CliRunner

    from archwg.cli import cli

    root = make_repo(tmp_path / "wg")
    result = CliRunner().invoke(cli, ["site", "--repo", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"site written: {root / 'site' / 'build' / 'index.html'}"
    assert (root / "site" / "build" / "specs" / "dlm.html").is_file()


def test_archwg_status_json_is_the_sites_status_json(tmp_path):
    from click.testing import CliRunner

    from archwg.cli import cli

    root = make_repo(tmp_path / "wg")
    runner = CliRunner()
    site = runner.invoke(cli, ["site", "--repo", str(root), str(tmp_path / "out")])
    status = runner.invoke(cli, ["status", "--format", "json", "--repo", str(root)])
    assert site.exit_code == 0 and status.exit_code == 0, status.output
    from_site = json.loads((tmp_path / "out" / "status.json").read_text())
    from_status = json.loads(status.stdout)
    for data in (from_site, from_status):
        data.pop("generated")
        data["meetings"].pop("next_meeting")  # both from the clock of their own run
    assert from_status == from_site
    assert from_status["meetings"]["after_each_meeting"][-1]["open"] == 6


def test_site_reads_the_repositorys_snapshot_and_survives_an_unreadable_spec(tmp_path):
    from sitedata import raw_change, votes

    from archwg.site.render import build_site

    root = make_repo(tmp_path / "wg")
    (root / "archwg.toml").write_text('[gerrit]\nurl = "https://review.example.org"\nproject = "openstack/arch-wg"\n')
    (root / ".archwg").mkdir()
    (root / ".archwg" / "gerrit.json").write_text(json.dumps({
        "format_version": 1, "server": "https://review.example.org", "server_version": "3.9.1",
        "fetched": "2017-04-10T10:00:00+00:00", "queries": [],
        "changes": [raw_change(441203, "DLM: recommend tooz", "harlowja", 3, labels=votes("Code-Review", (-2, "ttx")),
                               files={"workstreams/dlm.rst": {}})],
    }))
    (root / "specs" / "latin1.rst").write_bytes("Caf\xe9\n====\n".encode("latin-1"))
    site = build_site(load_config(root), tmp_path / "out", NOW).outdir
    index = (site / "index.html").read_text()
    assert 'data-change="441203">441203: blocked' in index
    row = index[index.index('id="spec-latin1"'):]
    assert "⚠ metadata: 1 problem" in row[:row.index("</tr>")]
    assert json.loads((site / "status.json").read_text())["snapshot"]["sha256"]


def test_pages_read_well_without_javascript(built_site, chrome):
    chrome.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(chrome, built_site[0] / "index.html")
        assert chrome.find_element("id", "shown").text == ""  # site.js did not run
        rows = chrome.find_elements("css selector", "#specs tbody tr")
        assert len(rows) == 8 and all(row.is_displayed() for row in rows)
        assert "435555: ready" in chrome.find_element("id", "spec-nova-compute-api").text
        open_page(chrome, built_site[0] / "meetings.html")
        bars = chrome.find_elements("css selector", "figure.open-items g.bar rect")
        assert bars and all(bar.size["height"] > 0 for bar in bars)
    finally:
        chrome.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_site_refuses_a_folder_that_is_not_a_site_and_rebuilds_its_own(tmp_path, monkeypatch):
    import subprocess

    from click.testing import CliRunner

    from archwg.cli import cli

    root = make_repo(tmp_path / "wg")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "notes.txt").write_text("mine")
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8")
    files = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*"))
    runner = CliRunner()
    monkeypatch.chdir(root)
    # `archwg site .` at the repository's root: the repository would be swapped out.
    refused = runner.invoke(cli, ["site", "."])
    assert refused.exit_code == 2
    assert refused.output.count("\n") == 1 and "archwg: error:" in refused.output and "refusing" in refused.output
    # A non-empty folder that is no site, outside the repository.
    refused = runner.invoke(cli, ["site", str(other)])
    assert refused.exit_code == 2 and "not empty and holds no archwg site" in refused.output
    # A folder holding the repository (its parent), even with a marker in it.
    (tmp_path / ".archwg-site").write_text("")
    refused = runner.invoke(cli, ["site", str(tmp_path)])
    assert refused.exit_code == 2 and f"holds the repository {root}" in refused.output
    (tmp_path / ".archwg-site").unlink()
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")) == files
    # The default folder is a site archwg built: it rebuilds over itself, again and again.
    for _ in range(2):
        built = runner.invoke(cli, ["site"])
        assert built.exit_code == 0, built.output
    assert (root / "site" / "build" / ".archwg-site").is_file()
    assert (root / "notes.txt").read_text() == "mine" and (root / ".git").is_dir()


def test_a_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    from pathlib import Path

    from archwg.site import render

    root = make_repo(tmp_path / "wg")
    out = tmp_path / "out"
    render.build_site(load_config(root), out, NOW, reviews=None)
    before = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    rename = Path.rename

    def failing(self, target):
        if self.name.startswith(".out.new-"):  # the new site moving into place
            raise OSError("no space left on device")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError):
        render.build_site(load_config(root), out, NOW, reviews=review_data())
    after = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert after == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "wg"]


def test_site_tells_about_missing_old_or_damaged_review_data_as_status_does(tmp_path):
    from click.testing import CliRunner

    from archwg.cli import cli

    root = make_repo(tmp_path / "wg")
    runner = CliRunner()

    def both():
        site = runner.invoke(cli, ["site", "--repo", str(root), str(tmp_path / "out")])
        status = runner.invoke(cli, ["status", "--repo", str(root)])
        assert site.exit_code == 0 and status.exit_code == 0, site.output
        assert site.stderr == status.stderr
        return site.stderr

    def page_notices():
        """The notice every review page shows where review states would be."""
        return {html.unescape(notice) for page in ("index.html", "reviews.html", "queries.html",
                                                    "specs/nova-compute-api.html")
                for notice in re.findall(r'<p class="notice no-snapshot"[^>]*>(.*?)</p>',
                                         (tmp_path / "out" / page).read_text())}

    # No [gerrit] table: `archwg gerrit sync` could not run, so the notice says what is missing.
    assert both() == "archwg: no Gerrit server configured: add a [gerrit] table to archwg.toml\n"
    assert page_notices() == {NO_SERVER_SENTENCE}
    (root / "archwg.toml").write_text('[gerrit]\nurl = "https://review.example.org"\n')
    assert both() == "archwg: no review data: run `archwg gerrit sync`\n"
    assert page_notices() == {"No review data: run `archwg gerrit sync`."}
    snapshot = root / ".archwg" / "gerrit.json"
    snapshot.parent.mkdir()
    snapshot.write_text("{not json")
    assert both() == (f"archwg: {snapshot}: not a snapshot (not JSON): run `archwg gerrit sync --full`\n"
                      "archwg: no review data: run `archwg gerrit sync`\n")
    assert page_notices() == {f"{snapshot}: not a snapshot (not JSON): run `archwg gerrit sync --full`. "
                              "No review data: run `archwg gerrit sync`."}
    snapshot.write_text(json.dumps({
        "format_version": 1, "server": "https://review.example.org", "server_version": "3.9.1",
        "fetched": "2017-04-01T10:00:00+00:00", "queries": [], "changes": []}))
    assert re.fullmatch(r"archwg: review data is .+ old \(synced 2017-04-01 10:00 UTC\): run `archwg gerrit sync`\n",
                        both())
