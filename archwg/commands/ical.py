"""``archwg ical``: a meeting's schedule as an iCalendar file (``archwg.meetings.calendar``)."""

from __future__ import annotations

import click

from archwg.commands.common import command_config, repo_option, utc_now
from archwg.commands.meeting_options import meeting_description_options


@click.command("ical")
@meeting_description_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the calendar to this file (default: standard output).")
@repo_option
@click.pass_context
def ical(ctx: click.Context, meeting_id: str | None, meeting_file: str | None, output: str | None,
         repo: str | None) -> None:
    """A meeting's schedule as an iCalendar file."""
    from archwg.fileutil import atomic_write
    from archwg.meetings.calendar import meeting_calendar

    config = command_config(ctx, repo, required=False, meeting_file=meeting_file)
    text = meeting_calendar(config, meeting_id, utc_now())
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
