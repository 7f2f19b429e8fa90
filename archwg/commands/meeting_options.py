"""Options shared by the meeting commands (carry-actions, actions, minutes, agenda, ical).

They work on plain files anywhere; inside a spec repository the core also
finds the meeting's description file and defaults to the group's own logs
under ``meetings/logs/<meeting_id>/``. ``--date`` means one thing in every
command that reads logs: the date of a log that carries none.
"""

from __future__ import annotations

import sys
from functools import wraps
from typing import TYPE_CHECKING, Callable

import click

from archwg.commands.common import command_config, make_console, repo_option

if TYPE_CHECKING:
    from archwg.meetings.series import Reading

INPUT_FORMATS = ("auto", "log-txt", "log-html", "minutes-txt", "minutes-html", "run-together", "irssi", "weechat")


def meeting_description_options(command: Callable) -> Callable:
    """--meeting and --meeting-file."""
    command = click.option("--meeting-file", type=click.Path(dir_okay=False), default=None,
                           help="The meeting description file (default: meetings/<ID>.yaml of the repository).")(command)
    return click.option("--meeting", "meeting_id", default=None, metavar="ID",
                        help="The meeting series (default: the series of the newest log, "
                             "or the repository's one series).")(command)


def meeting_log_options(command: Callable) -> Callable:
    """LOG... plus --meeting, --meeting-file, --input-format, --date, --repo and --no-cache, handed to the
    command as the two values every series question takes: ``config`` (the run's Config, with --repo and
    --meeting-file) and ``reading`` (a ``Reading``)."""

    @wraps(command)
    def with_reading(*args, logs, meeting_id, meeting_file, input_format, log_date, repo, **kwargs):
        ctx = click.get_current_context()
        config = command_config(ctx, repo, required=False, meeting_file=meeting_file)
        return command(*args, config=config, reading=_reading(ctx, logs, meeting_id, input_format, log_date),
                       **kwargs)

    decorators = [
        click.argument("logs", nargs=-1, metavar="[LOG]..."),
        meeting_description_options,
        click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
                     help="Force the log format instead of detecting it."),
        click.option("--date", "log_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="The meeting date, for logs that carry none."),
        repo_option,
        click.option("--no-cache", is_flag=True, expose_value=False, callback=_remember_no_cache,
                     help="Neither read nor write the cache of logs read before."),
    ]
    for decorator in reversed(decorators):
        with_reading = decorator(with_reading)
    return with_reading


def _remember_no_cache(ctx: click.Context, _param, value: bool) -> None:
    # Kept out of the commands' signatures: _reading() hands it on.
    if value:
        ctx.meta["archwg.no_cache"] = True


def _reading(ctx: click.Context, logs: tuple[str, ...], meeting_id: str | None, input_format: str,
             log_date) -> Reading:
    """The options as the core's series questions take them."""
    from archwg.meetings.series import Reading

    return Reading(
        sources=tuple(logs),
        meeting_id=meeting_id,
        input_format=None if input_format == "auto" else input_format,
        log_date=log_date.date() if log_date else None,
        # A bar (on a terminal only) drawn by a Console that honours --color/--no-color and NO_COLOR.
        progress=make_console(stderr=True) if sys.stderr.isatty() else False,
        # The cache of logs read before (archwg.meetings.cache), unless --no-cache.
        cache=not ctx.meta.get("archwg.no_cache", False),
    )
