"""Review states where the chair works: carry-actions, actions and agenda, from a synced snapshot."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from archwg.gerrit.client import GerritClient
from archwg.gerrit.config import GerritConfig
from archwg.gerrit.snapshot import sync
from gerrit_helpers import PROJECT, spec
from gerrit_standin import gerrit_time, make_change

TESTS = Path(__file__).resolve().parents[1]
PROJECT_ROOT = TESTS.parent
ITEM = "SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream."


def write_spec(root: Path, kind: str, slug: str, title: str, champion: str, status: str, reviews: str = "") -> None:
    from archwg.specs.render import render_spec

    text = render_spec((root / "templates" / f"{kind}.rst.j2").read_text(), title=title, champions=(champion,),
                       created=date(2017, 1, 26), status=status)
    if reviews:
        text = text.replace(":Created: 2017-01-26\n", f":Created: 2017-01-26\n:Reviews: {reviews}\n")
    (root / ("specs" if kind == "proposal" else "workstreams") / f"{slug}.rst").write_text(text)


@pytest.fixture
def group(spec_repo, standin, monkeypatch):
    """The group's repository with seed 000's log, its specs, a [gerrit] table and the stand-in's changes."""
    (spec_repo / "meetings" / "logs" / "arch_wg").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "meetings" / "arch_wg.yaml", spec_repo / "meetings" / "arch_wg.yaml")
    shutil.copy(TESTS / "data" / "000_29a86aef99d720fa.txt",
                spec_repo / "meetings" / "logs" / "arch_wg" / "arch_wg.2017-03-09-20.01.log.txt")
    write_spec(spec_repo, "proposal", "nova-compute-api", "Nova Compute API", "SpamapS", "proposed", "435555")
    write_spec(spec_repo, "proposal", "error-codes-and-logging", "Error Codes and Logging", "rockyg", "proposed")
    (spec_repo / "archwg.toml").write_text(f'[gerrit]\nurl = "https://review.example.org"\nproject = "{PROJECT}"\n')
    monkeypatch.setenv("ARCHWG_GERRIT_URL", standin.url)
    voted = datetime.now(timezone.utc) - timedelta(days=21, hours=1)
    standin.add(make_change(
        435555, subject="Move nova-compute-api to active status", updated=voted,
        labels={"Code-Review": {"all": [{"value": 2, "name": "Thierry Carrez", "date": gerrit_time(voted)}]}},
        files={"workstreams/nova-compute-api.rst": {"status": "R", "old_path": "specs/nova-compute-api.rst"}},
    ))
    return spec_repo


def synced(root: Path, standin, when: datetime | None = None) -> None:
    sync(GerritConfig(url=standin.url, project=PROJECT), [spec("nova-compute-api", reviews=(435555,))],
         root / ".archwg" / "gerrit.json", when or datetime.now(timezone.utc), client=GerritClient(standin.url))


def test_carry_actions_notes_the_state_of_the_change_an_item_names(group, standin, run_cli):
    synced(group, standin)
    result = run_cli("carry-actions", cwd=group)
    assert result.exit_code == 0
    assert f"* {ITEM} [435555: ready, no +A for 21 days]" in result.stdout.splitlines()
    # The #action line is what the minutes record again: no note there.
    (action,) = [line for line in result.stdout.splitlines() if line.startswith(f"#action {ITEM}")]
    assert "[435555" not in action
    assert result.stderr == ""


def test_carry_actions_json_has_reviews_on_every_open_item(group, standin, run_cli):
    synced(group, standin)
    data = json.loads(run_cli("carry-actions", "--format", "json", cwd=group).stdout)
    reviews = {item["text"]: item["reviews"] for item in data["open"]}
    assert reviews[ITEM] == [{"number": 435555, "state": "ready", "url": f"{standin.url}/435555"}]
    assert sorted(len(found) for found in reviews.values()) == [0, 0, 1]


def test_actions_notes_too(group, standin, run_cli):
    synced(group, standin)
    data = json.loads(run_cli("actions", "--format", "json", cwd=group).stdout)
    (item,) = [item for item in data["open"] if item["text"] == ITEM]
    assert item["reviews"][0]["state"] == "ready"
    assert "[435555: ready, no +A for 21 days]" in run_cli("actions", cwd=group).stdout


def test_the_agenda_checks_in_with_states_and_ages(group, standin, run_cli):
    synced(group, standin)
    result = run_cli("agenda", "--for", "2017-03-10", cwd=group)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    checkin = lines[lines.index("#topic Specs check-in") + 1]
    assert checkin == f"#link {standin.url}/435555 nova-compute-api: ready, no +A for 21 days"
    wiki = run_cli("agenda", "--for", "2017-03-10", "--format", "wiki", cwd=group).stdout
    assert f"** nova-compute-api: [{standin.url}/435555 435555] ready, no +A for 21 days" in wiki.splitlines()


def test_without_a_snapshot_the_agenda_lists_the_reviews_numbers_and_says_so(group, run_cli):
    result = run_cli("agenda", "--for", "2017-03-10", cwd=group)
    assert result.exit_code == 0
    assert "#link https://review.openstack.org/435555 nova-compute-api" in result.stdout.splitlines()
    assert result.stderr == "archwg: no review data: run `archwg gerrit sync`\n"
    carried = run_cli("carry-actions", cwd=group)
    assert carried.exit_code == 0 and f"* {ITEM}" in carried.stdout.splitlines()


def test_an_old_snapshot_is_announced_by_the_agenda_which_exits_0(group, standin, run_cli):
    synced(group, standin, datetime.now(timezone.utc) - timedelta(days=5))
    result = run_cli("agenda", "--for", "2017-03-10", cwd=group)
    assert result.exit_code == 0
    assert result.stderr.startswith("archwg: review data is 5 days old")
    assert "nova-compute-api: ready" in result.stdout


def test_no_gerrit_configured_means_no_notes_and_no_notices(group, run_cli, monkeypatch):
    (group / "archwg.toml").unlink()
    monkeypatch.delenv("ARCHWG_GERRIT_URL")
    result = run_cli("carry-actions", "--format", "json", cwd=group)
    assert result.stderr == ""
    assert all("reviews" not in item for item in json.loads(result.stdout)["open"])
