"""``archwg agenda``: the next meeting's agenda, from the description, the logs and the specs."""

from __future__ import annotations

import click

from archwg.commands.common import (
    echo_notices,
    echo_warnings,
    format_option,
    json_text,
    output_option,
    utc_now,
    write_output,
)
from archwg.commands.meeting_options import meeting_log_options


@click.command("agenda")
@meeting_log_options
@click.option("--for", "for_day", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="DATE",
              help="The agenda is for the first meeting on or after this day (default: today, UTC).")
@format_option("text", "wiki", "markdown", "json")
@output_option
def agenda(config, reading, for_day, output_format: str, output: str | None) -> None:
    """The next meeting's agenda in the group's shape.

    The meeting is the first on or after --for (default today); on the day
    of a meeting whose log is in, the next one. Previous meeting action items are the
    open items carried over the LOGs (default: meetings/logs/<ID>/ of the
    repository) before that day;
    proposals and workstreams come from the repository's specs.
    """
    from archwg.meetings.agenda import render
    from archwg.meetings.queries import plan_agenda

    now = utc_now()
    asked = for_day.date() if for_day else now.date()
    run = plan_agenda(config, asked, reading, now=now)
    echo_warnings(run.warnings)
    echo_notices(run.notices)
    if output_format == "json":
        from archwg.serialize import agenda_json

        write_output(json_text(agenda_json(run.agenda, run.warnings)), output)
    else:
        write_output(render(run.agenda, output_format), output)
