"""Options shared by the commands that read meeting logs (carry-actions, actions, minutes, agenda).

They work on plain files anywhere; inside a spec repository they also find
the meeting's description file (aliases, ping list) and default to the
group's own logs under ``meetings/logs/<meeting_id>/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import click

from archwg.commands.common import repo_option, repository_or_none
from archwg.errors import UsageError

INPUT_FORMATS = ("auto", "log-txt", "log-html", "minutes-txt", "minutes-html", "run-together", "irssi", "weechat")


def meeting_log_options(command: Callable) -> Callable:
    """LOG... plus --meeting, --meeting-file, --input-format, --date and --repo."""
    decorators = [
        click.argument("logs", nargs=-1, metavar="[LOG]..."),
        click.option("--meeting", "meeting_id", default=None, metavar="ID",
                     help="The meeting series to read (default: the series of the newest log)."),
        click.option("--meeting-file", type=click.Path(dir_okay=False), default=None,
                     help="The meeting description file (default: meetings/<ID>.yaml of the repository)."),
        click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
                     help="Force the log format instead of detecting it."),
        click.option("--date", "log_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="The meeting date, for logs that carry none."),
        repo_option,
        click.option("--no-cache", is_flag=True, expose_value=False, callback=_remember_no_cache,
                     help="Neither read nor write the cache of logs read before (see README)."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _remember_no_cache(ctx: click.Context, _param, value: bool) -> None:
    # Kept out of the commands' signatures: resolve_inputs hands it on in MeetingInputs.
    if value:
        ctx.meta["archwg.no_cache"] = True


@dataclass(frozen=True)
class MeetingInputs:
    sources: tuple[str, ...]  # files, folders or "-" for standard input
    meeting_id: str | None
    input_format: str | None  # None: detect
    log_date: date | None
    repo: Path | None
    meeting_file: Path | None
    use_cache: bool = True  # False with --no-cache


def resolve_inputs(
    ctx: click.Context,
    logs: tuple[str, ...],
    meeting_id: str | None,
    meeting_file: str | None,
    input_format: str,
    log_date,
    repo: str | None,
) -> MeetingInputs:
    root = repository_or_none(ctx, repo)
    sources = tuple(logs)
    if not sources:
        sources = (str(default_log_folder(root, meeting_id)),)
    return MeetingInputs(
        sources=sources,
        meeting_id=meeting_id,
        input_format=None if input_format == "auto" else input_format,
        log_date=log_date.date() if log_date else None,
        repo=root,
        meeting_file=Path(meeting_file) if meeting_file else None,
        use_cache=not ctx.meta.get("archwg.no_cache", False),
    )


def default_meeting_id(root: Path) -> str:
    """The repository's one meeting series, when it describes exactly one."""
    described = sorted(path.stem for path in (root / "meetings").glob("*.yaml"))
    if len(described) == 1:
        return described[0]
    logged = sorted(path.name for path in (root / "meetings" / "logs").glob("*") if path.is_dir())
    if len(logged) == 1:
        return logged[0]
    found = ", ".join(described or logged) or "none"
    raise UsageError(f"name the meeting with --meeting ID (meeting series in {root / 'meetings'}: {found})")


def default_log_folder(root: Path | None, meeting_id: str | None) -> Path:
    if root is None:
        raise UsageError("no LOG given and not inside a spec repository: name the log files to read")
    meeting_id = meeting_id or default_meeting_id(root)
    folder = root / "meetings" / "logs" / meeting_id
    if not folder.is_dir():
        raise UsageError(f"no logs for meeting {meeting_id!r}: {folder} does not exist")
    return folder


def description_for(inputs: MeetingInputs, meeting_id: str | None):
    """The description of *meeting_id*: --meeting-file, else the repository's meetings/<id>.yaml."""
    from archwg.meetings.description import load_description

    if inputs.meeting_file is not None:
        return load_description(inputs.meeting_file)
    if inputs.repo is not None and meeting_id:
        path = inputs.repo / "meetings" / f"{meeting_id}.yaml"
        if path.is_file():
            return load_description(path)
    return None
