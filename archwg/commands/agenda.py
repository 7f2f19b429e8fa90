"""``archwg agenda``: the next meeting's agenda, from the description, the logs and the specs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from archwg.commands.common import format_option, repo_option, repository_or_none
from archwg.commands.meeting_options import INPUT_FORMATS, default_meeting_id, echo_warning
from archwg.errors import BadInput, UsageError


def described_meeting(root: Path | None, meeting_id: str | None, meeting_file: str | None):
    """The meeting description: --meeting-file, else the repository's meetings/<id>.yaml."""
    from archwg.meetings.description import load_description

    if meeting_file is not None:
        description = load_description(meeting_file)
        if meeting_id and meeting_id.lower() != description.meeting_id.lower():
            raise UsageError(
                f"--meeting {meeting_id} but {meeting_file} describes meeting {description.meeting_id}"
            )
        return description
    if root is None:
        raise UsageError(
            "not inside a spec repository: name the meeting description with --meeting-file PATH"
        )
    meeting_id = meeting_id or default_meeting_id(root)
    path = root / "meetings" / f"{meeting_id}.yaml"
    if not path.is_file():
        raise UsageError(f"no description of meeting {meeting_id!r}: write {path} or pass --meeting-file PATH")
    return load_description(path)


@click.command("agenda")
@click.argument("logs", nargs=-1, metavar="[LOG]...")
@click.option("--meeting", "meeting_id", default=None, metavar="ID",
              help="The meeting series (default: the repository's one series).")
@click.option("--meeting-file", type=click.Path(dir_okay=False), default=None,
              help="The meeting description file (default: meetings/<ID>.yaml of the repository).")
@click.option("--date", "agenda_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The agenda is for the first meeting on or after this day (default: today, UTC).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Force the log format instead of detecting it.")
@click.option("--log-date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The meeting date, for logs that carry none.")
@format_option("text", "wiki", "markdown")
@repo_option
@click.pass_context
def agenda(ctx: click.Context, logs: tuple[str, ...], meeting_id: str | None, meeting_file: str | None,
           agenda_date, input_format: str, log_date, output_format: str, repo: str | None) -> None:
    """The next meeting's agenda in the group's shape.

    Previous meeting action items are the open items carried over the LOGs
    (default: meetings/logs/<ID>/ of the repository) up to the meeting's day;
    proposals and workstreams come from the repository's specs.
    """
    from datetime import datetime, timezone

    from archwg.meetings.agenda import build_agenda, render
    from archwg.meetings.schedule import next_occurrence

    root = repository_or_none(ctx, repo)
    description = described_meeting(root, meeting_id, meeting_file)
    today = agenda_date.date() if agenda_date else datetime.now(timezone.utc).date()
    occurrence = next_occurrence(description, today)
    meeting_day = occurrence.date if occurrence else today

    open_items = previous_action_items(
        root, description, logs, meeting_day,
        input_format=None if input_format == "auto" else input_format,
        log_date=log_date.date() if log_date else None,
    )
    specs = agenda_specs(root) if root is not None else ()
    click.echo(render(build_agenda(description, today, open_items, specs), output_format), nl=False)


def previous_action_items(root, description, logs, meeting_day: date, input_format, log_date):
    """The open items carried over the series' meetings held up to *meeting_day*."""
    from itertools import chain

    from archwg.meetings.actions import carry, select_series
    from archwg.meetings.load import read_meetings

    sources = tuple(logs)
    if not sources:
        if root is None:
            raise UsageError("no LOG given and not inside a spec repository: name the log files to read")
        folder = root / "meetings" / "logs" / description.meeting_id
        if not folder.is_dir():
            return ()  # a series that has not met yet has no items to review
        sources = (str(folder),)
    meetings = iter(read_meetings(sources, input_format, log_date, warn=echo_warning, progress=True))
    first = next(meetings, None)
    if first is None:
        if logs:
            raise BadInput(f"no meeting found in {', '.join(logs)}")
        return ()  # the series' own folder holds no meeting yet
    series = select_series(chain([first], meetings), description.meeting_id, warn=echo_warning)
    # An agenda for a past day reviews what was open then, not what came later.
    series = [meeting for meeting in series if meeting.date <= meeting_day]
    report = carry(series, aliases=description.aliases, known_nicks=description.courtesy_ping)
    for warning in report.warnings:
        echo_warning(warning)
    return report.open


def agenda_specs(root: Path):
    from archwg.meetings.agenda import AgendaSpec
    from archwg.specs.store import load_specs

    return tuple(
        AgendaSpec(slug=spec.slug, champions=spec.champions, status=spec.status or "", reviews=spec.reviews)
        for spec in load_specs(root)
    )
