"""``archwg list`` and ``archwg show``: filters, the table, and the JSON shapes."""

from __future__ import annotations

import json
from datetime import date

import git
import pytest

from archwg.specs.history import set_field
from archwg.specs.model import FOLDER_OF_KIND
from archwg.specs.render import new_spec_text

LIST_KEYS = ["slug", "kind", "status", "champion", "created", "title", "path", "reviews", "topic"]


def add_spec(root, kind, status, slug, title, champions=("rockyg",), extra_fields=""):
    text = new_spec_text(root, kind, title=title, champions=champions, created=date(2017, 3, 9))
    text = set_field(text, "Status", status)
    if extra_fields:
        text = text.replace(":Created: 2017-03-09\n", ":Created: 2017-03-09\n" + extra_fields)
    path = root / FOLDER_OF_KIND[kind] / f"{slug}.rst"
    path.write_text(text)
    repo = git.Repo(root)
    repo.index.add([path.relative_to(root).as_posix()])
    repo.index.commit(f"Add {slug}")


@pytest.fixture
def group_repo(spec_repo):
    """The Architecture WG's specs of March 2017."""
    add_spec(spec_repo, "workstream", "active", "dlm", "Distributed Lock Management", ("harlowja", "rockyg"),
             ":Reviews: 435555, 437000\n:Topic: dlm\n")
    add_spec(spec_repo, "workstream", "active", "base-services", "Base Services", ("thingee",))
    add_spec(spec_repo, "workstream", "tabled", "messaging-patterns", "Messaging Patterns", ("flaper87",))
    add_spec(spec_repo, "proposal", "proposed", "nova-compute-api", "Nova Compute API", ("rockyg",))
    add_spec(spec_repo, "proposal", "draft", "placement-extraction", "Placement Extraction", ("cdent",))
    return spec_repo


def test_list_json_is_every_spec_with_a_stable_shape(group_repo, run_cli):
    result = run_cli("list", "--format", "json", "--repo", str(group_repo))

    assert result.exit_code == 0, result.stderr
    specs = json.loads(result.stdout)
    assert [spec["slug"] for spec in specs] == [
        "nova-compute-api", "placement-extraction", "base-services", "dlm", "messaging-patterns",
    ]
    assert all(list(spec) == LIST_KEYS for spec in specs)
    assert specs[3] == {
        "slug": "dlm",
        "kind": "workstream",
        "status": "active",
        "champion": ["harlowja", "rockyg"],
        "created": "2017-03-09",
        "title": "Distributed Lock Management",
        "path": "workstreams/dlm.rst",
        "reviews": [435555, 437000],
        "topic": "dlm",
    }


@pytest.mark.parametrize(
    "filters, slugs",
    [
        (["--kind", "proposal"], ["nova-compute-api", "placement-extraction"]),
        (["--status", "active"], ["base-services", "dlm"]),
        (["--kind", "workstream", "--status", "tabled"], ["messaging-patterns"]),
        (["--status", "rejected"], []),
    ],
)
def test_list_filters_by_kind_and_status(group_repo, run_cli, filters, slugs):
    result = run_cli("list", *filters, "--format", "json", "--repo", str(group_repo))

    assert result.exit_code == 0, result.stderr
    assert [spec["slug"] for spec in json.loads(result.stdout)] == slugs


def test_a_status_the_kind_never_has_is_a_usage_error(group_repo, run_cli):
    result = run_cli("list", "--kind", "workstream", "--status", "draft", "--repo", str(group_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: a workstream is never draft (statuses: active, completed, tabled, abandoned)\n"
    )


def test_an_unknown_status_is_refused_by_the_option(group_repo, run_cli):
    result = run_cli("list", "--status", "done", "--repo", str(group_repo))

    assert result.exit_code == 2
    assert "Invalid value for '--status': 'done' is not one of" in result.stderr


def test_the_table_has_one_line_per_spec_when_piped(group_repo, run_cli):
    result = run_cli("list", "--kind", "workstream", "--repo", str(group_repo))

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["slug", "kind", "status", "champion", "created", "title"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["base-services", "workstream", "active"],
        ["dlm", "workstream", "active"],
        ["messaging-patterns", "workstream", "tabled"],
    ]
    assert lines[2].endswith("harlowja, rockyg  2017-03-09  Distributed Lock Management")
    assert all(line == line.rstrip() for line in lines)


def test_a_filter_matching_nothing_says_so(group_repo, run_cli):
    result = run_cli("list", "--status", "rejected", "--repo", str(group_repo))

    assert (result.exit_code, result.stdout) == (0, "no specs match\n")


def test_an_empty_repository_lists_nothing(spec_repo, run_cli):
    table = run_cli("list", "--repo", str(spec_repo))
    as_json = run_cli("list", "--format", "json", "--repo", str(spec_repo))

    assert (table.exit_code, table.stdout) == (0, "no specs yet\n")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, [])


def test_show_json_adds_sections_and_history_to_the_list_object(group_repo, run_cli):
    listed = json.loads(run_cli("list", "--format", "json", "--repo", str(group_repo)).stdout)
    result = run_cli("show", "nova-compute-api", "--format", "json", "--repo", str(group_repo))

    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert list(shown) == LIST_KEYS + ["sections", "history"]
    assert {key: shown[key] for key in LIST_KEYS} == listed[0]
    assert shown["sections"] == [
        {"title": "Problem Description", "level": 1, "line": 14},
        {"title": "Background", "level": 1, "line": 20},
        {"title": "Proposed Work", "level": 1, "line": 26},
        {"title": "History", "level": 1, "line": 32},
    ]
    assert shown["history"] == [{"date": "2017-03-09", "status": "draft", "note": "Proposed by rockyg"}]


def test_show_text_gives_metadata_outline_and_history(group_repo, run_cli):
    result = run_cli("show", "dlm", "--repo", str(group_repo))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "Distributed Lock Management\n"
        "===========================\n"
        "\n"
        "path:     workstreams/dlm.rst\n"
        "kind:     workstream\n"
        "status:   active\n"
        "champion: harlowja, rockyg\n"
        "created:  2017-03-09\n"
        "reviews:  435555, 437000\n"
        "topic:    dlm\n"
        "\n"
        "Sections:\n"
        "  Summary\n"
    )
    assert "    Assignee(s)\n" in result.stdout
    assert result.stdout.endswith("History:\n  2017-03-09  active     Started by harlowja, rockyg\n")


def test_show_an_unknown_slug(group_repo, run_cli):
    result = run_cli("show", "dlms", "--repo", str(group_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: no spec named 'dlms' in {group_repo} (known: nova-compute-api, placement-extraction, "
        "base-services, dlm, messaging-patterns)\n"
    )


def test_show_refuses_a_path_for_a_slug(group_repo, run_cli):
    result = run_cli("show", "../workstreams/dlm", "--repo", str(group_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: bad slug '../workstreams/dlm': use lower-case letters, digits and single hyphens\n"
    )


def test_list_skips_an_unreadable_spec_with_a_warning(group_repo, run_cli):
    (group_repo / "specs" / "broken.rst").write_bytes(b"Caf\xe9\n====\n")

    result = run_cli("list", "--format", "json", "--repo", str(group_repo))

    assert result.exit_code == 0
    assert [spec["slug"] for spec in json.loads(result.stdout)] == [
        "nova-compute-api", "placement-extraction", "base-services", "dlm", "messaging-patterns",
    ]
    assert result.stderr.startswith("archwg: warning: specs/broken.rst: skipped: ")
    assert "not UTF-8" in result.stderr
