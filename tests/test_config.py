"""archwg.toml: one Config built from the spec repository, its meeting descriptions and the overrides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import archwg.config as config_module
from archwg.config import Config, GroupConfig, load_config, open_config
from archwg.errors import BadInput
from archwg.meetings.series import default_meeting_id, description_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "wg"
    for folder in ("specs", "workstreams", "meetings"):
        (root / folder).mkdir(parents=True)
    return root


def test_a_missing_archwg_toml_means_the_defaults(repo):
    config = load_config(repo)

    assert config.root == repo
    assert config.group == GroupConfig()
    assert config.table("gerrit") == {}
    assert config.gerrit is None and config.bot is None


def test_this_repository_names_its_group_and_its_meeting():
    config = load_config(PROJECT_ROOT)

    assert config.group == GroupConfig(name="Architecture Working Group", meeting="arch_wg")
    assert config.meeting_files == (("arch_wg", PROJECT_ROOT / "meetings" / "arch_wg.yaml"),)
    assert default_meeting_id(config) == "arch_wg"


def test_tables_archwg_does_not_parse_here_are_kept_as_read_for_their_owners(repo):
    (repo / "archwg.toml").write_text('[site]\ntitle = "Arch WG"\nnav = ["specs", "meetings"]\n')

    config = load_config(repo)

    assert config.table("site") == {"title": "Arch WG", "nav": ["specs", "meetings"]}
    config.table("site")["title"] = "changed"  # a copy: the Config stays as built
    assert config.table("site")["title"] == "Arch WG"


def test_the_group_meeting_picks_the_series_among_several(repo):
    shutil.copy(PROJECT_ROOT / "meetings" / "arch_wg.yaml", repo / "meetings" / "arch_wg.yaml")
    (repo / "meetings" / "api_wg.yaml").write_text(
        (repo / "meetings" / "arch_wg.yaml").read_text().replace("meeting_id: arch_wg", "meeting_id: api_wg"))
    (repo / "archwg.toml").write_text('[group]\nmeeting = "api_wg"\n')

    config = load_config(repo)

    assert default_meeting_id(config) == "api_wg"
    assert description_for(config, "API_WG").meeting_id == "api_wg"  # MeetBot lower-cases names


def test_meeting_file_overrides_the_repository_description(repo, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text((PROJECT_ROOT / "meetings" / "arch_wg.yaml").read_text().replace("arch_wg", "nova"))

    config = load_config(repo, meeting_file=other)

    assert description_for(config, "arch_wg").meeting_id == "nova"


def test_outside_a_repository_the_config_has_no_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert open_config(None, required=False) == Config(root=None)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[group]\nname = 3\n', "archwg.toml: group.name: must be a string, got 3"),
        ('[group]\nnmae = "x"\n', "archwg.toml: group.nmae: unknown key (known: meeting, name)"),
        ('group = "x"\n', "archwg.toml: group: must be a table ([group])"),
        ('[group]\nmeeting = ""\n', "archwg.toml: group.meeting: must be a meeting id such as 'arch_wg', got ''"),
        ('gerrit = 1\n', "archwg.toml: gerrit: must be a table ([gerrit])"),
        ('[group\n', "archwg.toml: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 7)"),
    ],
)
def test_a_bad_archwg_toml_is_one_line_naming_the_key(repo, text, message):
    (repo / "archwg.toml").write_text(text)

    with pytest.raises(BadInput) as raised:
        load_config(repo)

    assert str(raised.value) == message


def test_a_bad_archwg_toml_stops_a_command_with_exit_2(repo, run_cli):
    (repo / "archwg.toml").write_text('[group]\nname = ["a"]\n')

    result = run_cli("list", "--repo", str(repo))

    assert result.exit_code == 2
    assert result.stderr == "archwg: error: archwg.toml: group.name: must be a string, got ['a']\n"


def test_typed_tables_are_parsed_by_their_owner_with_from_table(repo, tmp_path, monkeypatch):
    """[gerrit] and [bot] go to archwg.gerrit.config / archwg.bot.config; here a stand-in owner shows the protocol."""
    package = tmp_path / "owner"
    package.mkdir()
    (package / "fake_owner_config.py").write_text(
        "from dataclasses import dataclass\n"
        "from archwg.errors import BadInput\n"
        "@dataclass(frozen=True)\n"
        "class OwnerConfig:\n"
        "    url: str\n"
        "    @classmethod\n"
        "    def from_table(cls, table, source):\n"
        "        if not isinstance(table.get('url'), str):\n"
        "            raise BadInput(f'{source}: gerrit.url: must be a string')\n"
        "        return cls(table['url'])\n"
    )
    monkeypatch.syspath_prepend(str(package))
    monkeypatch.setitem(config_module.TYPED_TABLES, "gerrit",
                        ("fake_owner_config", "OwnerConfig"))
    (repo / "archwg.toml").write_text('[gerrit]\nurl = "http://127.0.0.1:8080"\n')

    assert load_config(repo).gerrit.url == "http://127.0.0.1:8080"

    (repo / "archwg.toml").write_text("[gerrit]\nurl = 8080\n")
    with pytest.raises(BadInput, match=r"^archwg.toml: gerrit.url: must be a string$"):
        load_config(repo)


def test_a_typed_table_whose_owner_is_not_installed_is_kept_as_read(repo, monkeypatch):
    monkeypatch.setitem(config_module.TYPED_TABLES, "gerrit",
                        ("archwg_no_such_package.config", "GerritConfig"))
    (repo / "archwg.toml").write_text('[gerrit]\nurl = "http://127.0.0.1:8080"\n')

    config = load_config(repo)

    assert config.gerrit is None
    assert config.table("gerrit") == {"url": "http://127.0.0.1:8080"}

