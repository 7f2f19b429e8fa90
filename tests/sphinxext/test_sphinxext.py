"""archwg.sphinxext in real sphinx-build runs: the box, the directives, warnings, and never-stale aggregates."""

from __future__ import annotations

import json
import re
import shutil

from sphinxdata import make_doc_repo, pages, raw_change, sphinx_build, write_snapshot
from sitedata import XSS_IMG, XSS_SCRIPT

from browser import alert_shown, open_page

CODE_REVIEW_PLUS_2 = {"Code-Review": {"all": [{"value": 2, "name": "dims"}]}}


def snapshot(root, subject="Move nova-compute-api to active", labels=CODE_REVIEW_PLUS_2):
    write_snapshot(root, [
        raw_change(435555, subject, "SpamapS", files=["workstreams/nova-compute-api.rst"], labels=labels),
        raw_change(440000, f"Fix {XSS_SCRIPT}", XSS_IMG, files=["specs/xss-spec.rst"],
                   labels={"Code-Review": {"all": [{"value": -1, "name": XSS_IMG}]}}),
        raw_change(450001, "os-profiler everywhere", "dims", project="openstack/openstack-specs"),
    ], [{"title": "Cross-project specs", "query": "status:open project:openstack/openstack-specs",
         "changes": [450001]}])


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_metadata_box_replaces_the_field_list(doc_repo, tmp_path):
    snapshot(doc_repo)
    sphinx_build(doc_repo, tmp_path / "out")
    page = (tmp_path / "out" / "specs" / "nova-compute-api.html").read_text()
    box = page[page.index('class="archwg-metadata'):]
    assert page.count('class="field-list') == 1  # the spec's own list is gone, the box holds one
    assert 'archwg-state-ready' in box and ">435555: ready · stale</a>" in box
    assert re.search(r"Status<span class=\"colon\">:</span></dt>\s*<dd[^>]*><p><span class=\"archwg-status "
                     r"archwg-status-proposed\">proposed</span>", page)
    assert "SpamapS submit analysis for nova-compute-api" not in box  # closed at the Apr 6 meeting
    assert re.search(r"Pending :? ?proposed → active in 435555 ?, ready, no \+A for \d+ days", text(box))
    broken = text((tmp_path / "out" / "specs" / "broken-status.html").read_text())
    assert re.search(r"Problems :? ?status 'bogus' is not a proposal status", broken)  # not a stopped build
    dlm = text((tmp_path / "out" / "workstreams" / "dlm.html").read_text())
    assert re.search(r"Open items : harlowja to summarize the DLM .* nikhil check", dlm)  # items naming it


def test_directives(doc_repo, tmp_path):
    snapshot(doc_repo)
    sphinx_build(doc_repo, tmp_path / "out")
    index = (tmp_path / "out" / "index.html").read_text()
    active = index[index.index('id="active-workstreams"'):index.index('id="finished-work"')]
    assert "Distributed Lock Management" in active and "Base Services" in active and "Nova" not in active
    proposals = text(index[index.index('id="proposals"'):index.index('id="active-workstreams"')])
    assert "Nova Compute API proposed SpamapS 435555: ready" in proposals
    overview = text((tmp_path / "out" / "overview.html").read_text())  # an orphan page: no toctree has it
    assert "Messaging Patterns" in overview and "Nova Compute API" not in overview.split("435555")[0]
    assert "450001: needs-review" in overview  # the tracked query
    assert "nikhil (2)" in overview and "rockyg" not in overview  # action-items :owner: nikhil
    assert "stuck · 4 meetings" in text(index)  # rocky_g's item, carried since Feb 9


def test_typed_warnings_name_document_and_line(doc_repo, tmp_path):
    (doc_repo / "doc" / "source" / "overview.rst").write_text(
        (doc_repo / "doc" / "source" / "overview.rst").read_text() + "\n.. review-status::\n   :spec: nope\n")
    assert sphinx_build(doc_repo, tmp_path / "strict", "-W", check=False).returncode != 0
    result = sphinx_build(doc_repo, tmp_path / "out", check=False)
    assert re.search(r"specs/broken-status.rst:6: WARNING: spec broken-status: status 'bogus' is not a "
                     r"proposal status .*\[archwg.unknown-status\]", result.stderr)
    assert re.search(r"overview.rst:\d+: WARNING: review-status: no spec named 'nope' \[archwg.unknown-spec\]",
                     result.stderr)
    conf = doc_repo / "doc" / "source" / "conf.py"
    conf.write_text(conf.read_text().replace('suppress_warnings = ["archwg.no-snapshot"]', "suppress_warnings = []"))
    shutil.rmtree(tmp_path / "out")
    result = sphinx_build(doc_repo, tmp_path / "out", check=False)
    assert re.search(r"WARNING: no review data: run .archwg gerrit sync.*\[archwg.no-snapshot\]", result.stderr)


