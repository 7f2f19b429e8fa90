"""The command line of Gerrit: sync, status and reviews, their notices, exit codes and secrets."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archwg.gerrit.client import GerritClient
from archwg.gerrit.config import GerritConfig
from archwg.gerrit.snapshot import sync
from gerrit_helpers import PROJECT, spec
from gerrit_standin import make_change

DATA = Path(__file__).resolve().parent.parent / "data" / "gerrit"
PASSWORD = "hunter2-http-password"
SPEC = """\
================
Nova Compute API
================

:Kind: proposal
:Status: proposed
:Champion: SpamapS
:Created: 2017-01-05
:Reviews: 435555

Problem Description
===================

Text.
"""
TOML = """\
[gerrit]
url = "https://review.example.org"
project = "openstack/arch-wg"
timeout = 0.5
retries = 1

[[gerrit.queries]]
title = "Cross-project specs"
query = "status:open project:openstack/openstack-specs"
"""


@pytest.fixture
def repo(spec_repo, standin, monkeypatch):
    (spec_repo / "specs" / "nova-compute-api.rst").write_text(SPEC)
    (spec_repo / "archwg.toml").write_text(TOML)
    monkeypatch.setenv("ARCHWG_GERRIT_URL", standin.url)
    standin.add(
        make_change(435555, subject="Move nova-compute-api to active status",
                    updated=datetime.now(timezone.utc) - timedelta(days=21),
                    labels={"Code-Review": {"all": [{"value": 2, "name": "Thierry Carrez"}]}},
                    files={"workstreams/nova-compute-api.rst": {"status": "R",
                                                                "old_path": "specs/nova-compute-api.rst"}}),
        make_change(700001, project="openstack/openstack-specs", subject="Cross-project thing"),
    )
    return spec_repo


def snapshot_path(root: Path) -> Path:
    return root / ".archwg" / "gerrit.json"


def test_sync_then_status_shows_the_pending_move(repo, run_cli):
    result = run_cli("gerrit", "sync", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("full sync: 2 changes received in 3 requests")
    result = run_cli("status", cwd=repo)
    assert result.exit_code == 0
    assert "nova-compute-api: proposed → active pending in 435555, ready, no +A for 21 days" in result.stdout
    assert "Cross-project specs (status:open project:openstack/openstack-specs):" in result.stdout
    assert "700001 needs-review" in result.stdout
    assert result.stderr == ""  # fresh data: no notice
    data = json.loads(run_cli("status", "--format", "json", cwd=repo).stdout)
    (nova,) = data["specs"]
    assert nova["pending"][0]["to"] == "active" and nova["changes"][0]["state"] == "ready"


@pytest.mark.parametrize("fault", ["500", "hang", "html", "truncated", "login", "429"])
def test_a_failed_sync_is_one_line_exit_1_and_status_still_answers(repo, standin, run_cli, fault):
    run_cli("gerrit", "sync", cwd=repo)
    before = snapshot_path(repo).read_bytes()
    standin.add(make_change(435555, subject="Changed meanwhile"))
    standin.hang_seconds = 1.5
    standin.fail_next(fault, 2, retry_after=0)
    result = run_cli("gerrit", "sync", cwd=repo)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("archwg: error: gerrit sync failed: ")
    assert "(less than an hour old) is unchanged" in line
    assert snapshot_path(repo).read_bytes() == before
    status = run_cli("status", cwd=repo)
    assert status.exit_code == 0 and "435555 ready, no +A for 21 days" in status.stdout


def test_an_old_snapshot_is_announced_and_status_exits_0(repo, standin, run_cli):
    three_days_ago = datetime.now(timezone.utc) - timedelta(days=3)
    config = GerritConfig(url=standin.url, project=PROJECT)
    sync(config, [spec("nova-compute-api", reviews=(435555,))], snapshot_path(repo), three_days_ago,
         client=GerritClient(standin.url))
    for args in (("status",), ("reviews",), ("reviews", "nova-compute-api")):
        result = run_cli(*args, cwd=repo)
        assert result.exit_code == 0
        assert "archwg: review data is 3 days old" in result.stderr
        assert "435555" in result.stdout


def test_no_snapshot_is_said_plainly_and_exits_0(repo, run_cli):
    for args in (("status",), ("reviews",)):
        result = run_cli(*args, cwd=repo)
        assert result.exit_code == 0
        assert result.stderr == "archwg: no review data: run `archwg gerrit sync`\n"
    assert "435555 (no review data)" in run_cli("status", cwd=repo).stdout


def test_reviews_change_falls_back_to_the_snapshot_when_gerrit_is_down(repo, standin, run_cli):
    run_cli("gerrit", "sync", cwd=repo)
    standin.fail_next("500", 2)
    result = run_cli("reviews", "--change", "435555", "--format", "json", cwd=repo)
    assert result.exit_code == 0
    assert "cannot reach Gerrit" in result.stderr and "showing the snapshot" in result.stderr
    assert [(c["number"], c["state"]) for c in json.loads(result.stdout)] == [(435555, "ready")]


def test_reviews_query_asks_the_server(repo, standin, run_cli):
    result = run_cli("reviews", "--query", "project:openstack/openstack-specs", "--format", "json", cwd=repo)
    assert result.exit_code == 0
    assert [c["number"] for c in json.loads(result.stdout)] == [700001]
    assert standin.requests[-1].param("q") == "project:openstack/openstack-specs"


@pytest.mark.parametrize("name", ["era-2.13.json", "single-change-noprefix.json"])
def test_reviews_from_a_saved_body_works_outside_any_repository(outside, run_cli, monkeypatch, name):
    monkeypatch.delenv("ARCHWG_GERRIT_URL", raising=False)
    result = run_cli("reviews", "--from", str(DATA / name), "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)
    assert changes[0]["number"] == 435555 and changes[0]["state"] == "ready"
    assert changes[0]["labels"]["Code-Review"][0] == {"value": 2, "by": "Thierry Carrez"}
    assert set(changes[0]) >= {"number", "project", "branch", "subject", "status", "state", "owner",
                               "created", "updated", "url", "labels"}


def test_reviews_shows_a_tagged_subject_as_written(outside, run_cli, monkeypatch):
    # Rich read a subject's "[api-ref]" (a common tag in OpenStack subjects) as a style and dropped it.
    monkeypatch.delenv("ARCHWG_GERRIT_URL", raising=False)
    text = (DATA / "era-2.8.json").read_text().replace("[WIP] Sketch", "[api-ref] Sketch")
    result = run_cli("reviews", "--from", "-", cwd=outside, input=text)
    assert result.exit_code == 0, result.stderr
    assert "[api-ref] Sketch a cross-project glossary" in result.stdout


def test_reviews_from_stdin(outside, run_cli):
    text = (DATA / "era-2.8.json").read_text()
    result = run_cli("reviews", "--from", "-", cwd=outside, input=text)
    assert result.exit_code == 0
    assert re.search(r"^80755 +blocked", result.stdout, re.MULTILINE)


def test_reviews_from_a_body_that_is_not_gerrits_is_one_line_exit_2(outside, run_cli, tmp_path):
    bad = tmp_path / "page.html"
    bad.write_text("<html><body>Sign in</body></html>")
    result = run_cli("reviews", "--from", str(bad), cwd=outside)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "HTML page" in result.stderr


def test_credentials_from_the_environment_use_a_and_never_show(repo, standin, run_cli, monkeypatch):
    standin.users = {"chair": PASSWORD}
    monkeypatch.setenv("ARCHWG_GERRIT_USER", "chair")
    monkeypatch.setenv("ARCHWG_GERRIT_PASSWORD", PASSWORD)
    outputs = [run_cli("gerrit", "sync", cwd=repo)]
    assert outputs[0].exit_code == 0
    assert all(r.path.startswith("/a/") for r in standin.requests)
    standin.fail_next("500", 2)
    outputs.append(run_cli("gerrit", "sync", cwd=repo))
    outputs.append(run_cli("status", "--format", "json", cwd=repo))
    monkeypatch.setenv("ARCHWG_GERRIT_PASSWORD", "wrong-" + PASSWORD)
    outputs.append(run_cli("gerrit", "sync", cwd=repo))
    assert outputs[-1].exit_code == 1 and "credentials were refused" in outputs[-1].stderr
    for result in outputs:
        assert PASSWORD not in result.stdout + result.stderr
    for path in (repo / ".archwg").iterdir():
        assert PASSWORD not in path.read_text()


def test_credentials_from_netrc(repo, standin, run_cli):
    standin.users = {"chair": PASSWORD}
    netrc = Path.home() / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login chair password {PASSWORD}\n")
    netrc.chmod(0o600)
    result = run_cli("gerrit", "sync", cwd=repo)
    assert result.exit_code == 0
    assert standin.requests and all(r.path.startswith("/a/") for r in standin.requests)
    assert PASSWORD not in result.stdout + result.stderr + snapshot_path(repo).read_text()


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[gerrit]\nurl = 3\n', "archwg: error: archwg.toml: gerrit.url: must be a non-empty string"),
        ('[gerrit]\nurl = "ftp://x"\n', "archwg: error: archwg.toml: gerrit.url: must be an http(s) URL, not 'ftp://x'"),
        ('[gerrit]\nurl = "https://x"\n[[gerrit.queries]]\ntitle = "t"\n',
         "archwg: error: archwg.toml: gerrit.queries[0].query: must be a non-empty string"),
        ('[gerrit]\nurl = "https://x"\n[gerrit.labels]\napprove = ""\n',
         "archwg: error: archwg.toml: gerrit.labels.approve: must be a label name such as 'Workflow'"),
        ('[gerrit]\nurl = "https://x"\nsnapshots = "a"\n',
         "archwg: error: archwg.toml: gerrit.snapshots: unknown key "
         "(known: labels, project, queries, retries, snapshot, timeout, url)"),
        ("[gerrit\n", "archwg: error: archwg.toml: "),
    ],
)
def test_a_bad_archwg_toml_is_one_line_naming_the_key(spec_repo, run_cli, monkeypatch, toml, message):
    monkeypatch.delenv("ARCHWG_GERRIT_URL", raising=False)
    (spec_repo / "archwg.toml").write_text(toml)
    result = run_cli("gerrit", "sync", cwd=spec_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_sync_without_a_server_says_how_to_name_one(spec_repo, run_cli, monkeypatch):
    monkeypatch.delenv("ARCHWG_GERRIT_URL", raising=False)
    result = run_cli("gerrit", "sync", cwd=spec_repo)
    assert result.exit_code == 2
    assert "add a [gerrit] table with url to archwg.toml or set ARCHWG_GERRIT_URL" in result.stderr


def test_offline_commands_do_not_import_the_http_libraries(repo):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from archwg.cli import main\n"
        "try:\n"
        "    main(['status'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('imported:', sorted(name for name in ('requests', 'urllib3') if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "imported: []"
    assert "nova-compute-api" in result.stdout


def test_reviews_query_asks_submit_requirements_of_a_server_known_to_have_them(repo, standin, run_cli):
    run_cli("gerrit", "sync", cwd=repo)  # the snapshot learns the stand-in's version, 3.7.2
    run_cli("reviews", "--change", "435555", cwd=repo)
    assert "SUBMIT_REQUIREMENTS" in standin.requests[-1].options()


@pytest.mark.parametrize("query", ["", "  "])
def test_reviews_refuses_an_empty_query(repo, standin, run_cli, query):
    run_cli("gerrit", "sync", cwd=repo)
    standin.reset_requests()
    result = run_cli("reviews", "--query", query, cwd=repo)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--query" in result.stderr
    assert "435555" not in result.stdout and standin.requests == []


def test_reviews_of_an_unknown_slug_is_exit_2_naming_the_known_ones_even_without_a_snapshot(repo, run_cli):
    result = run_cli("reviews", "nosuch", cwd=repo)
    assert result.exit_code == 2
    assert "no spec named 'nosuch'" in result.stderr and "nova-compute-api" in result.stderr
    assert "no changes" not in result.stdout


def test_a_snapshot_from_another_server_is_not_used(repo, standin, run_cli, monkeypatch):
    assert run_cli("gerrit", "sync", cwd=repo).exit_code == 0
    monkeypatch.setenv("ARCHWG_GERRIT_URL", "https://review.other.example.org")
    notice = (f"archwg: the snapshot is from {standin.url}, not https://review.other.example.org: "
              "run `archwg gerrit sync`\n")
    for args in (("status",), ("reviews",)):
        result = run_cli(*args, cwd=repo)
        assert result.exit_code == 0
        assert result.stderr == notice
        assert "ready" not in result.stdout
    assert "435555 (no review data)" in run_cli("status", cwd=repo).stdout


def test_reviews_from_a_body_with_a_bad_vote_is_one_line_exit_2(outside, run_cli, tmp_path):
    bad = tmp_path / "body.json"
    bad.write_text(")]}'\n" + json.dumps([make_change(435555, labels={"Code-Review": {"all": [{"value": "x"}]}})]))
    result = run_cli("reviews", "--from", str(bad), cwd=outside)
    assert result.exit_code == 2
    assert result.stderr == ("archwg: error: change 435555: labels.Code-Review.all: "
                             "vote value 'x' is not a whole number\n")
