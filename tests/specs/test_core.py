"""The specs' core as other front ends call it: lifecycle steps, details, selection, links."""

from __future__ import annotations

from datetime import date

import git
import pytest

from archwg.errors import UsageError
from archwg.specs.lifecycle import change_status, create_spec
from archwg.specs.links import slugs_named
from archwg.specs.store import select_specs, spec_details
from specdata import write_out

TODAY = date(2017, 3, 9)


def test_create_then_move_a_spec_with_the_day_passed_in(spec_repo):
    created = create_spec(spec_repo, "proposal", "Nova Compute API", ("SpamapS",), None, TODAY)
    assert (created.path.as_posix(), created.message) == ("specs/nova-compute-api.rst", "Propose Nova Compute API")
    write_out(spec_repo, spec_repo / created.path)

    run = change_status(spec_repo, "nova-compute-api", "proposed", "ready for review", TODAY)

    assert run.committed
    assert git.Repo(spec_repo).head.commit.message.startswith("Propose Nova Compute API: draft -> proposed")
    details = spec_details(spec_repo, "nova-compute-api")
    assert [(row.date, row.status) for row in details.history] == [("2017-03-09", "draft"), ("2017-03-09", "proposed")]
    assert details.spec.created == TODAY


def test_a_dry_run_plans_the_step_and_changes_nothing(spec_repo):
    create_spec(spec_repo, "proposal", "Nova Compute API", ("SpamapS",), None, TODAY)
    write_out(spec_repo, spec_repo / "specs" / "nova-compute-api.rst")
    repo = git.Repo(spec_repo)
    head = repo.head.commit.hexsha
    before = (spec_repo / "specs" / "nova-compute-api.rst").read_bytes()

    run = change_status(spec_repo, "nova-compute-api", "proposed", None, date(2017, 3, 23), dry_run=True)

    assert not run.committed
    assert run.change.message == "Propose Nova Compute API: draft -> proposed"
    assert "2017-03-23" in run.change.text
    assert repo.head.commit.hexsha == head
    assert (spec_repo / "specs" / "nova-compute-api.rst").read_bytes() == before


def test_select_specs_by_kind_and_status(spec_repo):
    create_spec(spec_repo, "proposal", "Nova Compute API", ("SpamapS",), None, TODAY)
    create_spec(spec_repo, "workstream", "Base Services", ("ttx",), None, TODAY)

    assert [spec.slug for spec in select_specs(spec_repo, kind="workstream")] == ["base-services"]
    assert [spec.slug for spec in select_specs(spec_repo, status="draft")] == ["nova-compute-api"]
    with pytest.raises(UsageError, match="a workstream is never draft"):
        select_specs(spec_repo, kind="workstream", status="draft")


def test_a_text_names_a_spec_by_its_whole_slug_in_any_case():
    slugs = ["nova-compute-api", "dlm", "base-services"]

    assert slugs_named("SpamapS to patch Nova-Compute-API and the DLM spec", slugs) == ("nova-compute-api", "dlm")
    assert slugs_named("see nova-compute-api-v2 and dlm_old", slugs) == ()