def test_without_snapshot_the_site_builds_with_W_and_says_so(doc_repo, tmp_path):
    (doc_repo / "specs" / "broken-status.rst").unlink()
    sphinx_build(doc_repo, tmp_path / "out", "-W")
    page = text((tmp_path / "out" / "overview.html").read_text())
    # What `archwg status` says ([gerrit] is there, the snapshot is not), in both review-status tables.
    assert page.count("No review data: run `archwg gerrit sync`.") == 2
    assert "no review data" in text((tmp_path / "out" / "workstreams" / "dlm.html").read_text())
    report = json.loads((tmp_path / "out" / "archwg.json").read_text())
    assert report["snapshot"] is None and report["generated"] == "2017-04-10T00:00:00+00:00"


def test_this_repository_builds_with_W():
    from pathlib import Path

    import tempfile

    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as out:
        result = sphinx_build(root, Path(out), "-W", check=False)
        assert result.returncode == 0, result.stderr
        assert (Path(out) / "archwg.json").is_file()


def test_parallel_build_equals_serial(tmp_path):
    root = make_doc_repo(tmp_path / "wg", extra_specs=12)
    snapshot(root)
    serial = sphinx_build(root, tmp_path / "serial")
    parallel = sphinx_build(root, tmp_path / "parallel", "-j", "2")
    # Sphinx read in chunks, one per worker ("index .. specs/generated-spec-005"): the domains were merged.
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.stdout)
    assert pages(tmp_path / "serial") == pages(tmp_path / "parallel")
    assert "Generated Spec 011" in (tmp_path / "parallel" / "overview.html").read_text()
    assert serial.returncode == 0


def _clean_equals_incremental(root, tmp_path, change, name):
    incremental = tmp_path / "incremental"
    before = pages(incremental)
    change()
    sphinx_build(root, incremental)
    clean = tmp_path / f"clean-{name}"
    sphinx_build(root, clean)
    after = pages(incremental)
    assert after == pages(clean)
    assert after != before
    return before, after


def test_incremental_builds_equal_clean_builds(tmp_path):
    root = make_doc_repo(tmp_path / "wg")
    snapshot(root)
    sphinx_build(root, tmp_path / "incremental")

    def edit_status():
        path = root / "workstreams" / "dlm.rst"
        path.write_text(path.read_text().replace(":Status: active", ":Status: tabled"))

    before, after = _clean_equals_incremental(root, tmp_path, edit_status, "status")
    assert "Distributed Lock Management" in text(after["index.html"]).split("Finished work")[0]
    assert "archwg-status-tabled" in after["index.html"]

    def new_snapshot():
        snapshot(root, labels={"Code-Review": {"all": [{"value": -2, "name": "ttx"}]}})

    before, after = _clean_equals_incremental(root, tmp_path, new_snapshot, "snapshot")
    assert "435555: blocked" in after["overview.html"] and "435555: ready" in before["overview.html"]
    assert "435555: blocked" in after["specs/nova-compute-api.html"]

    def new_meeting():
        log = root / "meetings" / "logs" / "arch_wg" / "arch_wg.2017-04-07-20.00.log.txt"
        log.write_text("20:00:04 <SpamapS> #startmeeting arch_wg\n"
                       "20:00:30 <nikhil> hi\n"
                       "20:01:00 <SpamapS> #action nikhil to review the messaging-patterns draft\n"
                       "20:02:00 <SpamapS> #endmeeting\n")

    before, after = _clean_equals_incremental(root, tmp_path, new_meeting, "meeting")
    assert "nikhil to review the messaging-patterns draft" in after["overview.html"]
    assert "nikhil (3)" in text(after["overview.html"])

    def new_spec():
        text_of = (root / "specs" / "messaging-patterns.rst").read_text()
        (root / "specs" / "queue-patterns.rst").write_text(
            text_of.replace("Messaging Patterns", "Queue Patterns").replace(":Status: draft", ":Status: proposed"))

    before, after = _clean_equals_incremental(root, tmp_path, new_spec, "added")
    index = after["index.html"]
    assert "Queue Patterns" in index[index.index('id="proposals"'):index.index('id="active-workstreams"')]
    assert "specs/queue-patterns.html" in after


