"""``archwg new``: rendering, writing and committing a spec, and every refusal."""

from __future__ import annotations

import shutil
import stat
from datetime import date, datetime, timezone
from pathlib import Path

import git
import pytest

from archwg.errors import UsageError
from archwg.specs.parse import read_spec
from archwg.specs.render import new_spec_text

PROJECT_TEMPLATES = Path(__file__).resolve().parents[2] / "archwg" / "templates"


def head_and_status(root):
    repo = git.Repo(root)
    return repo.head.commit.hexsha, repo.git.status("--porcelain", "--untracked-files=all")


def test_new_proposal_is_written_committed_and_reads_back(spec_repo, run_cli):
    before = datetime.now(timezone.utc).date()  # archwg's clock is UTC
    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "rockyg", "--repo", str(spec_repo))
    after = datetime.now(timezone.utc).date()

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote specs/nova-compute-api.rst and committed it: Propose Nova Compute API\n"
    spec = read_spec(spec_repo / "specs" / "nova-compute-api.rst")
    assert (spec.title, spec.kind, spec.status, spec.champions) == ("Nova Compute API", "proposal", "draft", ("rockyg",))
    assert spec.created in (before, after)
    assert spec.messages == ()

    repo = git.Repo(spec_repo)
    assert repo.head.commit.message == "Propose Nova Compute API\n"
    assert [item.path for item in repo.head.commit.tree["specs"].blobs] == [
        "specs/.gitkeep",
        "specs/nova-compute-api.rst",
    ]
    assert repo.git.status("--porcelain") == ""


