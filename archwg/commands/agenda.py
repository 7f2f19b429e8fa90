"""``archwg agenda``: the next meeting's agenda, from the description, the logs and the specs."""

from __future__ import annotations

import sys
from datetime import date
from itertools import chain
from pathlib import Path

import click

from archwg.commands.common import echo_warning, format_option, repo_option, repository_or_none
from archwg.commands.meeting_options import INPUT_FORMATS, default_meeting_id
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

    The meeting is the first on or after --date (default today); on the day
    of a meeting whose log is in, the next one. Previous meeting action items are the
    open items carried over the LOGs (default: meetings/logs/<ID>/ of the
    repository) before that day;
    proposals and workstreams come from the repository's specs.
    """
    from datetime import datetime, timezone

    from archwg.commands.carry import carry_described
    from archwg.meetings.agenda import build_agenda, render

    root = repository_or_none(ctx, repo)
    description = described_meeting(root, meeting_id, meeting_file)
    asked = agenda_date.date() if agenda_date else datetime.now(timezone.utc).date()
    series = series_meetings(
        root, description, logs,
        input_format=None if input_format == "auto" else input_format,
        log_date=log_date.date() if log_date else None,
    )
    meeting_day = agenda_day(description, asked, {meeting.date for meeting in series})
    # An agenda reviews what was open before its meeting, not what came later.
    held_before = [meeting for meeting in series if meeting.date < meeting_day]
    open_items = ()
    if held_before:
        report = carry_described(held_before, description)
        for warning in report.warnings:
            echo_warning(warning)
        open_items = report.open
    specs = agenda_specs(root) if root is not None else ()
    click.echo(render(build_agenda(description, meeting_day, open_items, specs), output_format), nl=False)


def agenda_day(description, asked: date, held_days: set[date]) -> date:
    """The day of the meeting the agenda is for: the first on or after *asked*, unless that is
    *asked* itself and its log is already in (run after the meeting, the chair wants the next one's).

    An earlier *asked* day gives that day's meeting even when its log is in: the agenda as it was.
    """
    from archwg.meetings.schedule import next_occurrence, occurrence_after

    occurrence = next_occurrence(description, asked)
    if occurrence is not None and occurrence.date == asked and asked in held_days:
        occurrence = occurrence_after(description, occurrence)
    return occurrence.date if occurrence is not None else asked


def series_meetings(root, description, logs, input_format, log_date) -> list:
    """Every logged meeting of the described series, oldest first (none when it has not met yet)."""
    from archwg.meetings.series import select_series
    from archwg.meetings.load import read_meetings

    sources = tuple(logs)
    if not sources:
        if root is None:
            raise UsageError("no LOG given and not inside a spec repository: name the log files to read")
        folder = root / "meetings" / "logs" / description.meeting_id
        if not folder.is_dir():
            return []
        sources = (str(folder),)
    meetings = iter(read_meetings(sources, input_format, log_date, warn=echo_warning,
                                  progress=sys.stderr.isatty(), detail="actions"))
    first = next(meetings, None)
    if first is None:
        if logs:
            raise BadInput(f"no meeting found in {', '.join(logs)}")
        return []  # the series' own folder holds no meeting yet
    return select_series(chain([first], meetings), description.meeting_id, warn=echo_warning)


def agenda_specs(root: Path):
    from archwg.meetings.agenda import AgendaSpec
    from archwg.specs.store import load_specs

    return tuple(
        AgendaSpec(slug=spec.slug, champions=spec.champions, status=spec.status or "", reviews=spec.reviews)
        for spec in load_specs(root)
    )