def test_hostile_text_stays_text_in_chromium(doc_repo, tmp_path, chrome):
    snapshot(doc_repo)
    sphinx_build(doc_repo, tmp_path / "out")
    for page in ("specs/xss-spec.html", "overview.html", "index.html"):
        open_page(chrome, tmp_path / "out" / page)
        assert not alert_shown(chrome)
        assert chrome.find_elements("css selector", 'img[src="x"]') == []
        body = chrome.find_element("tag name", "body").text
        assert XSS_SCRIPT in body, page
    open_page(chrome, tmp_path / "out" / "specs" / "xss-spec.html")
    badge = chrome.find_element("css selector", "a.archwg-badge")
    assert badge.text == "440000: changes-requested · stale"
    assert badge.value_of_css_property("background-color") == "rgba(225, 111, 36, 1)"


def test_a_docinfo_field_list_above_the_title_feeds_the_box(doc_repo, tmp_path):
    (doc_repo / "specs" / "docinfo-spec.rst").write_text(
        ":Kind: proposal\n:Status: proposed\n:Champion: nikhil\n:Created: 2017-03-02\n\n"
        "=============\nDocinfo Spec\n=============\n\nText.\n")
    result = sphinx_build(doc_repo, tmp_path / "out")
    assert "docinfo-spec" not in result.stderr
    page = text((tmp_path / "out" / "specs" / "docinfo-spec.html").read_text())
    assert re.search(r"Docinfo Spec ¶ Kind :? ?proposal Status :? ?proposed Champion :? ?nikhil", page)
    index = (tmp_path / "out" / "index.html").read_text()
    assert "Docinfo Spec" in index[index.index('id="proposals"'):index.index('id="active-workstreams"')]


def test_incremental_build_after_editing_archwg_toml_equals_a_clean_build(tmp_path):
    root = make_doc_repo(tmp_path / "wg")
    snapshot(root)
    sphinx_build(root, tmp_path / "incremental")

    def relabel():  # Code-Review +2 no longer counts: the review label is another one
        toml = root / "archwg.toml"
        toml.write_text(toml.read_text() + '\n[gerrit.labels]\nreview = "Rollcall-Vote"\n')

    before, after = _clean_equals_incremental(root, tmp_path, relabel, "labels")
    assert "435555: ready" in before["overview.html"] + before["index.html"]
    assert "435555: ready" not in after["overview.html"] + after["index.html"]


def test_the_gerrit_url_from_the_environment_is_part_of_the_fingerprint(tmp_path):
    from archwg.sphinxext import settings_digest

    root = make_doc_repo(tmp_path / "wg")
    plain = settings_digest(root, {})
    assert settings_digest(root, {"ARCHWG_GERRIT_URL": "https://review.opendev.org"}) != plain
    assert settings_digest(root, {"ARCHWG_GERRIT_URL": "https://review.opendev.org"}) == settings_digest(
        root, {"ARCHWG_GERRIT_URL": "https://review.opendev.org"})
    (root / "archwg.toml").write_text((root / "archwg.toml").read_text() + "\n# a comment\n")
    assert settings_digest(root, {}) != plain


def test_a_bad_archwg_toml_is_one_typed_warning_not_a_crash(doc_repo, tmp_path):
    (doc_repo / "archwg.toml").write_text('[gerrit]\nurl = 5\n')
    strict = sphinx_build(doc_repo, tmp_path / "strict", "-W", check=False)
    assert strict.returncode != 0
    assert "Traceback" not in strict.stderr and "sphinx-err-" not in strict.stderr
    assert re.search(r"WARNING: archwg.toml: gerrit.url: must be a non-empty string: archwg.toml is ignored "
                     r"\(no review data, no meeting series\) \[archwg.bad-config\]", strict.stderr)
    result = sphinx_build(doc_repo, tmp_path / "out")  # without -W it builds, saying so once
    assert result.stderr.count("[archwg.bad-config]") == 1
    # archwg.toml is ignored, so the build has no Gerrit server: the page says so as `archwg status` would.
    assert "No Gerrit server configured: add a [gerrit] table to archwg.toml." in text(
        (tmp_path / "out" / "overview.html").read_text())


def test_a_damaged_snapshot_is_a_bad_snapshot_warning_that_W_does_not_suppress(doc_repo, tmp_path):
    snapshot_file = doc_repo / ".archwg" / "gerrit.json"
    snapshot_file.parent.mkdir(exist_ok=True)
    snapshot_file.write_text('{"format_version": 1, "changes": [')  # cut short
    (doc_repo / "specs" / "broken-status.rst").unlink()  # its own warning would fail -W anyway
    # This repository's conf.py suppresses archwg.no-snapshot; a damaged snapshot is no missing one.
    strict = sphinx_build(doc_repo, tmp_path / "strict", "-W", check=False)
    assert strict.returncode != 0
    assert re.search(r"WARNING: \S*gerrit.json: not a snapshot \(not JSON\): run .archwg gerrit sync --full.: "
                     r"review states are not shown \[archwg.bad-snapshot\]", strict.stderr)
    assert "[archwg.no-snapshot]" not in strict.stderr
