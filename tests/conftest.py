"""Fixtures shared by every test: an isolated git identity and real spec repositories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# A busy 2-core CI machine makes hypothesis' per-example deadline a source of
# flaky failures that say nothing about archwg; speed is the benchmarks' job.
# CI runs the same examples every time (a red build must be reproducible);
# developers' runs stay random and keep finding new cases.
settings.register_profile("archwg", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("archwg")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test has its own meetings cache folder: tests never write to ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ARCHWG_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory, monkeypatch):
    """Every test sees its own global git config with an identity, never the user's."""
    home = tmp_path_factory.mktemp("home")
    config = home / ".gitconfig"
    config.write_text("[user]\n\tname = Test Chair\n\temail = chair@example.org\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    return config


@pytest.fixture
def outside(tmp_path):
    """A working directory that is no spec repository: no description file is found."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


@pytest.fixture
def spec_repo(tmp_path):
    """A real git repository holding the project's templates and empty spec folders, committed."""
    import git

    root = tmp_path / "wg"
    root.mkdir()
    shutil.copytree(PROJECT_ROOT / "archwg" / "templates", root / "templates")
    for folder in ("specs", "workstreams"):
        (root / folder).mkdir()
        (root / folder / ".gitkeep").write_text("")
    repo = git.Repo.init(root)
    repo.index.add(["templates", "specs/.gitkeep", "workstreams/.gitkeep"])
    repo.index.commit("Start the spec repository")
    return root


@pytest.fixture
def run_cli(monkeypatch):
    """Run ``archwg`` in-process with click's runner, from a given working directory."""
    from click.testing import CliRunner

    from archwg.cli import cli

    def run(*args: str, cwd: Path | None = None, input: str | None = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False, prog_name="archwg")

    return run
