"""The status report and the chair's annotations, from saved bodies: pending moves, staleness, notes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from archwg.gerrit.annotate import annotated, annotations, checkin
from archwg.gerrit.client import parse_body
from archwg.gerrit.config import GerritConfig
from archwg.gerrit.model import changes_from_body
from archwg.gerrit.snapshot import QueryAnswer, Snapshot
from archwg.report import build_status, status_json
from gerrit_helpers import PROJECT, spec

DATA = Path(__file__).resolve().parent.parent / "data" / "gerrit"
SERVER = "https://review.openstack.org"
CONFIG = GerritConfig(url=SERVER, project=PROJECT)
NOW = datetime(2017, 3, 13, 20, 0, tzinfo=timezone.utc)


# What a sync reads from the file at 890003's revision ("DLM: mark the workstream completed").
DLM_COMPLETED = {890003: (("workstreams/dlm.rst", "completed"),)}


def snapshot(*names: str, queries=(), statuses=DLM_COMPLETED) -> Snapshot:
    """The changes of saved bodies, with the :Status: values a sync would have read for *statuses*."""
    changes = []
    for name in names:
        changes.extend(changes_from_body(parse_body((DATA / name).read_text()), SERVER))
    changes = [replace(c, spec_statuses=statuses[c.number]) if c.number in statuses else c for c in changes]
    return Snapshot(server=SERVER, fetched=datetime(2017, 3, 12, 8, 0, tzinfo=timezone.utc), format_version=1,
                    server_version="2.13.9", changes=tuple(changes), queries=tuple(queries))


SPECS = [
    spec("nova-compute-api", "specs", reviews=(435555,), status="proposed"),
    spec("error-codes-and-logging", "specs", status="draft"),
    spec("dlm", "workstreams", topic="arch-wg-dlm", status="active"),
]


def test_a_proposal_moved_to_workstreams_is_pending_active():
    report = build_status(SPECS, snapshot("era-2.13.json"), CONFIG, NOW)
    assert [move.describe() for move in report.pending] == [
        "nova-compute-api: proposed → active pending in 435555, ready, no +A for 21 days"
    ]


def test_a_changed_status_line_in_the_file_is_pending():
    report = build_status(SPECS, snapshot("era-3.x.json"), CONFIG, datetime(2024, 5, 7, tzinfo=timezone.utc))
    (move,) = report.pending
    assert (move.slug, move.current, move.target, move.change.number) == ("dlm", "active", "completed", 890003)


def test_the_subject_does_not_make_a_move_the_file_does():
    now = datetime(2024, 5, 7, tzinfo=timezone.utc)
    # "mark the workstream completed", but the file at that revision still says active: a typo fix.
    unchanged = snapshot("era-3.x.json", statuses={890003: (("workstreams/dlm.rst", "active"),)})
    assert build_status(SPECS, unchanged, CONFIG, now).pending == ()
    # Nothing read from the file (an edit that cannot have changed a line): no move either.
    assert build_status(SPECS, snapshot("era-3.x.json", statuses={}), CONFIG, now).pending == ()
    # A subject that names no status, with the file saying tabled: a move to tabled.
    tabled = snapshot("era-3.x.json", statuses={890003: (("workstreams/dlm.rst", "tabled"),)})
    (move,) = build_status(SPECS, tabled, CONFIG, now).pending
    assert (move.current, move.target) == ("active", "tabled")


def test_an_edit_that_names_no_allowed_status_is_no_move():
    # "Error codes: propose the spec" edits the file, but "propose" is not the status "proposed".
    report = build_status(SPECS, snapshot("era-2.13.json"), CONFIG, NOW)
    error_codes = next(s for s in report.specs if s.slug == "error-codes-and-logging")
    assert [c.number for c in error_codes.changes] == [440002]
    assert error_codes.pending == ()


def test_every_spec_lists_its_changes_with_states_and_stale_ones_are_marked():
    report = build_status(SPECS, snapshot("era-2.13.json"), CONFIG, NOW, stale_days=14)
    by_slug = {s.slug: s for s in report.specs}
    assert [(c.number, c.state) for c in by_slug["dlm"].changes] == [(440001, "changes-requested")]
    assert [c.number for c in report.stale] == [435555]  # idle since Feb 20; the others moved in March
    assert [c.number for c in build_status(SPECS, snapshot("era-2.13.json"), CONFIG, NOW, stale_days=7).stale] == [
        435555, 440001, 440002]


def test_the_report_without_a_snapshot_still_lists_every_spec():
    report = build_status(SPECS, None, CONFIG, NOW)
    assert [s.slug for s in report.specs] == ["nova-compute-api", "error-codes-and-logging", "dlm"]
    assert report.snapshot is None and report.specs[0].reviews == (435555,) and report.specs[0].changes == ()


def test_tracked_queries_and_json():
    answer = QueryAnswer("Legacy", "project:openstack/governance", (890005,))
    report = build_status(SPECS, snapshot("era-3.x.json", queries=[answer]), CONFIG,
                          datetime(2024, 5, 7, tzinfo=timezone.utc))
    data = json.loads(json.dumps(status_json(report)))
    assert data["queries"][0]["title"] == "Legacy"
    # The one QueryStatus (the site's too) links the query on the configured server.
    assert report.queries[0].url == data["queries"][0]["url"] == f"{SERVER}/q/project:openstack/governance"
    assert build_status(SPECS, snapshot("era-3.x.json", queries=[answer]), None, NOW).queries[0].url is None
    assert [(c["number"], c["state"]) for c in data["queries"][0]["changes"]] == [(890005, "ready")]
    dlm = next(s for s in data["specs"] if s["slug"] == "dlm")
    assert dlm["pending"][0]["to"] == "completed"
    assert data["snapshot"]["server_version"] == "2.13.9"
    assert data["snapshot"]["age_hours"] == round((report.generated - report.snapshot.fetched).total_seconds() / 3600, 1)


def test_an_item_naming_a_spec_a_number_or_a_url_is_annotated():
    snap = snapshot("era-2.13.json", "era-3.x.json")
    item = "SpamapS to move nova-compute-api to active status and add structure"
    notes = annotations(item, SPECS, snap, NOW, CONFIG)
    assert [n.as_dict() for n in notes] == [
        {"number": 435555, "state": "ready", "url": "https://review.openstack.org/435555"}
    ]
    assert annotated(item, notes) == item + " [435555: ready, no +A for 21 days]"
    by_url = annotations("check https://review.openstack.org/#/c/440001/ and "
                         "https://review.opendev.org/c/openstack/arch-wg/+/890006/2", SPECS, snap, NOW, CONFIG)
    assert [(n.number, n.state) for n in by_url] == [(440001, "changes-requested"), (890006, "merged")]
    assert [n.number for n in annotations("follow up on 440002 by 2017", SPECS, snap, NOW, CONFIG)] == [440002]


def test_numbers_gerrit_never_answered_for_are_left_alone():
    assert annotations("plan the 2017 PTG, ticket 123456", SPECS, snapshot("era-2.13.json"), NOW, CONFIG) == ()
    assert annotations("move nova-compute-api", SPECS, None, NOW, CONFIG) == ()


def test_agenda_checkin_lists_open_changes_of_specs_and_tracked_queries_once():
    answer = QueryAnswer("Tracked", "project:openstack/arch-wg", (435555, 440003))
    lines = [entry.line() for entry in checkin(SPECS, snapshot("era-2.13.json", queries=[answer]), CONFIG, NOW)]
    assert lines == [
        "#link https://review.openstack.org/435555 nova-compute-api: ready, no +A for 21 days",
        "#link https://review.openstack.org/440002 error-codes-and-logging: wip, idle 9 days",
        "#link https://review.openstack.org/440001 dlm: changes-requested, idle 11 days",
        "#link https://review.openstack.org/440003 Tracked: Messaging patterns: propose the spec"
        " (needs-review, idle 7 days)",
    ]
    assert checkin(SPECS, None, CONFIG, NOW) == ()


def test_target_status_of_a_change_alone_for_the_site():
    from archwg.gerrit.model import target_status

    by_number = {c.number: c for c in snapshot("era-2.13.json", "era-3.x.json").changes}
    assert target_status(by_number[435555]) == "active"  # renamed into workstreams/
    assert target_status(by_number[890003]) == "completed"  # its file at that revision says so
    assert target_status(by_number[440002]) is None  # nothing read from the file
    assert target_status(by_number[890006]) is None  # merged: nothing pending
    assert target_status(by_number[890005]) is None  # touches no spec file
