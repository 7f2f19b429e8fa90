"""The one configuration every front end gets: the spec repository, its archwg.toml, its meetings, overrides.

``load_config`` builds a frozen ``Config`` once; the CLI hands it to every
command (and the site, the Sphinx extension and the bot build it the same
way). ``archwg.toml`` at the repository root is optional: missing means
defaults. Each table is parsed by the part of archwg that owns it:
``[group]`` here, ``[gerrit]`` and ``[bot]`` by ``archwg.gerrit.config`` and
``archwg.bot.config`` (``GerritConfig.from_table(table, source)``); any
other table is kept as read for ``Config.table``.
"""

from __future__ import annotations

import copy
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archwg.errors import BadInput, NotARepository

SPEC_FOLDERS = ("specs", "workstreams")
CONFIG_FILE = "archwg.toml"

# Tables other parts of archwg parse: name -> (module, class with from_table(table, source)).
TYPED_TABLES = {
    "gerrit": ("archwg.gerrit.config", "GerritConfig"),
    "bot": ("archwg.bot.config", "BotConfig"),
}


# --- Finding the spec repository, the way git finds its work tree -----------------------


def is_spec_repository(path: Path) -> bool:
    return all((path / name).is_dir() for name in SPEC_FOLDERS)


def find_repository(start: Path | str | None = None) -> Path:
    """Walk up from *start* (default: the working directory) to the spec repository.

    An explicit ``--repo`` must itself be a spec repository: walking up from
    it would silently pick some other repository the user did not name.
    """
    if start is not None:
        path = Path(start).resolve()
        if not path.is_dir():
            raise NotARepository(f"{start}: no such directory")
        if is_spec_repository(path):
            return path
        raise NotARepository(f"{start}: not a spec repository (no specs/ and workstreams/ folders)")
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if is_spec_repository(candidate):
            return candidate
    raise NotARepository(
        f"{here}: not inside a spec repository (no specs/ and workstreams/ folders here or above); use --repo"
    )


def find_repository_or_none(start: Path | str | None = None) -> Path | None:
    """Like find_repository, for commands that also work on plain files anywhere."""
    try:
        return find_repository(start)
    except NotARepository:
        if start is not None:
            raise
        return None


# --- The configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupConfig:
    """``[group]``: who the group is."""

    name: str = ""  # "Architecture Working Group"
    meeting: str | None = None  # the meeting series commands read when the repository describes several


@dataclass(frozen=True)
class Config:
    root: Path | None  # the spec repository; None outside one (meeting commands work on plain files)
    group: GroupConfig = GroupConfig()
    # The meeting descriptions: meeting id -> file, meetings/<id>.yaml of the repository, sorted by id.
    meeting_files: tuple[tuple[str, Path], ...] = ()
    meeting_file: Path | None = None  # --meeting-file: the description to use whatever the meeting
    gerrit: Any = None  # archwg.gerrit.config.GerritConfig when archwg.toml has [gerrit]
    bot: Any = None  # archwg.bot.config.BotConfig when archwg.toml has [bot]
    # Every top-level table of archwg.toml as read, for the front ends that read their own.
    tables: tuple[tuple[str, Any], ...] = field(default=(), repr=False, hash=False)

    def table(self, name: str) -> dict:
        """The table *name* of archwg.toml as read (a copy: the Config stays as built); {} when absent."""
        for key, value in self.tables:
            if key == name:
                return copy.deepcopy(value) if isinstance(value, dict) else {}
        return {}

    def description_file(self, meeting_id: str) -> Path | None:
        """The repository's description of *meeting_id* (case-insensitive, as MeetBot names meetings)."""
        wanted = meeting_id.lower()
        return next((path for known, path in self.meeting_files if known.lower() == wanted), None)


def load_config(root: Path | None, *, meeting_file: Path | str | None = None) -> Config:
    """The configuration of the spec repository *root* (None: outside one) with the command line's overrides.

    A bad archwg.toml is a one-line ``BadInput`` naming the key and the reason.
    """
    meeting_override = Path(meeting_file) if meeting_file is not None else None
    if root is None:
        return Config(root=None, meeting_file=meeting_override)
    tables = _read_toml(root / CONFIG_FILE)
    typed = {name: _typed_table(name, tables[name]) for name in TYPED_TABLES if name in tables}
    return Config(
        root=root,
        group=_group(tables.get("group", {})),
        meeting_files=_meeting_files(root),
        meeting_file=meeting_override,
        tables=tuple(sorted(tables.items())),
        **typed,
    )


def open_config(repo: Path | str | None, *, required: bool = True, meeting_file: Path | str | None = None) -> Config:
    """``load_config`` for the repository *repo* names, else the one around the working directory.

    *required*: refuse to run outside a spec repository; otherwise the Config has no root.
    """
    root = find_repository(repo) if required else find_repository_or_none(repo)
    return load_config(root, meeting_file=meeting_file)


def _read_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the project's 3.10 floor
        import tomli as tomllib

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise BadInput(f"{CONFIG_FILE}: is a directory, not a TOML file") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadInput(f"{CONFIG_FILE}: not UTF-8 text (byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise BadInput(f"{CONFIG_FILE}: not valid TOML: {error}") from None


def _group(table: Any) -> GroupConfig:
    if not isinstance(table, dict):
        raise BadInput(f"{CONFIG_FILE}: group: must be a table ([group])")
    known = {"name", "meeting"}
    for key in table:
        if key not in known:
            raise BadInput(f"{CONFIG_FILE}: group.{key}: unknown key (known: {', '.join(sorted(known))})")
    name = table.get("name", "")
    if not isinstance(name, str):
        raise BadInput(f"{CONFIG_FILE}: group.name: must be a string, got {name!r}")
    meeting = table.get("meeting")
    if meeting is not None and (not isinstance(meeting, str) or not meeting.strip()):
        raise BadInput(f"{CONFIG_FILE}: group.meeting: must be a meeting id such as 'arch_wg', got {meeting!r}")
    return GroupConfig(name=name.strip(), meeting=meeting.strip() if meeting else None)


def _typed_table(name: str, table: Any) -> Any:
    """The owner's parse of table *name*; None while that part of archwg is not installed."""
    if not isinstance(table, dict):
        raise BadInput(f"{CONFIG_FILE}: {name}: must be a table ([{name}])")
    module_name, class_name = TYPED_TABLES[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None
        raise
    return getattr(module, class_name).from_table(table, CONFIG_FILE)


def _meeting_files(root: Path) -> tuple[tuple[str, Path], ...]:
    return tuple(sorted((path.stem, path) for path in (root / "meetings").glob("*.yaml") if path.is_file()))
