"""``archwg init``: a new spec repository, or archwg added to an existing git repository, in one commit.

``plan_files`` is pure: every file the repository starts with, from the
templates in this folder and the packaged spec templates. ``init_repository``
checks every path first (nothing is written when one exists), writes the
files, and commits them with GitPython; when any step fails, it removes
everything it created.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from archwg.errors import SpecExists, UsageError

HERE = Path(__file__).resolve().parent
DEFAULT_NAME = "Architecture Working Group"
DEFAULT_MEETING_ID = "arch_wg"
MEETING_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
IGNORED = ".archwg/"  # archwg's own state: the Gerrit snapshot, the bot's ping list


@dataclass(frozen=True)
class Settings:
    name: str = DEFAULT_NAME
    meeting_id: str = DEFAULT_MEETING_ID
    gerrit_url: str | None = None
    gerrit_project: str | None = None


@dataclass(frozen=True)
class PlannedFile:
    path: str  # relative to the repository, POSIX
    text: str = ""
    link: str | None = None  # a symlink to this target instead of a file


@dataclass(frozen=True)
class InitResult:
    root: Path
    files: tuple[str, ...]  # what was created, relative to root
    message: str  # the commit message
    created_git: bool  # True: there was no git repository, init made one
    git_root: Path  # the work tree of the repository that holds the commit
    next_commands: tuple[str, ...]


def check_settings(settings: Settings) -> None:
    if not settings.name.strip() or "\n" in settings.name:
        raise UsageError("--name must be one line of text")
    if not MEETING_ID_RE.match(settings.meeting_id):
        raise UsageError(f"--meeting-id {settings.meeting_id!r}: use letters, digits, _ . - (MeetBot's meeting name)")
    if (settings.gerrit_url is None) != (settings.gerrit_project is None):
        raise UsageError("--gerrit-url and --gerrit-project go together")
    if settings.gerrit_url is not None:
        from archwg.gerrit.config import GerritConfig

        GerritConfig.from_table({"url": settings.gerrit_url, "project": settings.gerrit_project}, "--gerrit-url")


def plan_files(settings: Settings, today: date) -> tuple[PlannedFile, ...]:
    """Every file a new spec repository starts with (pure)."""
    import jinja2

    from archwg.specs.model import display_width
    from archwg.specs.render import PACKAGED_TEMPLATES

    check_settings(settings)
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)

    def render(template: str, **values) -> str:
        return environment.from_string((HERE / template).read_text(encoding="utf-8")).render(**values)

    name, meeting_id = settings.name.strip(), settings.meeting_id
    files = [
        PlannedFile("specs/.gitkeep"),
        PlannedFile("workstreams/.gitkeep"),
        *(PlannedFile(f"templates/{path.name}", path.read_text(encoding="utf-8"))
          for path in sorted(PACKAGED_TEMPLATES.glob("*.rst.j2"))),
        PlannedFile(f"meetings/{meeting_id}.yaml", render(
            "meeting.yaml.j2", name=name, meeting_id=meeting_id, channel="openstack-meeting", chair="chair",
            start_date=today.strftime("%Y%m%d"))),
        PlannedFile(f"meetings/logs/{meeting_id}/.gitkeep"),
        PlannedFile("archwg.toml", archwg_toml(settings)),
        PlannedFile("doc/source/conf.py", render("conf.py.j2", name=name, name_literal=repr(name))),
        PlannedFile("doc/source/index.rst", render("index.rst.j2", name=rst_text(name),
                                                   rule="=" * display_width(rst_text(name)))),
        PlannedFile("doc/source/about/lifecycle.rst", (HERE / "lifecycle.rst").read_text(encoding="utf-8")),
        PlannedFile("doc/source/specs", link="../../specs"),
        PlannedFile("doc/source/workstreams", link="../../workstreams"),
        PlannedFile(".pre-commit-config.yaml", (HERE / "pre-commit-config.yaml").read_text(encoding="utf-8")),
        PlannedFile(".gitignore", f"{IGNORED}\ndoc/build/\n"),
    ]
    return tuple(files)


def archwg_toml(settings: Settings) -> str:
    lines = [
        "# archwg's settings for this repository (see archwg's README, Configuration).",
        "[group]",
        f"name = {_toml_string(settings.name.strip())}",
        f"meeting = {_toml_string(settings.meeting_id)}",
    ]
    if settings.gerrit_url is not None:
        lines += ["", "[gerrit]", f"url = {_toml_string(settings.gerrit_url)}",
                  f"project = {_toml_string(settings.gerrit_project or '')}"]
    return "\n".join(lines) + "\n"


def rst_text(text: str) -> str:
    """*text* as reST shows it as written: every ASCII punctuation mark backslash-escaped, so that a
    name such as "Ops |sub|" is no substitution reference (and "- Ops" no list) and -W builds."""
    import re

    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def next_commands(root: Path, cwd: Path) -> tuple[str, ...]:
    import shlex

    repo = "" if root.resolve() == cwd.resolve() else f" --repo {shlex.quote(str(root))}"
    source = (root / "doc" / "source") if repo else Path("doc/source")
    build = (root / "doc" / "build" / "html") if repo else Path("doc/build/html")
    return (
        f'archwg{repo} new proposal "Our first proposal" --champion YOUR_IRC_NICK',
        f"archwg{repo} check",
        f"sphinx-build -W -b html {shlex.quote(str(source))} {shlex.quote(str(build))}",
    )


def init_repository(root: Path, settings: Settings, today: date, cwd: Path) -> InitResult:
    """Make the spec repository at *root* (created if missing; a git repository made if none holds it)."""
    import git

    from archwg.specs import repo as git_ops

    planned = plan_files(settings, today)
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    gitignore = root / ".gitignore"
    existing = [f"{folder}/" for folder in ("specs", "workstreams", "templates") if os.path.lexists(root / folder)]
    existing += [item.path for item in planned if item.path != ".gitignore" and os.path.lexists(root / item.path)
                 and Path(item.path).parts[0] not in ("specs", "workstreams", "templates")]
    if existing:
        shown = ", ".join(existing[:4]) + (f" and {len(existing) - 4} more" if len(existing) > 4 else "")
        raise SpecExists(f"{root}: already has {shown}: archwg init overwrites nothing")

    # From the nearest folder that exists: a missing PATH inside a repository goes into that
    # repository, as an existing empty one does, not into a new one nested in it.
    nearest = next(folder for folder in (root.absolute(), *root.absolute().parents) if folder.exists())
    try:
        git_repo = git.Repo(nearest, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        git_repo = None
    if git_repo is not None:
        git_ops.require_identity(git_repo)
        git_ops.require_clean(git_repo, root)

    created: list[Path] = []  # files and folders made, in order, for the undo
    created_git = False
    written: list[str] = []
    old_gitignore = gitignore.read_text(encoding="utf-8") if gitignore.is_file() else None
    try:
        _make_folder(root, created)
        if git_repo is None:
            git_repo = git.Repo.init(root)
            created_git = True
            created.append(root / ".git")
            git_ops.require_identity(git_repo)
        for item in planned:
            path = root / item.path
            _make_folder(path.parent, created)
            if item.path == ".gitignore" and old_gitignore is not None:
                # The one file init adds to rather than refusing: a repository's own ignore rules stay.
                if IGNORED in old_gitignore.split():
                    continue
                from archwg.fileutil import atomic_write

                separator = "" if old_gitignore.endswith("\n") or not old_gitignore else "\n"
                atomic_write(gitignore, old_gitignore + separator + item.text)
                written.append(item.path)
                continue
            if item.link is not None:
                os.symlink(item.link, path)
            else:
                from archwg.fileutil import atomic_write

                atomic_write(path, item.text)
            created.append(path)
            written.append(item.path)
        message = f"Start the {settings.name.strip()} spec repository"
        work_tree = Path(git_repo.working_tree_dir).resolve()
        relative = [(root.resolve() / path).relative_to(work_tree).as_posix() for path in written]
        git_repo.git.add("--", *relative)
        git_ops.commit(git_repo, message, tuple(relative))
    except BaseException:
        # Absolute: PATH may be a folder inside the repository, and git resolves paths from its top.
        _undo(created, git_repo if not created_git else None, [str(root.absolute() / path) for path in written])
        if old_gitignore is not None:
            from archwg.fileutil import atomic_write

            atomic_write(gitignore, old_gitignore)
        raise
    return InitResult(root, tuple(written), message, created_git, work_tree, next_commands(root, cwd))


def _make_folder(folder: Path, created: list[Path]) -> None:
    missing = [folder, *folder.parents]
    missing = [path for path in missing if not path.exists()]
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _undo(created: list[Path], git_repo, written: list[str]) -> None:
    """Remove what init made, newest first; leave an existing repository's index as it was."""
    import shutil

    import git

    if git_repo is not None and written:
        try:
            git_repo.git.reset("--quiet", "--", *written)
        except git.GitCommandError:  # nothing staged yet, or a repository without a commit
            pass
    for path in reversed(created):
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        elif path.name == ".git":
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_dir():
            try:
                path.rmdir()
            except OSError:
                pass
