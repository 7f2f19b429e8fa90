"""The status report: pure, from the specs, review data and the meeting series, with a fixed now."""

from __future__ import annotations

from datetime import date, datetime

from sitedata import NOW, XSS_IMG, XSS_SCRIPT, review_data

from archwg.config import load_config
from archwg.site.gather import gather_report, next_meeting_of, read_series
from archwg.site.model import report_json


def test_spec_carries_metadata_history_changes_pending_move_and_mentions(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=review_data())
    spec = report.spec("nova-compute-api")
    assert (spec.kind, spec.status, spec.champions) == ("proposal", "proposed", ("SpamapS",))
    assert [row.status for row in spec.history][:1] == ["draft"]
    assert [view.change.number for view in spec.changes] == [435555]
    (move,) = spec.pending
    assert (move.current, move.target, move.change.state) == ("proposed", "active", "ready")
    assert move.describe() == "nova-compute-api: proposed → active pending in 435555, ready, no +A for 21 days"
    assert spec.last_mentioned == date(2017, 4, 6)  # the chair read out the item naming it
    assert [item.text for item in spec.open_items] == []  # SpamapS's item naming it was closed on Apr 6


def test_changes_found_by_topic_and_by_file_in_either_folder(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=review_data())
    dlm = report.spec("dlm")
    assert [view.change.number for view in dlm.changes] == [441203, 430000]  # open first, then merged
    assert [view.change.number for view in report.merged] == [430000]


def test_stale_and_buckets(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=review_data())
    views = {view.change.number: view for spec in report.specs for view in spec.changes}
    assert views[435555].stale and not views[441203].stale
    buckets = {bucket.key: [view.change.number for view in bucket.changes] for bucket in report.buckets}
    assert buckets == {"blocked": [441203], "wayward": [], "negative": [440000], "ready": [435555], "gate": []}
    blocked = report.buckets[0]
    assert blocked.url == ("https://review.example.org/q/project:openstack/arch-wg%20status:open%20"
                           "label:Code-Review<=-2")


def test_tracked_query_and_snapshot_age(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=review_data())
    (query,) = report.queries
    assert (query.title, [view.change.number for view in query.changes]) == ("Cross-project specs", [450001])
    assert report.snapshot_age.total_seconds() == 7200


def test_open_items_after_each_meeting(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=None)
    points = [(p.date.isoformat(), p.opened, p.closed, p.carried, p.open) for p in report.meetings.points]
    assert points == [
        ("2017-02-09", 6, 0, 0, 6),
        ("2017-02-23", 2, 2, 4, 6),  # the DLM survey and "everyone read" closed; cdent's and dtroyer's new
        ("2017-03-09", 1, 2, 4, 5),
        ("2017-03-23", 2, 1, 4, 6),
        ("2017-04-06", 1, 1, 5, 6),
    ]
    assert report.meetings.points[-1].open == len(report.meetings.open_items)


def test_open_items_by_person_with_meetings_carried_through(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=None)
    people = {nick: [(item.text[:20], item.carried_through, item.stuck) for item in items]
              for nick, items in report.meetings.by_person}
    # rocky_g is rockyg by the description's aliases; first recorded on Feb 9, carried through 4 meetings.
    assert people["rockyg"] == [("rocky_g Send e-mail ", 4, True)]
    # "(Carried since Jan 26 2017)", recorded on Feb 23, Mar 23 and Apr 6: open through the five
    # meetings of the schedule from Feb 9 to Apr 6 (ActionItem.carried_through), not just two recordings.
    assert people["cdent"] == [("cdent propose a spec", 5, True)]
    assert people["nikhil"][0] == ("nikhil to draft the ", 1, False)


def test_next_meeting_from_the_schedule(status_repo):
    series = read_series(load_config(status_repo))
    # biweekly-even on Thursdays at 20:00: after Mon Apr 10 2017 (ISO week 15) comes Thu Apr 20 (week 16).
    assert next_meeting_of(series.description, NOW) == datetime(2017, 4, 20, 20, 0)


def test_broken_metadata_is_kept_with_its_problem(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=None)
    broken = report.spec("broken-status")
    assert broken.status == "bogus"
    assert any("'bogus' is not a proposal status" in problem for problem in broken.problems)


def test_json_keeps_text_as_written_and_says_there_is_no_snapshot(status_repo):
    report, _ = gather_report(load_config(status_repo), NOW, reviews=None)
    data = report_json(report)
    assert data["snapshot"] is None
    assert data["generated"] == "2017-04-10T12:00:00+00:00"
    xss = next(spec for spec in data["specs"] if spec["slug"] == "xss-spec")
    assert xss["title"] == f"Evil {XSS_SCRIPT} {XSS_IMG}"
    assert data["meetings"]["next_meeting"] == "2017-04-20T20:00:00Z"


def test_json_is_the_status_document_plus_the_site_parts(status_repo):
    from archwg.report import status_json

    report, _ = gather_report(load_config(status_repo), NOW, reviews=review_data())
    data = report_json(report)
    base = status_json(report.review, report.roles)
    # `archwg status --format json` (status_json) is the same document: every key it has, as it has it.
    for key in ("generated", "stale_days", "stale"):
        assert data[key] == base[key]
    for full, spec in zip(data["specs"], base["specs"]):
        assert {key: full[key] for key in spec} == spec
    nova = next(spec for spec in data["specs"] if spec["slug"] == "nova-compute-api")
    assert nova["pending"][0]["to"] == "active" and nova["changes"][0]["state"] == "ready"
    assert nova["last_mentioned"] == "2017-04-06"
    assert [bucket["changes"] for bucket in data["buckets"]] == [[441203], [], [440000], [435555], []]


def test_items_name_a_spec_by_its_title_words_as_actions_links_them(status_repo):
    # "Resurrect Error Codes and Logging Improvements spec" never writes the slug
    # error-codes-and-logging; archwg actions links it by the title's words, so the report must too.
    report, _ = gather_report(load_config(status_repo), NOW, reviews=None)
    # The site and the Sphinx extension both read it through read_meetings_status.
    spec = report.spec("error-codes-and-logging")
    assert [mention.date.isoformat() for mention in report.meetings.mentions_of(spec.slug)] == [
        "2017-02-09", "2017-02-23", "2017-03-09", "2017-03-23"]
    assert spec.last_mentioned == date(2017, 3, 23)


def test_site_and_status_json_read_the_config_they_are_given(status_repo, tmp_path):
    """One Config per run: the core reads archwg.toml no second time (the run's overrides hold)."""
    from dataclasses import replace

    from archwg.config import GroupConfig
    from archwg.site.gather import status_document
    from archwg.site.render import build_site

    (status_repo / "archwg.toml").write_text('[group]\nname = "From the file"\n')
    config = replace(load_config(status_repo), group=GroupConfig(name="From the run"))
    document, notices = status_document(config, NOW)
    assert document["group"] == "From the run"
    assert notices == ("no Gerrit server configured: add a [gerrit] table to archwg.toml",)  # no [gerrit] table
    site = build_site(config, tmp_path / "out", NOW, reviews=None)
    assert "From the run" in site.index.read_text() and "From the file" not in site.index.read_text()
