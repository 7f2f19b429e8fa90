"""Review states and the Change model, from saved bodies of each era of Gerrit's REST API."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from archwg.errors import BadInput
from archwg.gerrit.client import GerritError, parse_body
from archwg.gerrit.config import LabelMap
from archwg.gerrit.model import (
    STATES,
    change_from_json,
    changes_from_body,
    parse_timestamp,
    review_state,
    state_summary,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "gerrit"
SERVER = "https://review.openstack.org"
OLD_LABELS = LabelMap(approve="Approved")


def body(name: str):
    return parse_body((DATA / name).read_text(encoding="utf-8"))


def states(name: str, roles: LabelMap = LabelMap()) -> dict[int, str]:
    return {change.number: review_state(change, roles) for change in changes_from_body(body(name), SERVER, roles)}


def test_gerrit_2_8_bodies_give_every_state_they_can_express():
    assert states("era-2.8.json", OLD_LABELS) == {
        80751: "ready",  # Code-Review approved (+2), nothing on Approved
        80752: "approved",
        80753: "failing",  # Verified disliked by Jenkins, value -1
        80754: "conflict",  # mergeable false
        80755: "blocked",  # Code-Review rejected (-2)
        80756: "merged",
        80757: "abandoned",
        80758: "wip",  # "[WIP]" subject, even with a -1
        80759: "changes-requested",
    }


def test_gerrit_2_8_owner_with_only_a_name_and_sortkey_are_read():
    change = changes_from_body(body("era-2.8.json"), SERVER, OLD_LABELS)[0]
    assert change.owner == "Clint Byrum"
    assert change.number == 80751  # keyed on _number, not the project~branch~Change-Id id
    assert change.work_in_progress is False  # 2.8 never sends the field
    assert change.votes("Verified")[0].value == 1 and change.votes("Verified")[0].by == "Jenkins"
    assert change.votes("Approved") == ()  # an empty label object is no vote


def test_the_approval_label_is_taken_from_the_label_map():
    # With stock labels a 2.8 server's "Approved" +1 is no +A: the change looks merely ready.
    assert states("era-2.8.json")[80752] == "ready"
    assert states("era-2.8.json", OLD_LABELS)[80752] == "approved"


def test_gerrit_2_13_detailed_labels():
    assert states("era-2.13.json") == {
        435555: "ready",
        440001: "changes-requested",
        440002: "wip",  # Workflow -1
        440003: "needs-review",
    }
    change = changes_from_body(body("era-2.13.json"), SERVER)[0]
    assert [(v.value, v.by) for v in change.votes("Code-Review")] == [(2, "Thierry Carrez"), (1, "Chris Dent")]
    assert change.renames == (("specs/nova-compute-api.rst", "workstreams/nova-compute-api.rst"),)
    assert change.files == ("workstreams/nova-compute-api.rst",)
    assert change.url == "https://review.openstack.org/435555"
    assert change.created == datetime(2017, 2, 17, 22, 10, 41, tzinfo=timezone.utc)


def test_gerrit_3_submit_requirements_decide_ready():
    assert states("era-3.x.json") == {
        890001: "ready",  # every requirement but Workflow satisfied
        890002: "needs-review",  # a +2, but the project wants two: the requirement is unsatisfied
        890003: "wip",  # work_in_progress
        890004: "approved",
        890005: "ready",  # legacy requirements only: the label map decides
        890006: "merged",
    }


def test_gerrit_3_missing_mergeable_is_unknown_not_a_conflict():
    change = changes_from_body(body("era-3.x.json"), SERVER)[0]
    assert change.mergeable is None
    assert review_state(change) != "conflict"


def test_a_single_change_without_prefix_is_accepted():
    (change,) = changes_from_body(body("single-change-noprefix.json"), SERVER)
    assert change.number == 435555
    assert review_state(change) == "ready"


def test_the_bodies_cover_every_state():
    seen = set()
    for name, roles in (("era-2.8.json", OLD_LABELS), ("era-2.13.json", LabelMap()), ("era-3.x.json", LabelMap())):
        seen.update(states(name, roles).values())
    assert seen == set(STATES)


def test_first_match_wins():
    base = changes_from_body(body("era-3.x.json"), SERVER)[3]  # approved, Workflow +1
    from dataclasses import replace

    assert review_state(replace(base, mergeable=False)) == "conflict"
    assert review_state(replace(base, subject="WIP: later")) == "wip"
    assert review_state(replace(base, status="ABANDONED", work_in_progress=True)) == "abandoned"


def test_rollcall_style_label_map_and_capped_review_label():
    raw = body("era-2.13.json")[0]
    raw = {**raw, "labels": {"Rollcall-Vote": {"all": [{"value": 1, "name": "A TC member"}]}}}
    roles = LabelMap(review="Rollcall-Vote", ready_value=1)
    assert review_state(change_from_json(raw, SERVER, roles), roles) == "ready"
    assert review_state(change_from_json(raw, SERVER)) == "needs-review"


def test_summary_counts_days_since_the_top_vote():
    change = changes_from_body(body("era-2.13.json"), SERVER)[0]
    now = datetime(2017, 3, 13, 20, 0, tzinfo=timezone.utc)
    assert state_summary(change, now) == "ready, no +A for 21 days"


def test_timestamps_are_utc_with_nanoseconds():
    assert parse_timestamp("2017-03-09 20:01:06.123456789") == datetime(
        2017, 3, 9, 20, 1, 6, 123456, tzinfo=timezone.utc
    )
    with pytest.raises(BadInput):
        parse_timestamp("yesterday")


@pytest.mark.parametrize("text", ["[{\"_number\": 1", "<html><body>Sign in</body></html>", ""])
def test_bodies_that_are_not_json_are_one_error(text):
    with pytest.raises(GerritError) as raised:
        parse_body(text)
    assert "\n" not in str(raised.value)


def test_a_change_without_a_number_is_refused():
    with pytest.raises(BadInput, match="without a number"):
        change_from_json({"subject": "x", "created": "2017-01-01 00:00:00", "updated": "2017-01-01 00:00:00"}, SERVER)


@pytest.mark.parametrize("review, expected", [(0, "needs-review"), (1, "needs-review"), (2, "ready")])
def test_only_approve_and_verify_requirements_leave_ready_to_the_label_map(review, expected):
    from gerrit_standin import make_change

    votes = [{"value": review, "name": "Thierry Carrez"}] if review else []
    data = make_change(890010, labels={"Code-Review": {"all": votes}}, submit_requirements=[
        {"name": "Workflow", "status": "UNSATISFIED", "is_legacy": False},
        {"name": "Verified", "status": "SATISFIED", "is_legacy": False},
    ])
    assert review_state(change_from_json(data, SERVER)) == expected
