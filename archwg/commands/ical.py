"""``archwg ical``: a meeting's schedule as an iCalendar file (``archwg.meetings.calendar``)."""

from __future__ import annotations

import click

from archwg.commands.common import command_config, output_option, repo_option, write_output
from archwg.commands.meeting_options import meeting_description_options


@click.command("ical")
@meeting_description_options
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="DATE",
              help="The calendar's first day (default: the schedule's start_date).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="DATE",
              help="The calendar's last day (default: none, the meetings go on).")
@output_option
@repo_option
@click.pass_context
def ical(ctx: click.Context, meeting_id: str | None, meeting_file: str | None, start, until, output: str | None,
         repo: str | None) -> None:
    """A meeting's schedule as an iCalendar file.

    The same description and dates always give the same file, whatever day
    it runs: it covers --from (default: the schedule's start_date) to --until
    (default: open-ended).
    """
    from archwg.meetings.calendar import meeting_calendar

    config = command_config(ctx, repo, required=False, meeting_file=meeting_file)
    text = meeting_calendar(config, meeting_id, start.date() if start else None, until.date() if until else None)
    write_output(text, output)
