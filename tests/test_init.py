"""``archwg init``: a new group's repository, end to end in a temporary folder with real git and sphinx-build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import git
import pytest

DATA = Path(__file__).resolve().parent / "data"
LOG = DATA / "meetings" / "series" / "arch_wg.2017-03-09-20.01.log.txt"


def sphinx_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(root / "doc" / "source"),
         str(root / "doc" / "build" / "html")],
        capture_output=True, text=True, cwd=root, timeout=300,
    )


def tree(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if ".git" not in path.parts)


def test_init_new_check_set_status_site_and_carry_end_to_end(tmp_path, run_cli):
    root = tmp_path / "storage"
    started = run_cli("init", str(root), "--name", "Storage SIG", "--meeting-id", "arch_wg", cwd=tmp_path)
    assert started.exit_code == 0, started.output
    lines = started.stdout.splitlines()
    assert lines[0] == f"started {root}: 14 files, committed in a new git repository at {root}: Start the Storage SIG spec repository"
    assert lines[1:] == [
        "next:",
        f'  archwg --repo {root} new proposal "Our first proposal" --champion YOUR_IRC_NICK',
        f"  archwg --repo {root} check",
        f"  sphinx-build -W -b html {root}/doc/source {root}/doc/build/html",
    ]
    repo = git.Repo(root)
    assert repo.head.commit.message.strip() == "Start the Storage SIG spec repository"
    assert repo.git.status("--porcelain") == ""
    assert "meetings/arch_wg.yaml" in repo.git.ls_files().splitlines()
    assert (root / "doc" / "source" / "conf.py").read_text().count('extensions = ["archwg.sphinxext"]') == 1
    assert ".. spec-index::" in (root / "doc" / "source" / "index.rst").read_text()
    assert "entry: archwg check" in (root / ".pre-commit-config.yaml").read_text()
    assert ".archwg/" in (root / ".gitignore").read_text().split()
    assert (root / "archwg.toml").read_text().startswith("# archwg's settings")

    # A fresh repository passes check and builds with -W.
    checked = run_cli("check", cwd=root)
    assert checked.exit_code == 0, checked.output
    built = sphinx_build(root)
    assert built.returncode == 0, built.stderr

    created = run_cli("new", "proposal", "Object Store Tiers", "--champion", "rockyg", cwd=root)
    assert created.exit_code == 0, created.output
    spec = root / "specs" / "object-store-tiers.rst"
    assert run_cli("check", cwd=root).exit_code == 0
    # Proposing it with the template's example text still in is what check reports, so write the spec.
    text = spec.read_text()
    for marker in ("What needs architectural", "Why does it need", "What would the group do"):
        start = text.index(marker)
        text = text[:start] + "Written by the champion." + text[text.index("\n\n", start):]
    spec.write_text(text)
    repo.git.commit("-qam", "Write the proposal")
    moved = run_cli("set-status", "object-store-tiers", "proposed", "--reason", "ready", cwd=root)
    assert moved.exit_code == 0, moved.output
    assert run_cli("check", cwd=root).exit_code == 0
    built = sphinx_build(root)
    assert built.returncode == 0, built.stderr
    assert "Object Store Tiers" in (root / "doc" / "build" / "html" / "index.html").read_text()

    shutil.copy(LOG, root / "meetings" / "logs" / "arch_wg" / LOG.name)
    carried = run_cli("carry-actions", cwd=root)
    assert carried.exit_code == 0, carried.output
    assert carried.stdout.startswith("arch_wg 2017-03-09: 3 open action items\n")


def test_init_overwrites_nothing_and_writes_nothing_when_one_path_exists(tmp_path, run_cli):
    root = tmp_path / "wg"
    root.mkdir()
    (root / "archwg.toml").write_text("[group]\nname = 'Ours'\n")
    result = run_cli("init", str(root), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {root}: already has archwg.toml: archwg init overwrites nothing\n"
    assert tree(root) == ["archwg.toml"]
    assert (root / "archwg.toml").read_text() == "[group]\nname = 'Ours'\n"


def test_init_adds_archwg_to_an_existing_git_repository(tmp_path, run_cli):
    root = tmp_path / "project"
    root.mkdir()
    repo = git.Repo.init(root)
    (root / "README").write_text("ours\n")
    (root / ".gitignore").write_text("*.pyc")
    repo.git.add("--all")
    repo.git.commit("-qm", "Our project")
    result = run_cli("init", "--name", "API SIG", "--meeting-id", "api_sig", "--gerrit-url", "https://review.example.org",
                     "--gerrit-project", "example/api-specs", cwd=root)
    assert result.exit_code == 0, result.output
    assert f"committed in the git repository at {root}:" in result.stdout
    assert repo.head.commit.message.strip() == "Start the API SIG spec repository"
    assert repo.head.commit.parents[0].message.strip() == "Our project"
    assert (root / ".gitignore").read_text() == "*.pyc\n.archwg/\ndoc/build/\n"  # added to, not replaced
    assert (root / "meetings" / "api_sig.yaml").is_file() and (root / "meetings" / "logs" / "api_sig").is_dir()
    from archwg.config import load_config

    config = load_config(root)
    assert (config.group.name, config.group.meeting) == ("API SIG", "api_sig")
    assert (config.gerrit.url, config.gerrit.project) == ("https://review.example.org", "example/api-specs")
    from archwg.meetings.description import load_description

    assert load_description(root / "meetings" / "api_sig.yaml").meeting_id == "api_sig"


def test_a_new_group_has_no_meetings_yet_rather_than_an_error(tmp_path, run_cli):
    """Right after init, carry-actions and actions exited 2 "no meeting found in .../logs/<id>/ (0 files)"
    while agenda said "No open action items"."""
    root = tmp_path / "wg"
    assert run_cli("init", str(root), "--meeting-id", "ops_sig", cwd=tmp_path).exit_code == 0
    folder = root / "meetings" / "logs" / "ops_sig"
    for command in (("carry-actions",), ("actions",), ("actions", "--format", "json")):
        result = run_cli(*command, cwd=root)
        assert (result.exit_code, result.stdout) == (0, ""), result.output
        assert result.stderr == f"archwg: no meetings of ops_sig yet (MeetBot's logs go in {folder})\n"
    minutes = run_cli("minutes", cwd=root)  # there is nothing to write minutes of: still an error, said plainly
    assert minutes.exit_code == 2
    assert minutes.stderr == (f"archwg: error: no meetings of ops_sig yet: nothing to write minutes of "
                              f"(MeetBot's logs go in {folder})\n")
    # A LOG named on the command line that holds no meeting stays an error.
    (tmp_path / "empty").mkdir()
    assert run_cli("carry-actions", str(tmp_path / "empty"), cwd=root).exit_code == 2


@pytest.mark.parametrize("made", [False, True])
def test_init_of_a_folder_inside_a_git_repository_commits_into_that_repository(tmp_path, run_cli, made):
    """A missing sub-folder used to get a nested new repository, an existing empty one the parent's."""
    repo = git.Repo.init(tmp_path / "project")
    repo.git.commit("--allow-empty", "-qm", "Our project")
    sub = tmp_path / "project" / "sub"
    if made:
        sub.mkdir()
    result = run_cli("init", "sub", cwd=tmp_path / "project")
    assert result.exit_code == 0, result.output
    assert f"committed in the git repository at {tmp_path / 'project'}:" in result.stdout.splitlines()[0]
    assert not (sub / ".git").exists()
    assert repo.head.commit.message.strip() == "Start the Architecture Working Group spec repository"
    assert "sub/archwg.toml" in repo.git.ls_files().splitlines()


