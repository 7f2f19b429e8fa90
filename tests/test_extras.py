"""Optional parts: the core runs without Sphinx and irc; a command that needs one says which extra in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archwg.errors import MissingExtra
from archwg.extras import require_extra

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def uninstall(monkeypatch, package: str) -> None:
    """Make *package* and every submodule already imported unimportable, as if it were not installed."""
    for name in [name for name in sys.modules if name == package or name.startswith(package + ".")] + [package]:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.parametrize("module, extra", [("irc.client", "bot"), ("sphinx.application", "docs")])
def test_a_missing_module_names_the_extra_that_brings_it(monkeypatch, module, extra):
    uninstall(monkeypatch, module.split(".")[0])

    with pytest.raises(MissingExtra) as raised:
        require_extra(module, extra)

    assert str(raised.value) == f"this command needs archwg[{extra}]: pip install -e '.[{extra}]' in archwg's checkout"
    assert raised.value.exit_code == 1


def test_an_installed_module_is_returned():
    assert require_extra("json", "docs").__name__ == "json"


def test_a_command_that_needs_a_missing_extra_says_so_in_one_line(run_cli, tmp_path, monkeypatch):
    import archwg.cli

    (tmp_path / "needs_irc.py").write_text(
        "import click\n"
        "from archwg.extras import require_extra\n"
        "@click.command('bot')\n"
        "def bot():\n"
        "    require_extra('irc.client', 'bot')\n"
        "    click.echo('connected')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(archwg.cli.COMMANDS, "bot", ("needs_irc:bot", "A command that needs irc."))
    uninstall(monkeypatch, "irc")

    result = run_cli("bot")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "archwg: error: this command needs archwg[bot]: pip install -e '.[bot]' in archwg's checkout\n"


def test_the_bot_without_irc_names_the_extra(spec_repo, run_cli, monkeypatch):
    uninstall(monkeypatch, "irc")

    result = run_cli("bot", "--repo", str(spec_repo))

    assert result.exit_code == 1
    assert result.stderr == "archwg: error: this command needs archwg[bot]: pip install -e '.[bot]' in archwg's checkout\n"


def test_check_runs_without_sphinx_or_irc(spec_repo, run_cli, monkeypatch):
    created = run_cli("new", "proposal", "Nova Compute API", "--champion", "rockyg", "--repo", str(spec_repo))
    assert created.exit_code == 0, created.stderr
    for package in ("sphinx", "irc"):
        uninstall(monkeypatch, package)

    result = run_cli("check", str(spec_repo / "specs" / "nova-compute-api.rst"), "--repo", str(spec_repo))

    assert result.exit_code == 0, result.output
    assert result.stderr == "checked 1 spec: no problems\n"


def test_sphinx_and_irc_are_extras_not_dependencies():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    names = [requirement.split(">")[0].split(";")[0].strip().lower() for requirement in project["dependencies"]]

    assert "sphinx" not in names and "irc" not in names
    extras = project["optional-dependencies"]
    assert extras["docs"] == ["sphinx>=7.0"]
    assert extras["bot"] == ["irc>=20.3"]  # the first with connect(sasl_login=)
    assert extras["all"] == ["archwg[docs,bot]"]
    assert "test" in extras