def test_new_workstream_starts_active_in_workstreams(spec_repo, run_cli):
    result = run_cli("new", "workstream", "DLM", "--champion", "harlowja", "--champion", "rockyg",
                     "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    spec = read_spec(spec_repo / "workstreams" / "dlm.rst")
    assert (spec.kind, spec.status, spec.champions) == ("workstream", "active", ("harlowja", "rockyg"))
    assert "Primary assignee:\n  harlowja, rockyg\n" in spec.path.read_text()


def test_the_champion_defaults_to_git_user_name_when_it_is_a_nick(spec_repo, run_cli):
    git.Repo(spec_repo).config_writer().set_value("user", "name", "rockyg").release()

    result = run_cli("new", "proposal", "Base Services", "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert read_spec(spec_repo / "specs" / "base-services.rst").champions == ("rockyg",)
    assert git.Repo(spec_repo).head.commit.author.name == "rockyg"


def test_a_full_name_is_not_taken_for_a_champion(spec_repo, run_cli):
    before = head_and_status(spec_repo)

    result = run_cli("new", "proposal", "Base Services", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: no champion: pass --champion NICK (git's user.name 'Test Chair' is not an IRC nick)\n"
    )
    assert head_and_status(spec_repo) == before


@pytest.mark.parametrize("kind", ["proposal", "workstream"])
@pytest.mark.parametrize(
    "title, slug",
    [("Nova Compute API (v2.1)", "nova-compute-api-v2-1"), ("東京 Region Sync", "region-sync")],
)
def test_a_new_spec_passes_archwg_check(spec_repo, run_cli, kind, title, slug):
    created = run_cli("new", kind, title, "--champion", "rocky_g", "--champion", "cdent",
                      "--repo", str(spec_repo))
    assert created.exit_code == 0, created.stderr
    folder = "specs" if kind == "proposal" else "workstreams"

    checked = run_cli("check", f"{folder}/{slug}.rst", cwd=spec_repo)

    assert checked.exit_code == 0, checked.stdout


def test_an_explicit_slug_names_the_file(spec_repo, run_cli):
    result = run_cli("new", "proposal", "Distributed Lock Managers", "--slug", "dlm", "--champion", "x",
                     "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert (spec_repo / "specs" / "dlm.rst").is_file()


@pytest.mark.parametrize("slug", ["DLM", "dlm_x", "-dlm", "dlm--x", "dlm.rst", "../dlm", "dlm-"])
def test_a_bad_slug_is_refused(spec_repo, run_cli, slug):
    before = head_and_status(spec_repo)
    result = run_cli("new", "proposal", "Anything", "--slug", slug, "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: bad slug {slug!r}: use lower-case letters, digits and single hyphens\n"
    )
    assert head_and_status(spec_repo) == before


@pytest.mark.parametrize("folder, kind", [("specs", "proposal"), ("workstreams", "workstream")])
def test_an_existing_spec_in_either_folder_is_never_overwritten(spec_repo, run_cli, folder, kind):
    first = run_cli("new", kind, "Nova Compute API", "--champion", "a", "--repo", str(spec_repo))
    assert first.exit_code == 0, first.stderr
    written = (spec_repo / folder / "nova-compute-api.rst").read_bytes()
    before = head_and_status(spec_repo)

    # The other kind would live in the other folder: still the same slug, still refused.
    for again in ("proposal", "workstream"):
        result = run_cli("new", again, "Nova Compute API", "--champion", "b", "--repo", str(spec_repo))
        assert result.exit_code == 2
        assert result.stderr == (
            f"archwg: error: {folder}/nova-compute-api.rst already exists: choose another --slug\n"
        )
    assert (spec_repo / folder / "nova-compute-api.rst").read_bytes() == written
    assert head_and_status(spec_repo) == before


def test_no_commit_writes_the_file_and_leaves_it_untracked(spec_repo, run_cli):
    head = git.Repo(spec_repo).head.commit.hexsha
    result = run_cli("new", "proposal", "Messaging Patterns", "--champion", "x", "--no-commit",
                     "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote specs/messaging-patterns.rst (not committed)\n"
    assert git.Repo(spec_repo).head.commit.hexsha == head
    assert git.Repo(spec_repo).untracked_files == ["specs/messaging-patterns.rst"]
    assert stat.S_IMODE((spec_repo / "specs" / "messaging-patterns.rst").stat().st_mode) == 0o644


def test_outside_git_only_no_commit_works(tmp_path, run_cli):
    root = tmp_path / "wg"
    shutil.copytree(PROJECT_TEMPLATES, root / "templates")
    for folder in ("specs", "workstreams"):
        (root / folder).mkdir()

    refused = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(root))
    assert refused.exit_code == 2
    assert refused.stderr == f"archwg: error: {root}: not a git repository\n"
    assert list((root / "specs").iterdir()) == []

    written = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--no-commit", "--repo", str(root))
    assert written.exit_code == 0, written.stderr
    assert read_spec(root / "specs" / "nova-compute-api.rst").champions == ("x",)

    # Without git there is no user.name to fall back on.
    no_champion = run_cli("new", "proposal", "Other", "--no-commit", "--repo", str(root))
    assert no_champion.exit_code == 2
    assert no_champion.stderr == "archwg: error: no champion: pass --champion NICK (git has no user.name to use)\n"


def test_a_failing_commit_removes_the_new_file(spec_repo, run_cli):
    hook = spec_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'specs are frozen today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = head_and_status(spec_repo)

    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 1  # the input was fine: the operation failed
    assert result.stderr == "archwg: error: git commit failed, nothing was changed: specs are frozen today\n"
    assert not (spec_repo / "specs" / "nova-compute-api.rst").exists()
    assert head_and_status(spec_repo) == before


def test_a_commit_refused_by_a_hook_says_every_line_the_hook_wrote_in_one_line(spec_repo):
    import git
    import pytest

    from archwg.errors import OperationFailed
    from archwg.specs.repo import commit

    hook = spec_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'specs are frozen today' >&2\necho >&2\necho 'ask the chair to thaw them' >&2\n"
                    "exit 1\n")
    hook.chmod(0o755)
    repository = git.Repo(spec_repo)
    (spec_repo / "specs" / "new.rst").write_text("New\n===\n")
    repository.index.add(["specs/new.rst"])
    head = repository.head.commit.hexsha

    with pytest.raises(OperationFailed) as refused:
        commit(repository, "Propose New")

    assert str(refused.value) == (
        "git commit failed, nothing was changed: specs are frozen today; ask the chair to thaw them")
    assert repository.head.commit.hexsha == head


def test_new_refuses_a_dirty_work_tree(spec_repo, run_cli):
    (spec_repo / "templates" / "proposal.rst.j2").write_text("edited\n")
    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: the work tree has uncommitted changes (templates/proposal.rst.j2): "
        "commit or stash them first\n"
    )
    assert not (spec_repo / "specs" / "nova-compute-api.rst").exists()


@pytest.mark.parametrize("home_config", [True, False], ids=["home has a .gitconfig", "empty home"])
def test_identity_is_resolved_as_git_resolves_it(spec_repo, run_cli, tmp_path, monkeypatch, home_config):
    """Defect 3: with GIT_CONFIG_GLOBAL=/dev/null git ignores ~/.gitconfig; archwg read it and failed at commit."""
    home = tmp_path / "home"
    home.mkdir()
    if home_config:
        (home / ".gitconfig").write_text("[user]\n\tname = Home Chair\n\temail = home@example.org\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    before = head_and_status(spec_repo)

    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: no git identity: set user.name and user.email (git config --global user.name ...)\n"
    )
    assert head_and_status(spec_repo) == before
    git.Repo(spec_repo).git.config("user.name", "Local Chair")  # the repository's own level counts
    git.Repo(spec_repo).git.config("user.email", "local@example.org")
    assert run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(spec_repo)).exit_code == 0
    assert git.Repo(spec_repo).head.commit.author.email == "local@example.org"


def test_an_identity_git_accepts_is_accepted(spec_repo, run_cli, isolated_git, monkeypatch):
    """With EMAIL set and no user.name, git commits as the passwd entry's name; archwg refused."""
    import subprocess

    isolated_git.write_text("")
    monkeypatch.setenv("EMAIL", "chair@example.org")
    gits = subprocess.run(["git", "var", "GIT_AUTHOR_IDENT"], cwd=spec_repo, capture_output=True, text=True)
    assert gits.returncode == 0, gits.stderr  # git itself takes this identity
    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(spec_repo))
    assert result.exit_code == 0, result.output
    author = git.Repo(spec_repo).head.commit.author
    assert (f"{author.name} <{author.email}>") == gits.stdout.rsplit(" ", 2)[0]
    assert author.email == "chair@example.org"