def test_a_name_with_rest_markup_still_builds_with_w(tmp_path, run_cli):
    """--name 'Ops |sub|' went into index.rst as is: an undefined substitution, and -W failed."""
    root = tmp_path / "ops"
    assert run_cli("init", str(root), "--name", "Ops |sub| - *SIG*_", cwd=tmp_path).exit_code == 0
    built = sphinx_build(root)
    assert built.returncode == 0, built.stderr
    page = (root / "doc" / "build" / "html" / "index.html").read_text()
    assert "<h1>Ops |sub| - *SIG*_" in page


def test_a_failed_commit_leaves_nothing_behind(tmp_path, run_cli):
    root = tmp_path / "project"
    root.mkdir()
    repo = git.Repo.init(root)
    repo.git.commit("--allow-empty", "-qm", "Empty")
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = run_cli("init", cwd=root)
    assert result.exit_code == 1
    assert tree(root) == []
    assert repo.git.status("--porcelain") == ""


@pytest.mark.parametrize("args, message", [
    (("--meeting-id", "arch wg"), "--meeting-id 'arch wg': use letters, digits, _ . - (MeetBot's meeting name)"),
    (("--gerrit-url", "https://review.example.org"), "--gerrit-url and --gerrit-project go together"),
])
def test_bad_options_are_one_line_and_write_nothing(tmp_path, run_cli, args, message):
    result = run_cli("init", str(tmp_path / "wg"), *args, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {message}\n"
    assert not (tmp_path / "wg").exists()


def test_the_planned_files_are_the_packaged_templates():
    from archwg.init import Settings, plan_files
    from archwg.specs.render import PACKAGED_TEMPLATES

    files = {item.path: item.text for item in plan_files(Settings(), date(2026, 1, 1))}
    assert files["templates/proposal.rst.j2"] == (PACKAGED_TEMPLATES / "proposal.rst.j2").read_text()
    assert "start_date: 20260101" in files["meetings/arch_wg.yaml"]