def test_new_dry_run_shows_the_spec_and_changes_nothing(spec_repo, run_cli):
    """Defect 5: README promised --dry-run on every committing command; new had none."""
    (spec_repo / "specs" / "stray.rst").write_text("stray\n")
    before = head_and_status(spec_repo)
    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--dry-run", "--repo", str(spec_repo))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == ["dry run, nothing changed; would:", "  write specs/nova-compute-api.rst:", "    ================"]
    assert "    :Champion: x" in lines
    assert lines[-1] == "  commit: Propose Nova Compute API"
    assert "dry run on a dirty work tree" in result.stderr
    assert head_and_status(spec_repo) == before
    assert not (spec_repo / "specs" / "nova-compute-api.rst").exists()


def test_without_a_git_identity_nothing_is_written(spec_repo, run_cli, isolated_git):
    isolated_git.write_text("")
    before = head_and_status(spec_repo)

    result = run_cli("new", "proposal", "Nova Compute API", "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: no git identity: set user.name and user.email (git config --global user.name ...)\n"
    )
    assert head_and_status(spec_repo) == before


@pytest.mark.parametrize(
    "title, message",
    [
        ("", "the title is empty"),
        (" Padded", "the title ' Padded' must be one line with no leading or trailing spaces"),
        ("Two\nlines", "the title 'Two\\nlines' must be one line with no leading or trailing spaces"),
        ("x" * 80, "the title is 80 columns wide; the limit is 79"),
        ("DLM *across* projects", "the title 'DLM *across* projects' would read back as 'DLM across projects': "
                                  "avoid reST markup in titles"),
        ("!!!", "cannot make a slug from the title '!!!': pass --slug"),
    ],
)
def test_titles_that_would_not_make_a_clean_spec_are_refused(spec_repo, run_cli, title, message):
    result = run_cli("new", "proposal", title, "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {message}\n"
    assert sorted(path.name for path in (spec_repo / "specs").iterdir()) == [".gitkeep"]


def test_a_long_champion_list_that_would_break_the_line_limit_is_refused(spec_repo):
    champions = tuple(f"champion{number}" for number in range(8))
    with pytest.raises(UsageError, match=r"line \d+ of the new spec would be \d+ columns long \(limit 79\)"):
        new_spec_text(spec_repo, "proposal", title="Short", champions=champions, created=date(2017, 3, 9))


def test_a_champion_with_a_comma_is_refused(spec_repo, run_cli):
    result = run_cli("new", "proposal", "Short", "--champion", "a, b", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == "archwg: error: bad champion 'a, b': give one IRC nick per --champion\n"


@pytest.mark.parametrize("kind", ["proposal", "workstream"])
def test_every_rendered_line_is_clean_for_the_lint(spec_repo, kind):
    text = new_spec_text(spec_repo, kind, title="Nova Compute API", champions=("rockyg",), created=date(2017, 3, 9))

    assert text.endswith("\n") and not text.endswith("\n\n")
    for line in text.splitlines():
        assert line == line.rstrip()
        assert len(line) < 80
    assert ":Created: 2017-03-09\n" in text


def test_a_broken_template_gives_its_path_and_line(spec_repo, run_cli):
    (spec_repo / "templates" / "proposal.rst.j2").write_text("{{ title }}\n{% if %}\n")
    git.Repo(spec_repo).git.commit("-qam", "Break the template")

    result = run_cli("new", "proposal", "Anything", "--champion", "x", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr.startswith("archwg: error: templates/proposal.rst.j2:2: cannot render the template: ")
    assert result.stderr.count("\n") == 1
    assert git.Repo(spec_repo).git.status("--porcelain", "--untracked-files=all") == ""
